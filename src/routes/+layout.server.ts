import { config } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { hearsCrisisAlerts, waitsForHelp } from '$lib/server/groups/crisis';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals }) => {
	const { APP_NAME, QUICK_EXIT_URL } = config();
	const { actor } = locals;
	return {
		appName: APP_NAME,
		quickExitUrl: QUICK_EXIT_URL,
		viewer: actor.kind === 'account' ? { pseudonym: actor.pseudonym, role: actor.role } : null,
		// Facilitators and coordinators hear crisis alerts on every page.
		facilitates: await hearsCrisisAlerts(getDb(), actor),
		// A member who called for help hears on every page when someone answers.
		waitsForHelp: await waitsForHelp(getDb(), actor)
	};
};
