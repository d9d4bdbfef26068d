import type { Transaction } from 'kysely';
import type { DB } from '../db/schema';

/**
 * The group's next change number, for a new message or a changed one. Taken under the group row's
 * lock inside the writing transaction, so numbers commit in order and a syncing client that has
 * seen n has seen everything before n.
 */
export async function nextSeq(trx: Transaction<DB>, groupId: string): Promise<bigint> {
	return nextSeqs(trx, groupId, 1n);
}

/** `count` consecutive change numbers at once, for changes to many messages; returns the first. */
export async function nextSeqs(
	trx: Transaction<DB>,
	groupId: string,
	count: bigint
): Promise<bigint> {
	const row = await trx
		.updateTable('peer_group')
		.set((eb) => ({ last_seq: eb('last_seq', '+', count) }))
		.where('id', '=', groupId)
		.returning('last_seq')
		.executeTakeFirstOrThrow();
	return row.last_seq - count + 1n;
}
