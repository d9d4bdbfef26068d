import { config } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { crisisListening } from '$lib/server/groups/crisis';
import { standaloneScript } from '$lib/standalone-script-address';
import { getLocale } from '$lib/paraglide/runtime';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals }) => {
	const { APP_NAME, QUICK_EXIT_URL } = config();
	const { actor } = locals;
	const listening = await crisisListening(getDb(), actor);
	return {
		appName: APP_NAME,
		quickExitUrl: QUICK_EXIT_URL,
		viewer: actor.kind === 'account' ? { pseudonym: actor.pseudonym, role: actor.role } : null,
		// Facilitators and coordinators hear crisis alerts on every page.
		facilitates: listening.hearsAlerts,
		// A member who called for help hears on every page when someone answers.
		waitingCall: listening.waitingCall,
		// What shows both, on every page, whether or not the page has scripts of its own.
		liveNoticesScript: standaloneScript('live-notices', getLocale())
	};
};
