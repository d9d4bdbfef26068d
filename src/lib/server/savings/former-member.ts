import type { Transaction } from 'kysely';
import type { DB } from '../db/schema';

/**
 * The savings groups' part of deleting an account, inside the deletion's transaction. Each savings
 * membership stays, with no account and no name ("former member"), so the group's books still
 * balance: their shares, loans and every entry that names them stay in the ledger.
 */
export async function eraseSavingsMemberships(
	trx: Transaction<DB>,
	accountId: string,
	now: Date
): Promise<void> {
	await trx
		.updateTable('savings_member')
		.set({ account_id: null, name: null, name_key: null, erased_at: now })
		.where('account_id', '=', accountId)
		.execute();
}
