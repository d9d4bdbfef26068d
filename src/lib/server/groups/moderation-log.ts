import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';

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
	| 'poll_closed';

/** One line of the group's moderation log: who, what, to whom, why. Run inside the action's transaction. */
export async function recordModeration(
	trx: Kysely<DB>,
	entry: {
		groupId: string;
		actorId: string;
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
 * The log, newest first. Facilitators see who acted; members see what was done and why, not by
 * whom (a facilitator is not made a target for a decision).
 */
export async function listModerationLog(
	db: Kysely<DB>,
	groupId: string,
	options: { withActors: boolean; limit?: number }
) {
	const rows = await db
		.selectFrom('moderation_action')
		.leftJoin('account', 'account.id', 'moderation_action.actor_id')
		.leftJoin('group_member as subject', 'subject.id', 'moderation_action.subject_id')
		.select([
			'moderation_action.id',
			'moderation_action.action',
			'moderation_action.reason',
			'moderation_action.details',
			'moderation_action.created_at',
			'account.pseudonym as actor',
			'subject.display_name as subject'
		])
		.where('moderation_action.group_id', '=', groupId)
		.orderBy('moderation_action.created_at', 'desc')
		.limit(options.limit ?? 100)
		.execute();
	return rows.map((row) => ({ ...row, actor: options.withActors ? row.actor : null }));
}
