import { requireSignedIn } from '$lib/server/access/require';
import { getDb } from '$lib/server/db';
import { readModerationLog } from '$lib/server/groups/moderation-log';
import { formatDate } from '$lib/server/i18n/format';
import type { PageServerLoad } from './$types';

// A list to read: the page comes whole from the server, with no framework to fetch on a slow
// phone.
export const csr = false;

export const load: PageServerLoad = async ({ locals, params, url }) => {
	requireSignedIn(locals.actor, url);
	const { group, moderates, entries } = await readModerationLog(getDb(), locals.actor, params.id);
	return {
		group,
		me: { moderates },
		entries: entries.map(({ createdAt, ...entry }) => ({ ...entry, date: formatDate(createdAt) }))
	};
};
