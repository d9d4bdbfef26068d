import { sql, type Kysely, type Transaction } from 'kysely';
import type { FlagReason } from '$lib/groups/flag-reasons';
import type { Actor } from '../access/actor';
import { notFound, requireAccess } from '../access/require';
import { isUuid } from '../db/ids';
import type { DB, MessageStatus } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { broadcastMessage, reviewChanged } from './group-events';
import { loadGroup, resolveGroup, type GroupRef } from './group-access';
import { selectMessages } from './messages.queries';
import { fullView } from './message-view';
import { recordModeration } from './moderation-log';
import { notifyMember } from './notices';
import { nextSeq } from './sequence';
import { limitCircleWrite } from './write-limit';

/** Flags that hide a message until a facilitator has looked at it. */
export const FLAGS_TO_HOLD = 3;

export type ReviewDecision = 'approve' | 'hide' | 'delete';

const NEW_STATUS: Record<ReviewDecision, MessageStatus> = {
	approve: 'visible',
	hide: 'hidden',
	delete: 'deleted'
};

async function messageInGroup(trx: Transaction<DB>, groupId: string, messageId: unknown) {
	if (!isUuid(messageId)) notFound();
	const message = await trx
		.selectFrom('group_message')
		.innerJoin('group_member', 'group_member.id', 'group_message.author_id')
		.select([
			'group_message.id',
			'group_message.status',
			'group_message.held_reason',
			'group_message.flag_count',
			'group_message.author_id',
			'group_member.account_id as author_account_id'
		])
		.where('group_message.id', '=', messageId)
		.where('group_message.group_id', '=', groupId)
		.forUpdate()
		.executeTakeFirst();
	if (!message) notFound();
	return message;
}

/** Gives a message a new change number and tells everyone who may see it, after the commit. */
async function changeMessage(
	trx: Transaction<DB>,
	afterCommit: (effect: () => void) => void,
	groupId: string,
	message: { id: string; author_account_id: string | null },
	change: { status: MessageStatus; held_reason?: 'flags' | null; body?: string }
) {
	const rev = await nextSeq(trx, groupId);
	await trx
		.updateTable('group_message')
		.set({ ...change, rev })
		.where('id', '=', message.id)
		.execute();
	const view = fullView(
		await selectMessages(trx).where('message.id', '=', message.id).executeTakeFirstOrThrow()
	);
	afterCommit(() => broadcastMessage(groupId, view, message.author_account_id));
}

/**
 * A member tells the facilitators about a message. Flagging twice counts once; the third
 * member's flag holds the message until a facilitator decides. Reports count against the
 * member's write limits: a flood of them would bury the facilitators' queue.
 */
export async function flagMessage(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string,
	input: { messageId: string; reason: FlagReason },
	now: Date
): Promise<{ ok: true } | { ok: false; retryAfterS: number }> {
	return inTransaction(db, async (trx, afterCommit) => {
		const { membership, resource } = await loadGroup(trx, actor, groupId, { lock: true });
		requireAccess(actor, 'group:take-part', resource);
		const message = await messageInGroup(trx, groupId, input.messageId);
		// Members flag what they can see, and not their own words.
		if (message.status !== 'visible' || message.author_id === membership!.id) notFound();
		const allowance = await limitCircleWrite(
			trx,
			{
				accountId: actor.id,
				groupId,
				memberId: membership!.id,
				kind: 'report',
				moderates: membership!.role !== 'member'
			},
			now
		);
		if (!allowance.ok) return { ok: false, retryAfterS: allowance.retryAfterS };
		const inserted = await trx
			.insertInto('message_flag')
			.values({ message_id: message.id, flagger_id: membership!.id, reason: input.reason })
			.onConflict((oc) => oc.columns(['message_id', 'flagger_id']).doNothing())
			.executeTakeFirst();
		if (!inserted.numInsertedOrUpdatedRows) return { ok: true };
		afterCommit(() => reviewChanged(groupId));
		const flagCount = message.flag_count + 1;
		await trx
			.updateTable('group_message')
			.set({ flag_count: flagCount })
			.where('id', '=', message.id)
			.execute();
		if (flagCount >= FLAGS_TO_HOLD) {
			await changeMessage(trx, afterCommit, groupId, message, {
				status: 'held',
				held_reason: 'flags'
			});
		}
		return { ok: true };
	});
}

/**
 * A facilitator's decision on a held or flagged message, with a reason. Its open flags are closed
 * and each member who flagged it is told what came of it.
 */
export async function reviewMessage(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string,
	input: { messageId: string; decision: ReviewDecision; reason: string },
	now: Date
): Promise<void> {
	await inTransaction(db, async (trx, afterCommit) => {
		const { resource } = await loadGroup(trx, actor, groupId, { lock: true });
		requireAccess(actor, 'group:moderate', resource);
		const message = await messageInGroup(trx, groupId, input.messageId);
		// Words a facilitator deleted, or their author took back, are gone: nothing to decide.
		if (message.status === 'deleted' || message.status === 'withdrawn') notFound();
		const status = NEW_STATUS[input.decision];
		if (status !== message.status) {
			await changeMessage(trx, afterCommit, groupId, message, {
				status,
				held_reason: null,
				// A deleted message keeps no words: not in the database, not in a backup.
				...(status === 'deleted' ? { body: '' } : {})
			});
			if (message.status === 'held' && status === 'visible') {
				await trx
					.updateTable('group_member')
					.set((eb) => ({ approved_posts: eb('approved_posts', '+', 1) }))
					.where('id', '=', message.author_id)
					.execute();
			}
		}
		const flags = await trx
			.updateTable('message_flag')
			.set({ resolved_at: now, outcome: input.decision })
			.where('message_id', '=', message.id)
			.where('resolved_at', 'is', null)
			.returning('flagger_id')
			.execute();
		for (const flag of flags) {
			await notifyMember(trx, flag.flagger_id, { kind: 'flag_outcome', outcome: input.decision });
		}
		afterCommit(() => reviewChanged(groupId));
		await recordModeration(trx, {
			groupId,
			actorId: actor.id,
			action: input.decision,
			subjectId: message.author_id,
			messageId: message.id,
			reason: input.reason
		});
	});
}

/** Held messages and messages with open flags, oldest first, with the flags' reasons counted. */
export async function listReviewQueue(db: Kysely<DB>, actor: Actor, groupRef: GroupRef) {
	const { group, resource } = await resolveGroup(db, actor, groupRef);
	requireAccess(actor, 'group:moderate', resource);
	const rows = await selectMessages(db)
		.select((eb) =>
			eb
				.selectFrom('message_flag')
				.select(sql<FlagReason[]>`json_agg(message_flag.reason)`.as('reasons'))
				.whereRef('message_flag.message_id', '=', 'message.id')
				.where('message_flag.resolved_at', 'is', null)
				.as('open_flags')
		)
		.select('message.held_reason')
		.where('message.group_id', '=', group.id)
		.where((eb) =>
			eb.or([
				eb('message.status', '=', 'held'),
				eb.exists(
					eb
						.selectFrom('message_flag')
						.select('message_flag.id')
						.whereRef('message_flag.message_id', '=', 'message.id')
						.where('message_flag.resolved_at', 'is', null)
				)
			])
		)
		.orderBy('message.seq')
		.limit(100)
		.execute();
	return rows.map((row) => ({
		message: fullView(row),
		heldReason: row.held_reason,
		flags: row.open_flags ?? []
	}));
}
