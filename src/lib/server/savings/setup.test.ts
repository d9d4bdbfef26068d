import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, signedIn, uniquePseudonym } from '../../../../tests/helpers/factories';
import { createGroupMember, createTestGroup } from '../../../../tests/helpers/groups';
import { createTestSavingsGroup } from '../../../../tests/helpers/savings';
import type { DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import { defaultRules } from './savings-rules';
import { addSavingsMember, createSavingsGroup, MAX_MEMBERS, type NewSavingsGroup } from './setup';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

const newGroup = (changes: Partial<NewSavingsGroup> = {}): NewSavingsGroup => ({
	name: uniquePseudonym('savings'),
	meets: 'fortnightly',
	openBooks: true,
	practice: false,
	circleId: null,
	startsOn: '2026-02-01',
	rules: defaultRules('KHR', 4_000n),
	members: [],
	formKey: newFormKey(new Date()),
	...changes
});

describe('setting up a savings group', () => {
	it('a coordinator sets up a stand-alone group: first cycle, rules version 1, members numbered in order', async () => {
		const coordinator = await signedIn(db, await createAccount(db, { role: 'coordinator' }));
		const secretary = await createAccount(db);
		const result = await createSavingsGroup(
			db,
			coordinator,
			newGroup({
				members: [
					{ name: 'SreyMom', officer: 'secretary', pseudonym: secretary.pseudonym },
					{ name: 'Dara', officer: 'chair' },
					{ name: 'GrandmaKim', officer: null }
				]
			}),
			new Date()
		);
		expect(result).toMatchObject({ ok: true });
		const id = result.ok ? result.id : '';
		const members = await db
			.selectFrom('savings_member')
			.select(['name', 'book_number', 'officer', 'account_id', 'joined_on'])
			.where('group_id', '=', id)
			.orderBy('book_number')
			.execute();
		expect(members).toEqual([
			{
				name: 'SreyMom',
				book_number: 1,
				officer: 'secretary',
				account_id: secretary.id,
				joined_on: '2026-02-01'
			},
			{ name: 'Dara', book_number: 2, officer: 'chair', account_id: null, joined_on: '2026-02-01' },
			{
				name: 'GrandmaKim',
				book_number: 3,
				officer: null,
				account_id: null,
				joined_on: '2026-02-01'
			}
		]);
		const rules = await db
			.selectFrom('savings_rules as r')
			.innerJoin('savings_cycle as c', 'c.id', 'r.cycle_id')
			.select(['c.number', 'c.state', 'r.version', 'r.currency', 'r.share_price', 'r.cash_unit'])
			.where('c.group_id', '=', id)
			.execute();
		expect(rules).toEqual([
			{
				number: 1,
				state: 'open',
				version: 1,
				currency: 'KHR',
				share_price: 4_000n,
				cash_unit: 100n
			}
		]);
	});

	it('refuses, changing nothing: bad rules, a name that is a phone number, two alike, an unknown nickname, no officer who can record', async () => {
		const coordinator = await signedIn(db, await createAccount(db, { role: 'coordinator' }));
		const secretary = await createAccount(db);
		const withSecretary = {
			name: 'Lan',
			officer: 'secretary' as const,
			pseudonym: secretary.pseudonym
		};
		const cases: Array<[Partial<NewSavingsGroup>, object]> = [
			[
				{
					rules: { ...defaultRules('THB', 0n), rateBp: 2_500, maxShares: 0 },
					members: [withSecretary]
				},
				{
					problem: 'rules',
					fields: { sharePrice: 'out_of_range', rateBp: 'out_of_range', maxShares: 'below_minimum' }
				}
			],
			[
				{ members: [withSecretary, { name: '081 234 5678', officer: null }] },
				{ problem: 'member', index: 1, member: 'name_invalid' }
			],
			[
				{ members: [withSecretary, { name: 'LAN', officer: null }] },
				{ problem: 'member', index: 1, member: 'name_taken' }
			],
			[
				{ members: [{ name: 'Lan', officer: 'chair', pseudonym: 'nobody-has-this' }] },
				{ problem: 'member', index: 0, member: 'account_unknown' }
			],
			[
				{
					members: [
						{ name: 'Lan', officer: 'box_keeper', pseudonym: secretary.pseudonym },
						{ name: 'Dara', officer: 'chair' }
					]
				},
				{ problem: 'no_recorder' }
			],
			[
				{
					members: Array.from({ length: MAX_MEMBERS + 1 }, (_, i) => ({
						...withSecretary,
						name: `Member${i}`
					}))
				},
				{ problem: 'too_many_members' }
			]
		];
		for (const [changes, problem] of cases) {
			const name = uniquePseudonym('refused');
			const result = await createSavingsGroup(
				db,
				coordinator,
				newGroup({ ...changes, name }),
				new Date()
			);
			expect(result, JSON.stringify(problem)).toMatchObject({ ok: false, ...problem });
			expect(
				await db.selectFrom('savings_group').select('id').where('name', '=', name).execute()
			).toEqual([]);
		}
	});

	it('a circle’s facilitator starts one from the circle, appointing officers from its members by their circle names', async () => {
		const circle = await createTestGroup(db);
		const facilitator = await createGroupMember(db, circle.id, 'facilitator');
		const member = await createGroupMember(db, circle.id);
		const outsider = await createGroupMember(db, (await createTestGroup(db)).id);
		const input = (memberId: string) =>
			newGroup({
				circleId: circle.id,
				members: [{ name: '', officer: 'treasurer', circleMemberId: memberId }]
			});

		const result = await createSavingsGroup(db, facilitator, input(member.memberId), new Date());
		expect(result).toMatchObject({ ok: true });
		const [treasurer] = await db
			.selectFrom('savings_member')
			.select(['name', 'account_id', 'officer'])
			.where('group_id', '=', result.ok ? result.id : '')
			.execute();
		expect(treasurer).toEqual({
			name: member.displayName,
			account_id: member.id,
			officer: 'treasurer'
		});

		expect(
			await createSavingsGroup(db, facilitator, input(outsider.memberId), new Date())
		).toMatchObject({
			ok: false,
			member: 'not_in_circle'
		});
		// A plain member of the circle, or a coordinator without a circle, may not.
		await expect(
			createSavingsGroup(db, member, input(member.memberId), new Date())
		).rejects.toMatchObject({
			status: 404
		});
		await expect(
			createSavingsGroup(db, facilitator, newGroup({ members: [] }), new Date())
		).rejects.toMatchObject({ status: 404 });
	});

	it('the same form sent twice sets up one group', async () => {
		const coordinator = await signedIn(db, await createAccount(db, { role: 'coordinator' }));
		const secretary = await createAccount(db);
		const name = uniquePseudonym('twice');
		const input = newGroup({
			name,
			members: [{ name: 'Lan', officer: 'secretary', pseudonym: secretary.pseudonym }]
		});
		const [a, b] = await Promise.all([
			createSavingsGroup(db, coordinator, input, new Date()),
			createSavingsGroup(db, coordinator, input, new Date())
		]);
		expect(a).toEqual(b);
		expect(
			await db.selectFrom('savings_group').select('id').where('name', '=', name).execute()
		).toHaveLength(1);
	});
});

describe('adding members', () => {
	it('officers and staff add people without an account; book numbers follow on; names stay unique', async () => {
		const group = await createTestSavingsGroup(db);
		const add = (actor: Parameters<typeof addSavingsMember>[1], name: string) =>
			addSavingsMember(db, actor, group.id, { name, officer: null, joinedOn: '2026-03-01' });
		expect(await add(group.secretary, 'AuntieNoy')).toMatchObject({ ok: true });
		expect(await add(group.coordinator, 'UncleBao')).toMatchObject({ ok: true });
		expect(await add(group.secretary, 'auntienoy')).toEqual({ ok: false, problem: 'name_taken' });
		await expect(add(group.member, 'CousinVy')).rejects.toMatchObject({ status: 404 });
		const numbers = await db
			.selectFrom('savings_member')
			.select(['name', 'book_number'])
			.where('group_id', '=', group.id)
			.where('book_number', '>', 5)
			.orderBy('book_number')
			.execute();
		expect(numbers).toEqual([
			{ name: 'AuntieNoy', book_number: 6 },
			{ name: 'UncleBao', book_number: 7 }
		]);
	});

	it('never more than 30 active members', async () => {
		const group = await createTestSavingsGroup(db, { members: MAX_MEMBERS });
		expect(
			await addSavingsMember(db, group.secretary, group.id, {
				name: 'OneMore',
				officer: null,
				joinedOn: '2026-03-01'
			})
		).toEqual({ ok: false, problem: 'group_full' });
	});
});
