import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '../access/actor';
import { can } from '../access/policy';
import { requireAccess } from '../access/require';
import type { DB } from '../db/schema';
import { loadGroup } from './group-access';

export type ModerationActionKind =
	| 'approve'
	| 'hide'
	| 'delete'
	| 'warn'
	| 'mute'
	| 'unmute'
	| 'remove'
	| 'slow_mode'
	| 'pause'
	| 'resume'
	| 'admit'
	| 'decline'
	| 'role'
	| 'topic_removed'
	| 'poll_closed'
	| 'readmit'
	| 'rejoin_refused'
	| 'too_fast';

/** One line of the group's moderation log: who, what, to whom, why. Run inside the action's transaction. */
export async function recordModeration(
	trx: Transaction<DB>,
	entry: {
		groupId: string;
		/** Null when nobody decided: a removed member's code refused, say. */
		actorId: string | null;
		action: ModerationActionKind;
		subjectId?: string | null;
		messageId?: string | null;
		reason?: string;
		details?: Record<string, string | number | boolean>;
	}
): Promise<void> {
	await trx
		.insertInto('moderation_action')
		.values({
			group_id: entry.groupId,
			actor_id: entry.actorId,
			action: entry.action,
			subject_id: entry.subjectId ?? null,
			message_id: entry.messageId ?? null,
			reason: entry.reason?.trim() ?? '',
			details: JSON.stringify(entry.details ?? {})
		})
		.execute();
}

/**
 * Who a line may name to an ordinary member: a warning, a mute, a removal or a hidden message
 * named to the whole circle would shame the person and invite others to pile on. Joining the
 * circle and taking a role in it are the only decisions whose subject the circle needs to know.
 */
const NAMED_TO_MEMBERS: ReadonlySet<string> = new Set<ModerationActionKind>(['admit', 'role']);

/**
 * Lines about a removed person (their attempt to come back, a removal lifted) and a member's burst
 * of writes stopped by the limits: facilitators only.
 */
const FACILITATORS_ONLY: ModerationActionKind[] = ['rejoin_refused', 'readmit', 'too_fast'];

export interface ModerationLogEntry {
	id: string;
	action: ModerationActionKind;
	reason: string;
	createdAt: Date;
	/** The facilitator who decided: for facilitators and staff only. */
	actor: string | null;
	/** The member the decision is about, when the reader may know it. */
	subject: string | null;
	/** Whether the decision is about the reader. */
	aboutMe: boolean;
}

/**
 * The group's log, newest first, as the actor may read it. Facilitators and staff read everything.
 * Members read what was done and why, never by whom (a facilitator is not made a target for a
 * decision), and never whom a sanction fell on, except when it fell on them.
 */
export async function readModerationLog(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string,
	options: { limit?: number } = {}
): Promise<{
	group: { id: string; name: string };
	moderates: boolean;
	entries: ModerationLogEntry[];
}> {
	const { group, membership, resource } = await loadGroup(db, actor, groupId);
	requireAccess(actor, 'group:view', resource);
	const moderates = can(actor, 'group:moderate', resource);
	const rows = await db
		.selectFrom('moderation_action')
		.leftJoin('account', 'account.id', 'moderation_action.actor_id')
		.leftJoin('group_member as subject', 'subject.id', 'moderation_action.subject_id')
		.select([
			'moderation_action.id',
			'moderation_action.action',
			'moderation_action.reason',
			'moderation_action.created_at',
			'moderation_action.subject_id',
			'account.pseudonym as actor',
			'subject.display_name as subject'
		])
		.where('moderation_action.group_id', '=', group.id)
		.$if(!moderates, (query) =>
			query.where('moderation_action.action', 'not in', FACILITATORS_ONLY)
		)
		.orderBy('moderation_action.created_at', 'desc')
		.limit(options.limit ?? 100)
		.execute();
	const entries = rows.map((row) => {
		const aboutMe = membership !== null && row.subject_id === membership.id;
		return {
			id: row.id,
			action: row.action as ModerationActionKind,
			reason: row.reason,
			createdAt: row.created_at,
			actor: moderates ? row.actor : null,
			subject: moderates || aboutMe || NAMED_TO_MEMBERS.has(row.action) ? row.subject : null,
			aboutMe
		};
	});
	return { group: { id: group.id, name: group.name }, moderates, entries };
}
