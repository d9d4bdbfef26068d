import type { Kysely } from 'kysely';
import type { Actor } from '../access/actor';
import { requireAccess } from '../access/require';
import { listGroupInvitations } from '../accounts';
import type { DB } from '../db/schema';
import { countOpenAlerts } from './crisis';
import { loadGroup } from './group-access';
import { listMembersForModeration } from './member-moderation';
import { listReviewQueue } from './message-review';

/**
 * Everything a group's facilitators look over on its review page: held and flagged messages, the
 * members and those asking to join, unanswered calls for help, and the group's codes. The group is
 * looked up once and handed to each reader, which checks access on it again.
 */
export async function loadModerationOverview(db: Kysely<DB>, actor: Actor, groupId: string) {
	const context = await loadGroup(db, actor, groupId);
	requireAccess(actor, 'group:moderate', context.resource);
	const [queue, members, openAlerts, codes] = await Promise.all([
		listReviewQueue(db, actor, context),
		listMembersForModeration(db, actor, context),
		countOpenAlerts(db, actor, context),
		listGroupInvitations(db, actor, context)
	]);
	return { ...context, queue, members, openAlerts, codes };
}
