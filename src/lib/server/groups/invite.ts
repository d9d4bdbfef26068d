import type { Transaction } from 'kysely';
import type { DB } from '../db/schema';
import { suggestCircleName } from './name-suggestion';

/**
 * Invites an account into a group through a group-bound code: the membership waits for the member
 * to accept the group's agreement. Someone already in the group stays as they are, and so does
 * someone removed from it: only a facilitator lifts a removal.
 */
export async function inviteToGroup(
	trx: Transaction<DB>,
	groupId: string,
	account: { id: string }
): Promise<void> {
	await trx
		.insertInto('group_member')
		.values({
			group_id: groupId,
			account_id: account.id,
			status: 'invited',
			// A placeholder, never the login nickname: the member chooses a name when accepting the
			// agreement (the join page offers one in their language).
			display_name: suggestCircleName('en'),
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
