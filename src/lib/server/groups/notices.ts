import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema';

/** What a member is told about themselves in a group. */
export type Notice =
	| { kind: 'flag_outcome'; outcome: 'approve' | 'hide' | 'delete' }
	| { kind: 'warning'; reason: string };

export async function notifyMember(
	trx: Transaction<DB>,
	memberId: string,
	notice: Notice
): Promise<void> {
	const { kind, ...details } = notice;
	await trx
		.insertInto('member_notice')
		.values({ member_id: memberId, kind, details: JSON.stringify(details) })
		.execute();
}

/** A member's unread notices, oldest first; reading them marks them read. */
export async function takeNotices(db: Kysely<DB>, memberId: string, now: Date) {
	const rows = await db
		.updateTable('member_notice')
		.set({ read_at: now })
		.where('member_id', '=', memberId)
		.where('read_at', 'is', null)
		.returning(['id', 'kind', 'details', 'created_at'])
		.execute();
	return rows
		.sort((a, b) => a.created_at.getTime() - b.created_at.getTime())
		.map(
			(row) =>
				({ id: row.id, ...(row.details as object), kind: row.kind }) as Notice & { id: string }
		);
}
