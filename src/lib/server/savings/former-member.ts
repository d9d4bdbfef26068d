import type { Transaction } from 'kysely';
import type { DB } from '../db/schema';

/**
 * The savings groups' part of deleting an account, inside the deletion's transaction. Each savings
 * membership stays, with no account and no name ("former member"), so the group's books still
 * balance: their shares, loans and every entry that names them stay in the ledger. Their
 * notices go.
 */
export async function eraseSavingsMemberships(
	trx: Transaction<DB>,
	accountId: string,
	now: Date
): Promise<void> {
	// Their notices were theirs alone.
	await trx
		.deleteFrom('savings_notice')
		.where('member_id', 'in', (eb) =>
			eb.selectFrom('savings_member').select('id').where('account_id', '=', accountId)
		)
		.execute();
	await trx
		.updateTable('savings_member')
		.set({ account_id: null, name: null, name_key: null, erased_at: now })
		.where('account_id', '=', accountId)
		.execute();
}
