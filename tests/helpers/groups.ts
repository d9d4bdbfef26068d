import type { Kysely } from 'kysely';
import type { AccountActor } from '../../src/lib/server/access/actor';
import type { DB, GroupRole } from '../../src/lib/server/db/schema';
import { newFormKey } from '../../src/lib/server/forms/form-key';
import { displayName } from '../../src/lib/server/groups/display-name';
import { createGroup, type GroupSettings } from '../../src/lib/server/groups/groups';
import { createAccount, signedIn, uniquePseudonym } from './factories';

/** A group made by a new coordinator through the service; no messages are held unless asked. */
export async function createTestGroup(
	db: Kysely<DB>,
	settings: Partial<GroupSettings> = {}
): Promise<{ id: string; coordinator: AccountActor }> {
	const coordinator = await signedIn(db, await createAccount(db, { role: 'coordinator' }));
	const now = new Date();
	const { id } = await createGroup(
		db,
		coordinator,
		{
			formKey: newFormKey(now),
			name: uniquePseudonym('group'),
			description: '',
			language: 'en',
			sizeCap: 12,
			joinRule: 'invitation',
			agreement: 'Be kind. What is said here stays here.',
			holdFirstPosts: 0,
			...settings
		},
		now
	);
	return { id, coordinator };
}

/** A new account, signed in, active in the group with the given role. */
export async function createGroupMember(
	db: Kysely<DB>,
	groupId: string,
	role: GroupRole = 'member'
): Promise<AccountActor & { token: string; memberId: string; displayName: string }> {
	const account = await createAccount(db);
	const actor = await signedIn(db, account);
	const name = displayName(account.pseudonym);
	const { id } = await db
		.insertInto('group_member')
		.values({
			group_id: groupId,
			account_id: account.id,
			role,
			status: 'active',
			display_name: name.name,
			display_name_key: name.key,
			agreement_accepted_at: new Date(),
			joined_at: new Date()
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return { ...actor, memberId: id, displayName: name.name };
}
