import { sql, type Transaction } from 'kysely';
import type { DB } from '../db/schema';
import type { AfterCommit } from '../db/transaction';
import { broadcastMessage, reviewChanged } from './group-events';
import { fullView } from './message-view';
import { selectMessages } from './messages.queries';
import { nextSeqs } from './sequence';

/**
 * What a member who deletes their account chooses for their messages: take their words away
 * (each message keeps its place, "removed by its author"), or leave them to the group under
 * "former member".
 */
export type WordsOnDeletion = 'erase' | 'keep';

/**
 * The groups' part of deleting an account, inside the deletion's transaction. Each membership
 * stays as a former member, with no account and no name, so that what the group shares and
 * hangs on it stays: votes, flags, topics, the moderation log, and (unless the member takes
 * them away) their messages. What was about the person only goes: their notices, the
 * facilitators' notes about them, their private conversation with the facilitators and their
 * calls for help.
 */
export async function eraseMemberships(
	trx: Transaction<DB>,
	afterCommit: AfterCommit,
	accountId: string,
	words: WordsOnDeletion
): Promise<void> {
	const memberships = await trx
		.selectFrom('group_member')
		.select(['id', 'group_id'])
		.where('account_id', '=', accountId)
		.execute();
	if (memberships.length === 0) return;
	const ids = memberships.map((membership) => membership.id);
	const groupIds = memberships.map((membership) => membership.group_id);
	// Group rows first, in one order: every write to a group takes its row before the member's,
	// so a message sent from another phone meanwhile waits here rather than deadlocking.
	await trx
		.selectFrom('peer_group')
		.select('id')
		.where('id', 'in', groupIds)
		.orderBy('id')
		.forUpdate()
		.execute();

	await trx.deleteFrom('member_notice').where('member_id', 'in', ids).execute();
	await trx.deleteFrom('member_note').where('subject_id', 'in', ids).execute();
	await trx.deleteFrom('support_message').where('member_id', 'in', ids).execute();
	await trx.deleteFrom('crisis_alert').where('member_id', 'in', ids).execute();
	await trx
		.updateTable('group_member')
		.set({
			status: 'erased',
			account_id: null,
			display_name: null,
			display_name_key: '',
			role: 'member',
			muted_until: null,
			mute_reason: null,
			// When they last looked is about the person too.
			topics_seen_at: null,
			help_seen_at: null
		})
		.where('id', 'in', ids)
		.execute();

	if (words === 'erase') {
		for (const membership of memberships) await withdrawMessages(trx, afterCommit, membership);
	}
}

/**
 * Every message of the membership that still has words loses them ('withdrawn'), each under a new
 * change number of its group, so open phones (after the commit) and phones catching up later both
 * learn of it. Open flags on them are closed: there is nothing left to decide.
 */
async function withdrawMessages(
	trx: Transaction<DB>,
	afterCommit: AfterCommit,
	membership: { id: string; group_id: string }
): Promise<void> {
	const messages = await trx
		.selectFrom('group_message')
		.select('id')
		.where('author_id', '=', membership.id)
		.where('status', 'not in', ['deleted', 'withdrawn'])
		.execute();
	if (messages.length === 0) return;
	const ids = messages.map((message) => message.id);
	const first = await nextSeqs(trx, membership.group_id, BigInt(ids.length));
	await trx
		.updateTable('group_message as message')
		.from(
			trx
				.selectFrom('group_message')
				.select(['id', sql<bigint>`row_number() over (order by seq)`.as('n')])
				.where('id', 'in', ids)
				.as('numbered')
		)
		.set({
			status: 'withdrawn',
			// Gone from the database and from every later backup.
			body: '',
			held_reason: null,
			rev: sql<bigint>`${first - 1n}::int8 + numbered.n`
		})
		.whereRef('message.id', '=', 'numbered.id')
		.execute();
	await trx
		.updateTable('message_flag')
		.set({ resolved_at: sql`now()`, outcome: 'withdrawn' })
		.where('message_id', 'in', ids)
		.where('resolved_at', 'is', null)
		.execute();

	const views = (
		await selectMessages(trx).where('message.id', 'in', ids).orderBy('message.rev').execute()
	).map(fullView);
	afterCommit(() => {
		for (const view of views) broadcastMessage(membership.group_id, view, null);
		// Held or reported words that are gone leave the facilitators' list.
		reviewChanged(membership.group_id);
	});
}
