import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, signedIn, uniquePseudonym } from '../../../../tests/helpers/factories';
import { createGroupMember, createTestGroup } from '../../../../tests/helpers/groups';
import { createTestSavingsGroup, meetingSheet } from '../../../../tests/helpers/savings';
import { ANONYMOUS } from '../access/actor';
import type { DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import { recordMeeting } from './meeting';
import {
	listAllSavingsGroups,
	listCirclesToStartFrom,
	listOwnSavingsGroups,
	listSavingsOffers
} from './my-groups';
import { defaultRules } from './savings-rules';
import { createSavingsGroup } from './setup';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

describe('the savings groups a member is in', () => {
	it('lists their groups with their own savings in the current cycle, never another group', async () => {
		const group = await createTestSavingsGroup(db, { practice: true });
		const other = await createTestSavingsGroup(db);
		const now = new Date();
		const recorded = await recordMeeting(
			db,
			group.secretary,
			group.id,
			meetingSheet(
				group.memberIds,
				'2026-01-13',
				{ rows: { [group.member.memberId]: { shares: 3 } } },
				{ loanBox: 35_000n, socialBox: 0n }
			),
			{ formKey: newFormKey(now), now, today: '2026-01-13' }
		);
		expect(recorded).toMatchObject({ ok: true });

		const mine = await listOwnSavingsGroups(db, group.member);
		expect(mine).toEqual([
			{
				id: group.id,
				name: expect.any(String),
				practice: true,
				active: true,
				savings: { amount: 15_000n, currency: 'THB' }
			}
		]);
		expect((await listOwnSavingsGroups(db, other.member)).map((g) => g.id)).toEqual([other.id]);
		// Staff set groups up; they are in none of them.
		expect(await listOwnSavingsGroups(db, group.coordinator)).toEqual([]);
		await expect(listOwnSavingsGroups(db, ANONYMOUS)).rejects.toMatchObject({ status: 404 });
	});

	it('shows a group with nothing recorded yet as no savings so far', async () => {
		const group = await createTestSavingsGroup(db);
		expect(await listOwnSavingsGroups(db, group.secretary)).toMatchObject([
			{ id: group.id, savings: { amount: 0n, currency: 'THB' } }
		]);
	});
});

describe('groups offered to a circle', () => {
	it('offers a circle’s group to its active members until they join; never to anyone else', async () => {
		const circle = await createTestGroup(db);
		const facilitator = await createGroupMember(db, circle.id, 'facilitator');
		const member = await createGroupMember(db, circle.id);
		const outsider = await createGroupMember(db, (await createTestGroup(db)).id);
		const now = new Date();
		const created = await createSavingsGroup(
			db,
			facilitator,
			{
				name: uniquePseudonym('offered'),
				meets: 'monthly',
				openBooks: true,
				practice: false,
				circleId: circle.id,
				startsOn: '2026-02-01',
				rules: defaultRules('LAK', 10_000n),
				members: [{ name: '', officer: 'treasurer', circleMemberId: facilitator.memberId }],
				formKey: newFormKey(now)
			},
			now
		);
		if (!created.ok) throw new Error('refused');

		expect(await listSavingsOffers(db, member)).toEqual([
			{ id: created.id, name: expect.any(String), practice: false, circleName: expect.any(String) }
		]);
		// The treasurer is in it already; someone of another circle is not offered it.
		expect(await listSavingsOffers(db, facilitator)).toEqual([]);
		expect(await listSavingsOffers(db, outsider)).toEqual([]);
		expect(await listOwnSavingsGroups(db, outsider)).toEqual([]);

		await db
			.insertInto('savings_member')
			.values({
				group_id: created.id,
				account_id: member.id,
				name: member.displayName,
				name_key: member.displayName.toLowerCase(),
				book_number: 2,
				joined_on: '2026-02-01'
			})
			.execute();
		expect(await listSavingsOffers(db, member)).toEqual([]);
	});

	it('lists the circles a facilitator may start a group from, not a plain member’s', async () => {
		const circle = await createTestGroup(db);
		const facilitator = await createGroupMember(db, circle.id, 'facilitator');
		const member = await createGroupMember(db, circle.id);
		expect(await listCirclesToStartFrom(db, facilitator)).toEqual([
			{ id: circle.id, name: expect.any(String) }
		]);
		expect(await listCirclesToStartFrom(db, member)).toEqual([]);
	});
});

describe('every group, for staff', () => {
	it('lists every group with its number of members for coordinators; a member gets a 404', async () => {
		const group = await createTestSavingsGroup(db, { members: 6 });
		const coordinator = await signedIn(db, await createAccount(db, { role: 'coordinator' }));
		const all = await listAllSavingsGroups(db, coordinator);
		expect(all.find((g) => g.id === group.id)).toEqual({
			id: group.id,
			name: expect.any(String),
			practice: false,
			members: 6,
			circleName: null
		});
		await expect(listAllSavingsGroups(db, group.secretary)).rejects.toMatchObject({
			status: 404
		});
	});
});
