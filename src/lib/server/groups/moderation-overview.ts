import type { Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Actor } from '../access/actor';
import { requireAccess } from '../access/require';
import { groupInvitations } from '../accounts';
import type { DB } from '../db/schema';
import { openAlertCount } from './crisis';
import { loadGroup } from './group-access';
import { listMembersForModeration } from './member-moderation';
import { listReviewQueue } from './message-review';

/**
 * Everything a group's facilitators look over on its review page: held and flagged messages, the
 * members and those asking to join, unanswered calls for help, and the group's codes. The group is
 * looked up once and handed to each reader, which checks access on it again; the two small reads
 * (how many calls wait, and the codes) go in one statement after this function's own check.
 */
export async function loadModerationOverview(db: Kysely<DB>, actor: Actor, groupId: string) {
	const context = await loadGroup(db, actor, groupId);
	requireAccess(actor, 'group:moderate', context.resource);
	const [queue, members, small] = await Promise.all([
		listReviewQueue(db, actor, context),
		listMembersForModeration(db, actor, context),
		db
			.selectNoFrom([
				openAlertCount(db, context.group.id).as('openAlerts'),
				jsonArrayFrom(groupInvitations(db, context.group.id)).as('codes')
			])
			.executeTakeFirstOrThrow()
	]);
	// A number, and times as Dates (JSON carries them as text).
	const openAlerts = Number(small.openAlerts);
	const codes = small.codes.map((code) => ({
		...code,
		expires_at: new Date(code.expires_at),
		revoked_at: code.revoked_at === null ? null : new Date(code.revoked_at)
	}));
	return { ...context, queue, members, openAlerts, codes };
}
