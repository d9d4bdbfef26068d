import type { Transaction } from 'kysely';
import type { DB } from '../db/schema';

/**
 * Invites an account into a group through a group-bound code: the membership waits for the member
 * to accept the group's agreement. Someone already in the group stays as they are, and so does
 * someone removed from it: only a facilitator lifts a removal.
 */
export async function inviteToGroup(
	trx: Transaction<DB>,
	groupId: string,
	account: { id: string; pseudonym: string }
): Promise<void> {
	await trx
		.insertInto('group_member')
		.values({
			group_id: groupId,
			account_id: account.id,
			status: 'invited',
			// Not yet unique: the member confirms a name when accepting the agreement.
			display_name: account.pseudonym,
			display_name_key: ''
		})
		.onConflict((oc) =>
			oc
				.columns(['group_id', 'account_id'])
				.doUpdateSet({ status: 'invited' })
				.where('group_member.status', 'in', ['left', 'requested'])
		)
		.execute();
}
