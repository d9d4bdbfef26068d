import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, signedIn } from '../../../../tests/helpers/factories';
import { createGroupMember, createTestGroup } from '../../../../tests/helpers/groups';
import type { AccountActor } from '../access/actor';
import { mayReadMessage } from '../access/groups';
import { can } from '../access/policy';
import { systemClock } from '../clock';
import type { DB, GroupRole, MembershipStatus, MessageStatus } from '../db/schema';
import { loadGroup } from './group-access';
import { listMessages, messagesChangedAfter, sendMessage } from './messages';

let db: Kysely<DB>;

beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

/** Every status a message can have: the type lists them, so a new one fails here until added. */
const EVERY_STATUS = Object.keys({
	visible: true,
	held: true,
	hidden: true,
	deleted: true,
	withdrawn: true
} satisfies Record<MessageStatus, true>) as MessageStatus[];

/** Each viewer's place in the group; coordinators and admins have none. */
const IN_GROUP: Record<string, { role: GroupRole; status: MembershipStatus }> = {
	requested: { role: 'member', status: 'requested' },
	left: { role: 'member', status: 'left' },
	removed: { role: 'member', status: 'removed' },
	member: { role: 'member', status: 'active' },
	coFacilitator: { role: 'co_facilitator', status: 'active' },
	facilitator: { role: 'facilitator', status: 'active' }
};

async function setStatus(messageId: string, status: MessageStatus) {
	await db.updateTable('group_message').set({ status }).where('id', '=', messageId).execute();
}

/**
 * A group holding a message by someone else in every status, and a held message of each viewer's
 * own (written while they were active), with one viewer for every role.
 */
async function groupWithEveryMessage() {
	const group = await createTestGroup(db);
	const post = async (who: AccountActor, status: MessageStatus) => {
		const body = `${status} by ${who.pseudonym}`;
		const sent = await sendMessage(
			db,
			who,
			{ groupId: group.id, clientId: crypto.randomUUID(), body },
			systemClock
		);
		if (!sent.ok) throw new Error(sent.error);
		await setStatus(sent.message.id, status);
	};

	const someoneElse = await createGroupMember(db, group.id);
	for (const status of EVERY_STATUS) await post(someoneElse, status);

	const viewers: Record<string, AccountActor> = {
		outsider: await signedIn(db, await createAccount(db)),
		coordinator: await signedIn(db, await createAccount(db, { role: 'coordinator' })),
		admin: await signedIn(db, await createAccount(db, { role: 'admin' }))
	};
	for (const [who, place] of Object.entries(IN_GROUP)) {
		const viewer = await createGroupMember(db, group.id, place.role);
		await post(viewer, 'held');
		await db
			.updateTable('group_member')
			.set({ status: place.status })
			.where('id', '=', viewer.memberId)
			.execute();
		viewers[who] = viewer;
	}
	const messages = await db
		.selectFrom('group_message')
		.select(['id', 'seq', 'status', 'author_id as authorId'])
		.where('group_id', '=', group.id)
		.orderBy('seq')
		.execute();
	return { groupId: group.id, viewers, messages };
}

describe('the SQL that lists messages agrees with the access rules', () => {
	it('for every role, and a message in every status', async () => {
		const { groupId, viewers, messages } = await groupWithEveryMessage();
		expect(Object.keys(viewers)).toHaveLength(9);
		// Named by position and status, so that a disagreement reads as what it is.
		const names = new Map(
			messages.map((message) => [message.id, `${message.seq}:${message.status}`])
		);
		const named = (list: { id: string }[]) => list.map((message) => names.get(message.id));

		for (const [who, viewer] of Object.entries(viewers)) {
			const context = await loadGroup(db, viewer, groupId);
			const mine = context.membership?.id ?? null;
			const expected = named(
				messages.filter((message) => mayReadMessage(viewer, context.resource, mine, message))
			);

			if (!can(viewer, 'group:view', context.resource)) {
				expect([who, expected]).toEqual([who, []]);
				await expect(listMessages(db, viewer, groupId)).rejects.toMatchObject({ status: 404 });
				await expect(messagesChangedAfter(db, viewer, groupId, 0)).rejects.toMatchObject({
					status: 404
				});
				continue;
			}
			const page = await listMessages(db, viewer, groupId);
			expect([who, named(page.messages)]).toEqual([who, expected]);
			const synced = await messagesChangedAfter(db, viewer, groupId, 0);
			expect([who, named(synced.messages)]).toEqual([who, expected]);
		}
	});
});
