import { config } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { facilitatesAnyGroup } from '$lib/server/groups/crisis';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals }) => {
	const { APP_NAME, QUICK_EXIT_URL } = config();
	const { actor } = locals;
	return {
		appName: APP_NAME,
		quickExitUrl: QUICK_EXIT_URL,
		viewer: actor.kind === 'account' ? { pseudonym: actor.pseudonym, role: actor.role } : null,
		// Facilitators hear crisis alerts on every page.
		facilitates: actor.kind === 'account' && (await facilitatesAnyGroup(getDb(), actor))
	};
};
