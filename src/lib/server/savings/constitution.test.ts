import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createTestSavingsGroup, meetingSheet } from '../../../../tests/helpers/savings';
import type { DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import { changeSavingsRules } from './constitution';
import { recordMeeting } from './meeting';
import { defaultRules } from './savings-rules';
import { appointOfficer } from './setup';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

const THB = defaultRules('THB', 5_000n);
const change = (
	group: Awaited<ReturnType<typeof createTestSavingsGroup>>,
	rules = THB,
	reason = 'agreed at the meeting'
) =>
	changeSavingsRules(
		db,
		group.secretary,
		group.id,
		{ rules, reason, formKey: newFormKey(new Date()) },
		new Date()
	);

describe('changing the constitution', () => {
	it('adds a version with who and why; meetings after it run on it, the earlier versions stay', async () => {
		const group = await createTestSavingsGroup(db);
		expect(
			await change(group, { ...THB, maxShares: 10 }, 'More shares allowed from March')
		).toEqual({
			ok: true,
			version: 2
		});
		const versions = await db
			.selectFrom('savings_rules as r')
			.innerJoin('savings_cycle as c', 'c.id', 'r.cycle_id')
			.select(['r.version', 'r.max_shares', 'r.reason', 'r.changed_by'])
			.where('c.group_id', '=', group.id)
			.orderBy('r.version')
			.execute();
		expect(versions).toEqual([
			{ version: 1, max_shares: 5, reason: null, changed_by: null },
			{
				version: 2,
				max_shares: 10,
				reason: 'More shares allowed from March',
				changed_by: group.secretary.memberId
			}
		]);
		// Ten shares, refused under version 1, are now within the rules.
		const sheet = meetingSheet(
			group.memberIds,
			'2026-01-06',
			{ rows: { [group.member.memberId]: { shares: 10 } } },
			{
				loanBox: 70_000n,
				socialBox: 0n
			}
		);
		expect(
			await recordMeeting(db, group.secretary, group.id, sheet, {
				formKey: newFormKey(new Date()),
				now: new Date(),
				today: '2026-01-06'
			})
		).toMatchObject({ ok: true });
	});

	it('refuses, changing nothing: no reason, bad rules, no change, another currency once the books have records', async () => {
		const group = await createTestSavingsGroup(db);
		expect(await change(group, { ...THB, maxShares: 10 }, ' ')).toEqual({
			ok: false,
			problem: 'reason_needed'
		});
		expect(await change(group, { ...THB, rateBp: 50 })).toEqual({
			ok: false,
			problem: 'rules',
			fields: { rateBp: 'out_of_range' }
		});
		expect(await change(group, THB)).toEqual({ ok: false, problem: 'unchanged' });
		await recordMeeting(
			db,
			group.secretary,
			group.id,
			meetingSheet(group.memberIds, '2026-01-06', {}, { loanBox: 25_000n, socialBox: 0n }),
			{
				formKey: newFormKey(new Date()),
				now: new Date(),
				today: '2026-01-06'
			}
		);
		expect(await change(group, defaultRules('USD', 500n))).toEqual({
			ok: false,
			problem: 'currency_fixed'
		});
		await expect(
			changeSavingsRules(
				db,
				group.member,
				group.id,
				{ rules: { ...THB, maxShares: 9 }, reason: 'x', formKey: newFormKey(new Date()) },
				new Date()
			)
		).rejects.toMatchObject({ status: 404 });
	});
});

describe('officers', () => {
	it('are appointed by officers and staff; the last one who records with an account stays', async () => {
		const group = await createTestSavingsGroup(db);
		const [, member, third] = group.memberIds;
		expect(
			await appointOfficer(db, group.coordinator, group.id, {
				memberId: third,
				officer: 'box_keeper'
			})
		).toEqual({ ok: true });
		// The secretary is the only recorder with an account.
		expect(
			await appointOfficer(db, group.secretary, group.id, {
				memberId: group.secretary.memberId,
				officer: null
			})
		).toEqual({
			ok: false,
			problem: 'no_recorder'
		});
		expect(
			await appointOfficer(db, group.secretary, group.id, {
				memberId: member,
				officer: 'treasurer'
			})
		).toEqual({ ok: true });
		expect(
			await appointOfficer(db, group.secretary, group.id, {
				memberId: group.secretary.memberId,
				officer: null
			})
		).toEqual({ ok: true });
		await expect(
			appointOfficer(db, group.secretary, group.id, { memberId: member, officer: 'chair' })
		).rejects.toMatchObject({ status: 404 });
		expect(
			await appointOfficer(db, group.member, group.id, { memberId: 'nope', officer: 'chair' })
		).toEqual({
			ok: false,
			problem: 'not_member'
		});
		const officers = await db
			.selectFrom('savings_member')
			.select(['id', 'officer'])
			.where('group_id', '=', group.id)
			.where('officer', 'is not', null)
			.orderBy('book_number')
			.execute();
		expect(officers).toEqual([
			{ id: member, officer: 'treasurer' },
			{ id: third, officer: 'box_keeper' }
		]);
	});
});
