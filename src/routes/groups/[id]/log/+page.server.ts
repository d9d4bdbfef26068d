import { can } from '$lib/server/access/policy';
import { requireAccess, requireSignedIn } from '$lib/server/access/require';
import { getDb } from '$lib/server/db';
import { loadGroup } from '$lib/server/groups/group-access';
import { listModerationLog } from '$lib/server/groups/moderation-log';
import { formatDate } from '$lib/server/i18n/format';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	requireSignedIn(locals.actor, url);
	const db = getDb();
	const { group, resource } = await loadGroup(db, locals.actor, params.id);
	requireAccess(locals.actor, 'group:view', resource);
	const moderates = can(locals.actor, 'group:moderate', resource);
	// Members read what was done and why; only facilitators read who did it.
	const entries = await listModerationLog(db, group.id, { withActors: moderates });
	return {
		group: { id: group.id, name: group.name },
		me: { moderates },
		entries: entries.map((entry) => ({
			id: entry.id,
			action: entry.action,
			reason: entry.reason,
			actor: entry.actor,
			subject: entry.subject,
			date: formatDate(entry.created_at)
		}))
	};
};
