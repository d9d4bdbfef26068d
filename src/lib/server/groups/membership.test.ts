import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import {
	createAccount,
	signedIn,
	uniqueAddress,
	uniquePseudonym
} from '../../../../tests/helpers/factories';
import { createGroupMember, createTestGroup } from '../../../../tests/helpers/groups';
import { createInvitation, revokeInvitation } from '../accounts/invitations';
import { signUp } from '../accounts/signup';
import { hashAddress } from '../accounts/throttle';
import { systemClock } from '../clock';
import type { DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import { listOpenGroups, listOwnGroups } from './groups';
import { loadModerationOverview } from './moderation-overview';
import {
	acceptInvitation,
	appointFacilitator,
	decideJoinRequest,
	joinWithCode,
	leaveGroup,
	renameInGroup,
	requestToJoin,
	setGroupRole
} from './membership';
import { listMembersForModeration, moderateMember } from './member-moderation';
import { listMessages } from './messages';
import { readModerationLog } from './moderation-log';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

const now = () => new Date();
const newMember = async () => signedIn(db, await createAccount(db));

async function status(groupId: string, accountId: string) {
	const row = await db
		.selectFrom('group_member')
		.select(['status', 'role', 'display_name'])
		.where('group_id', '=', groupId)
		.where('account_id', '=', accountId)
		.executeTakeFirst();
	return row ?? null;
}

describe('joining with a code', () => {
	it('a code bound to a group invites whoever signs up with it; they join by accepting the agreement', async () => {
		const group = await createTestGroup(db);
		const { code } = await createInvitation(
			db,
			group.coordinator,
			{ formKey: newFormKey(new Date()), maxUses: 1, expiresInDays: 1, groupId: group.id },
			systemClock
		);
		const pseudonym = uniquePseudonym();
		const signedUp = await signUp(
			db,
			{
				formKey: newFormKey(systemClock()),
				code,
				pseudonym,
				passphrase: 'a long quiet river',
				address: uniqueAddress()
			},
			systemClock
		);
		if (!signedUp.ok) throw new Error(JSON.stringify(signedUp.problems));
		expect(await status(group.id, signedUp.accountId)).toMatchObject({ status: 'invited' });
		const actor = {
			kind: 'account' as const,
			id: signedUp.accountId,
			pseudonym,
			role: 'member' as const,
			sessionId: signedUp.session.id
		};
		await expect(listMessages(db, actor, group.id)).rejects.toMatchObject({ status: 404 });

		expect(
			await acceptInvitation(db, actor, group.id, { displayName: 'Lotus', agree: false }, now())
		).toEqual({
			ok: false,
			field: 'agree',
			problem: 'required'
		});
		expect(
			await acceptInvitation(db, actor, group.id, { displayName: '0812345678', agree: true }, now())
		).toMatchObject({
			ok: false,
			field: 'displayName',
			problem: 'phone'
		});
		expect(await status(group.id, actor.id)).toMatchObject({ status: 'invited' });
		expect(
			await acceptInvitation(db, actor, group.id, { displayName: 'Lotus', agree: true }, now())
		).toEqual({ ok: true });
		expect(await status(group.id, actor.id)).toMatchObject({
			status: 'active',
			display_name: 'Lotus'
		});
		expect((await listOwnGroups(db, actor)).map((g) => g.id)).toEqual([group.id]);
	});

	it('a signed-in member can use a group code; a wrong code is refused and counted', async () => {
		const group = await createTestGroup(db);
		const { code } = await createInvitation(
			db,
			group.coordinator,
			{ formKey: newFormKey(new Date()), maxUses: 2, expiresInDays: 1, groupId: group.id },
			systemClock
		);
		const member = await newMember();
		const address = uniqueAddress();
		expect(await joinWithCode(db, member, { code: 'WRONG-CODE', address }, now())).toEqual({
			ok: false,
			problem: 'unknown'
		});
		expect(await joinWithCode(db, member, { code, address }, now())).toEqual({
			ok: true,
			groupId: group.id
		});
		// Invited under a placeholder, never the login nickname the circle would then learn.
		expect((await status(group.id, member.id))?.display_name).not.toBe(member.pseudonym);
		// Using it again while invited spends nothing.
		expect(await joinWithCode(db, member, { code, address }, now())).toEqual({
			ok: true,
			groupId: group.id
		});
		const invitation = await db
			.selectFrom('invitation')
			.select('use_count')
			.where('group_id', '=', group.id)
			.executeTakeFirstOrThrow();
		expect(invitation.use_count).toBe(1);
	});

	it('a removed member stays out whatever code they use; facilitators see the attempt, and only they lift the removal', async () => {
		const group = await createTestGroup(db);
		const facilitator = await createGroupMember(db, group.id, 'facilitator');
		const bystander = await createGroupMember(db, group.id);
		const removed = await createGroupMember(db, group.id);
		const removal = { kind: 'remove', reason: 'Asked members for their phone numbers' } as const;
		await moderateMember(db, facilitator, group.id, removed.memberId, removal, now());
		const { code } = await createInvitation(
			db,
			group.coordinator,
			{ formKey: newFormKey(new Date()), maxUses: 5, expiresInDays: 1, groupId: group.id },
			systemClock
		);
		const address = uniqueAddress();

		expect(await joinWithCode(db, removed, { code, address }, now())).toEqual({
			ok: false,
			problem: 'removed'
		});
		expect(await status(group.id, removed.id)).toMatchObject({ status: 'removed' });
		await expect(listMessages(db, removed, group.id)).rejects.toMatchObject({ status: 404 });
		const invitation = await db
			.selectFrom('invitation')
			.select('use_count')
			.where('group_id', '=', group.id)
			.executeTakeFirstOrThrow();
		expect(invitation.use_count).toBe(0);
		// Each try counts against the address, as a wrong code does: the log cannot be flooded.
		const failures = await db
			.selectFrom('auth_failure')
			.select((eb) => eb.fn.countAll<string>().as('count'))
			.where('address_hash', '=', hashAddress(address))
			.executeTakeFirstOrThrow();
		expect(Number(failures.count)).toBe(1);
		// Facilitators read the attempt, under the circle name, with nobody named as deciding it;
		// members read nothing of it.
		const seen = await readModerationLog(db, facilitator, group.id);
		expect(seen.entries[0]).toMatchObject({
			action: 'rejoin_refused',
			subject: removed.displayName,
			actor: null
		});
		const [attempt] = (await listMembersForModeration(db, facilitator, group.id)).filter(
			(member) => member.id === removed.memberId
		);
		expect(attempt.lastRejoinAttempt).toBeInstanceOf(Date);
		const read = await readModerationLog(db, bystander, group.id);
		expect(read.entries.map((entry) => entry.action)).toEqual(['remove']);

		// Neither the removed member nor another member can lift it; a facilitator can.
		const readmit = { kind: 'readmit', reason: '' } as const;
		for (const who of [removed, bystander]) {
			await expect(
				moderateMember(db, who, group.id, removed.memberId, readmit, now())
			).rejects.toMatchObject({ status: 404 });
		}
		expect(
			await moderateMember(db, facilitator, group.id, removed.memberId, readmit, now())
		).toEqual({ ok: true });
		expect(await status(group.id, removed.id)).toMatchObject({ status: 'left' });
		expect(await joinWithCode(db, removed, { code, address }, now())).toEqual({
			ok: true,
			groupId: group.id
		});
		expect(await status(group.id, removed.id)).toMatchObject({ status: 'invited' });
		// Only a removal can be lifted.
		await expect(
			moderateMember(db, facilitator, group.id, bystander.memberId, readmit, now())
		).rejects.toMatchObject({ status: 404 });
	});

	it('a facilitator can make a code for their own group only; a member cannot', async () => {
		const group = await createTestGroup(db);
		const other = await createTestGroup(db);
		const facilitator = await createGroupMember(db, group.id, 'facilitator');
		const member = await createGroupMember(db, group.id);
		const input = (groupId?: string) => ({
			formKey: newFormKey(new Date()),
			maxUses: 1,
			expiresInDays: 1,
			groupId
		});
		expect(
			(await createInvitation(db, facilitator, input(group.id), systemClock)).code
		).toBeTruthy();
		await expect(
			createInvitation(db, facilitator, input(other.id), systemClock)
		).rejects.toMatchObject({ status: 404 });
		await expect(createInvitation(db, facilitator, input(), systemClock)).rejects.toMatchObject({
			status: 404
		});
		await expect(createInvitation(db, member, input(group.id), systemClock)).rejects.toMatchObject({
			status: 404
		});
	});

	it('a facilitator lists and stops the codes into their group, and no other', async () => {
		const group = await createTestGroup(db);
		const other = await createTestGroup(db);
		const facilitator = await createGroupMember(db, group.id, 'facilitator');
		const member = await createGroupMember(db, group.id);
		const mine = await createInvitation(
			db,
			group.coordinator,
			{ formKey: newFormKey(new Date()), maxUses: 1, expiresInDays: 1, groupId: group.id },
			systemClock
		);
		const theirs = await createInvitation(
			db,
			other.coordinator,
			{ formKey: newFormKey(new Date()), maxUses: 1, expiresInDays: 1, groupId: other.id },
			systemClock
		);
		// The circle's codes, as its review page lists them.
		expect(
			(await loadModerationOverview(db, facilitator, group.id)).codes.map((code) => code.id)
		).toEqual([mine.id]);
		await expect(loadModerationOverview(db, member, group.id)).rejects.toMatchObject({
			status: 404
		});
		await expect(revokeInvitation(db, member, mine.id, systemClock)).rejects.toMatchObject({
			status: 404
		});
		await expect(revokeInvitation(db, facilitator, theirs.id, systemClock)).rejects.toMatchObject({
			status: 404
		});
		await revokeInvitation(db, facilitator, mine.id, systemClock);
		const joiner = await newMember();
		expect(
			await joinWithCode(db, joiner, { code: mine.code, address: uniqueAddress() }, now())
		).toEqual({
			ok: false,
			problem: 'expired'
		});
	});

	it('gives a name to one of two members choosing it at the same time; the other is told', async () => {
		const group = await createTestGroup(db);
		const invited = await Promise.all([newMember(), newMember()]);
		for (const actor of invited) {
			await db
				.insertInto('group_member')
				.values({
					group_id: group.id,
					account_id: actor.id,
					status: 'invited',
					display_name: 'placeholder',
					display_name_key: ''
				})
				.execute();
		}
		const results = await Promise.all(
			invited.map((actor) =>
				acceptInvitation(db, actor, group.id, { displayName: 'Jasmine', agree: true }, now())
			)
		);
		expect(results.filter((result) => result.ok)).toHaveLength(1);
		expect(results.find((result) => !result.ok)).toEqual({
			ok: false,
			field: 'displayName',
			problem: 'taken'
		});
	});

	it('never lets more people in than the size cap, even all at once', async () => {
		const group = await createTestGroup(db, { sizeCap: 3 });
		const invited = await Promise.all(Array.from({ length: 6 }, () => newMember()));
		for (const actor of invited) {
			await db
				.insertInto('group_member')
				.values({
					group_id: group.id,
					account_id: actor.id,
					status: 'invited',
					display_name: actor.pseudonym,
					display_name_key: ''
				})
				.execute();
		}
		const results = await Promise.all(
			invited.map((actor) =>
				acceptInvitation(db, actor, group.id, { displayName: actor.pseudonym, agree: true }, now())
			)
		);
		expect(results.filter((result) => result.ok)).toHaveLength(3);
		expect(results.filter((result) => !result.ok)).toEqual(
			Array.from({ length: 3 }, () => ({ ok: false, field: 'form', problem: 'full' }))
		);
	});
});

describe('asking to join', () => {
	it('a member asks, a facilitator admits; one declined may ask again; a removed one may not', async () => {
		const group = await createTestGroup(db, { joinRule: 'request' });
		const facilitator = await createGroupMember(db, group.id, 'facilitator');
		const asker = await newMember();
		expect((await listOpenGroups(db, asker)).map((g) => g.id)).toContain(group.id);
		expect(
			await requestToJoin(db, asker, group.id, { displayName: 'Orchid', agree: true }, now())
		).toEqual({ ok: true });
		const row = await db
			.selectFrom('group_member')
			.select('id')
			.where('account_id', '=', asker.id)
			.executeTakeFirstOrThrow();
		await expect(decideJoinRequest(db, asker, group.id, row.id, true, now())).rejects.toMatchObject(
			{ status: 404 }
		);
		expect(await decideJoinRequest(db, facilitator, group.id, row.id, false, now())).toEqual({
			ok: true
		});
		expect(await status(group.id, asker.id)).toMatchObject({ status: 'left' });
		expect(
			await requestToJoin(db, asker, group.id, { displayName: 'Orchid', agree: true }, now())
		).toEqual({ ok: true });
		expect(await decideJoinRequest(db, facilitator, group.id, row.id, true, now())).toEqual({
			ok: true
		});
		expect(await status(group.id, asker.id)).toMatchObject({ status: 'active' });
		await db
			.updateTable('group_member')
			.set({ status: 'removed' })
			.where('id', '=', row.id)
			.execute();
		await expect(
			requestToJoin(db, asker, group.id, { displayName: 'Orchid', agree: true }, now())
		).rejects.toMatchObject({ status: 404 });
	});

	it('is a 404 for a group that takes invitations only', async () => {
		const group = await createTestGroup(db, { joinRule: 'invitation' });
		const asker = await newMember();
		await expect(
			requestToJoin(db, asker, group.id, { displayName: 'Orchid', agree: true }, now())
		).rejects.toMatchObject({ status: 404 });
		expect((await listOpenGroups(db, asker)).map((g) => g.id)).not.toContain(group.id);
	});
});

describe('names, leaving and roles', () => {
	it('keeps names unique in a group, whatever their case', async () => {
		const group = await createTestGroup(db);
		const first = await createGroupMember(db, group.id);
		const second = await createGroupMember(db, group.id);
		expect(await renameInGroup(db, first, group.id, { displayName: 'Jasmine' })).toEqual({
			ok: true
		});
		expect(await renameInGroup(db, second, group.id, { displayName: 'JASMINE' })).toEqual({
			ok: false,
			field: 'displayName',
			problem: 'taken'
		});
	});

	it('lets a member leave at once; then the group is closed to them', async () => {
		const group = await createTestGroup(db);
		const member = await createGroupMember(db, group.id);
		await leaveGroup(db, member, group.id);
		expect(await status(group.id, member.id)).toMatchObject({ status: 'left' });
		await expect(listMessages(db, member, group.id)).rejects.toMatchObject({ status: 404 });
		await expect(leaveGroup(db, member, group.id)).rejects.toMatchObject({ status: 404 });
	});

	it('coordinators appoint facilitators and co-facilitators; facilitators and members cannot', async () => {
		const group = await createTestGroup(db);
		const facilitator = await createGroupMember(db, group.id, 'facilitator');
		const member = await createGroupMember(db, group.id);
		const future = await createAccount(db);
		for (const actor of [facilitator, member]) {
			await expect(
				appointFacilitator(db, actor, group.id, { pseudonym: future.pseudonym }, now())
			).rejects.toMatchObject({ status: 404 });
			await expect(
				setGroupRole(db, actor, group.id, member.memberId, 'co_facilitator')
			).rejects.toMatchObject({ status: 404 });
		}
		expect(
			await appointFacilitator(
				db,
				group.coordinator,
				group.id,
				{ pseudonym: 'nobody-' + uniquePseudonym() },
				now()
			)
		).toEqual({
			ok: false,
			problem: 'unknown'
		});
		expect(
			await appointFacilitator(
				db,
				group.coordinator,
				group.id,
				{ pseudonym: future.pseudonym },
				now()
			)
		).toEqual({ ok: true });
		expect(await status(group.id, future.id)).toMatchObject({
			status: 'active',
			role: 'facilitator'
		});
		await setGroupRole(db, group.coordinator, group.id, member.memberId, 'co_facilitator');
		expect(await status(group.id, member.id)).toMatchObject({ role: 'co_facilitator' });
	});
});
