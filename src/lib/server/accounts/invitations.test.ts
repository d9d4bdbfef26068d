import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock } from '../../../../tests/helpers/clock';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, signedIn } from '../../../../tests/helpers/factories';
import { createGroupMember, createTestGroup } from '../../../../tests/helpers/groups';
import type { AccountActor } from '../access/actor';
import type { Clock } from '../clock';
import type { DB } from '../db/schema';
import { FORM_KEY_LIFETIME_MS, newFormKey } from '../forms/form-key';
import { FormKeyExpiredError } from '../forms/repeat-safe';
import {
	createInvitation,
	InvitationLimitError,
	listMembersCircleCodes,
	MEMBER_CODE_LIMITS,
	revokeInvitation
} from './invitations';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

const codesBy = (accountId: string) =>
	db.selectFrom('invitation').select('id').where('issued_by', '=', accountId).execute();

describe('sending the same invitation form again', () => {
	it('issues one code, and the resend shows the same code', async () => {
		const clock = fakeClock();
		const coordinator = await signedIn(db, await createAccount(db, { role: 'coordinator' }));
		const input = { formKey: newFormKey(clock()), maxUses: 1, expiresInDays: 14 };
		const first = await createInvitation(db, coordinator, input, clock);
		expect(await createInvitation(db, coordinator, input, clock)).toEqual(first);
		expect(await codesBy(coordinator.id)).toEqual([{ id: first.id }]);
	});

	it('issues one code into a circle when both sends arrive at the same time', async () => {
		const clock = fakeClock();
		const group = await createTestGroup(db);
		const input = {
			formKey: newFormKey(clock()),
			maxUses: 3,
			expiresInDays: 14,
			groupId: group.id
		};
		const [first, second] = await Promise.all([
			createInvitation(db, group.coordinator, input, clock),
			createInvitation(db, group.coordinator, input, clock)
		]);
		expect(second).toEqual(first);
		expect(await codesBy(group.coordinator.id)).toEqual([{ id: first.id }]);
	});

	it('refuses a key past its lifetime, after the access check, and issues nothing', async () => {
		const clock = fakeClock();
		const input = { formKey: newFormKey(clock()), maxUses: 1, expiresInDays: 14 };
		clock.advance(FORM_KEY_LIFETIME_MS + 60_000);
		const member = await signedIn(db, await createAccount(db));
		await expect(createInvitation(db, member, input, clock)).rejects.toMatchObject({
			status: 404
		});
		const coordinator = await signedIn(db, await createAccount(db, { role: 'coordinator' }));
		await expect(createInvitation(db, coordinator, input, clock)).rejects.toBeInstanceOf(
			FormKeyExpiredError
		);
		expect(await codesBy(coordinator.id)).toEqual([]);
	});
});

describe('codes from a facilitator who is a member', () => {
	const make = (actor: AccountActor, groupId: string, clock: Clock, maxUses = 1) =>
		createInvitation(
			db,
			actor,
			{ formKey: newFormKey(clock()), maxUses, expiresInDays: 14, groupId },
			clock
		);

	it('let in a few people each, a few codes at once, and staff see them', async () => {
		const clock = fakeClock();
		const group = await createTestGroup(db);
		const facilitator = await createGroupMember(db, group.id, 'facilitator');
		await expect(
			make(facilitator, group.id, clock, MEMBER_CODE_LIMITS.maxUses + 1)
		).rejects.toMatchObject({ limit: 'uses' });
		const made: Array<{ id: string }> = [];
		for (let i = 0; i < MEMBER_CODE_LIMITS.open; i++)
			made.push(await make(facilitator, group.id, clock, MEMBER_CODE_LIMITS.maxUses));
		await expect(make(facilitator, group.id, clock)).rejects.toBeInstanceOf(InvitationLimitError);
		expect(await codesBy(facilitator.id)).toHaveLength(MEMBER_CODE_LIMITS.open);

		// A code stopped no longer counts; staff are not held to these limits.
		await revokeInvitation(db, group.coordinator, made[0].id, clock);
		await make(facilitator, group.id, clock);
		await make(group.coordinator, group.id, clock, 20);

		const seen = await listMembersCircleCodes(db, group.coordinator, clock());
		const mine = seen.filter((code) => code.issuedBy === facilitator.pseudonym);
		expect(mine).toHaveLength(MEMBER_CODE_LIMITS.open);
		expect(seen.some((code) => code.id === made[0].id)).toBe(false);
		await expect(listMembersCircleCodes(db, facilitator, clock())).rejects.toMatchObject({
			status: 404
		});
	});

	it('make no more than the limit when several forms arrive at once', async () => {
		const clock = fakeClock();
		const group = await createTestGroup(db);
		const facilitator = await createGroupMember(db, group.id, 'facilitator');
		const results = await Promise.allSettled(
			Array.from({ length: MEMBER_CODE_LIMITS.open + 3 }, () => make(facilitator, group.id, clock))
		);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(MEMBER_CODE_LIMITS.open);
		expect(await codesBy(facilitator.id)).toHaveLength(MEMBER_CODE_LIMITS.open);
	});
});
