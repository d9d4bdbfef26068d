import { config } from '$lib/server/config';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => {
	const { APP_NAME, QUICK_EXIT_URL } = config();
	const { actor } = locals;
	return {
		appName: APP_NAME,
		quickExitUrl: QUICK_EXIT_URL,
		viewer: actor.kind === 'account' ? { pseudonym: actor.pseudonym, role: actor.role } : null
	};
};
