import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import {
	createTestSavingsGroup,
	meetingSheet,
	type TestSavingsGroup
} from '../../../../tests/helpers/savings';
import type { Actor } from '../access/actor';
import type { DB, SavingsEntryKind } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import { readBooks } from './books';
import { correctEntry, type Correction } from './correction';
import { recordMeeting } from './meeting';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

/** A group whose member bought 5 shares (250 baht) at its first meeting, with a fine of 20 baht. */
async function groupWithAMistake() {
	const group = await createTestSavingsGroup(db);
	const sheet = meetingSheet(
		group.memberIds,
		'2026-01-06',
		{ rows: { [group.member.memberId]: { shares: 5, fineOther: 2_000n } } },
		{ loanBox: 45_000n + 2_000n, socialBox: 0n }
	);
	const recorded = await recordMeeting(db, group.secretary, group.id, sheet, {
		formKey: newFormKey(new Date()),
		now: new Date(),
		today: '2026-01-06'
	});
	if (!recorded.ok) throw new Error('meeting refused');
	return group;
}

const entryOf = (group: TestSavingsGroup, kind: SavingsEntryKind) =>
	db
		.selectFrom('savings_entry')
		.select('id')
		.where('group_id', '=', group.id)
		.where('member_id', '=', group.member.memberId)
		.where('kind', '=', kind)
		.where('reverses', 'is', null)
		.executeTakeFirstOrThrow();

const books = async (group: TestSavingsGroup) => {
	const cycle = await db
		.selectFrom('savings_cycle')
		.select('id')
		.where('group_id', '=', group.id)
		.executeTakeFirstOrThrow();
	return readBooks(db, cycle.id);
};

const correct = (
	group: TestSavingsGroup,
	correction: Omit<Correction, 'formKey'>,
	actor: Actor = group.secretary
) =>
	correctEntry(db, actor, group.id, { ...correction, formKey: newFormKey(new Date()) }, new Date());

describe('correcting an entry', () => {
	it('reverses it and records the right one beside it; every total follows; the original stays', async () => {
		const group = await groupWithAMistake();
		const shares = await entryOf(group, 'shares');
		const result = await correct(group, {
			entryId: shares.id,
			reason: 'She bought 2 shares, not 5',
			restated: { shares: 2 }
		});
		expect(result).toMatchObject({ ok: true });
		const after = await books(group);
		expect(after.members.get(group.member.memberId)).toEqual({ shares: 2, savings: 10_000n });
		expect(after.cash['loan:box']).toBe(47_000n - 15_000n);
		const rows = await db
			.selectFrom('savings_entry')
			.select(['id', 'shares', 'cash', 'reverses', 'note'])
			.where('group_id', '=', group.id)
			.where('member_id', '=', group.member.memberId)
			.where('kind', '=', 'shares')
			.orderBy('seq')
			.execute();
		expect(rows).toEqual([
			{ id: shares.id, shares: 5, cash: 25_000n, reverses: null, note: null },
			{
				id: result.ok ? result.reversalId : '',
				shares: -5,
				cash: -25_000n,
				reverses: shares.id,
				note: 'She bought 2 shares, not 5'
			},
			{
				id: result.ok ? result.restatedId : '',
				shares: 2,
				cash: 10_000n,
				reverses: null,
				note: null
			}
		]);
	});

	it('takes an entry away altogether, and restates an amount', async () => {
		const group = await groupWithAMistake();
		const fine = await entryOf(group, 'fine_other');
		expect(await correct(group, { entryId: fine.id, reason: 'No fine was agreed' })).toMatchObject({
			ok: true,
			restatedId: null
		});
		expect((await books(group)).cash['loan:box']).toBe(45_000n);
	});

	it('refuses, changing nothing: no reason, twice, a correction of a correction, a count where an amount goes', async () => {
		const group = await groupWithAMistake();
		const shares = await entryOf(group, 'shares');
		expect(await correct(group, { entryId: shares.id, reason: '  ' })).toEqual({
			ok: false,
			problem: 'reason_needed'
		});
		expect(
			await correct(group, { entryId: shares.id, reason: 'x', restated: { amount: 5n } })
		).toEqual({
			ok: false,
			problem: 'cannot_restate'
		});
		expect(
			await correct(group, { entryId: shares.id, reason: 'x', restated: { shares: 6 } })
		).toEqual({
			ok: false,
			problem: 'out_of_range'
		});
		const first = await correct(group, {
			entryId: shares.id,
			reason: 'two, not five',
			restated: { shares: 2 }
		});
		expect(await correct(group, { entryId: shares.id, reason: 'again' })).toEqual({
			ok: false,
			problem: 'already_corrected'
		});
		expect(
			await correct(group, { entryId: first.ok ? first.reversalId : '', reason: 'undo' })
		).toEqual({
			ok: false,
			problem: 'is_a_correction'
		});
		expect((await books(group)).members.get(group.member.memberId)).toEqual({
			shares: 2,
			savings: 10_000n
		});
	});

	it('never takes back a count that differed: the box held what it held', async () => {
		const group = await createTestSavingsGroup(db);
		const short = meetingSheet(
			group.memberIds,
			'2026-01-06',
			{},
			{ loanBox: 24_000n, socialBox: 0n }
		);
		await recordMeeting(db, group.secretary, group.id, short, {
			formKey: newFormKey(new Date()),
			now: new Date(),
			today: '2026-01-06'
		});
		const difference = await db
			.selectFrom('savings_entry')
			.select('id')
			.where('group_id', '=', group.id)
			.where('kind', '=', 'count_difference')
			.executeTakeFirstOrThrow();
		expect(await correct(group, { entryId: difference.id, reason: 'found it' })).toEqual({
			ok: false,
			problem: 'cannot_correct'
		});
	});

	it('never restates a repayment above what was owed at its meeting, so later meetings still work', async () => {
		const group = await createTestSavingsGroup(db, {
			rules: { chargeMethod: 'declining', rateBp: 500, maxShares: 10 }
		});
		const member = group.member.memberId;
		const everyone = (shares: number) =>
			Object.fromEntries(group.memberIds.map((id) => [id, { shares }]));
		const record = (heldOn: string, changes: Parameters<typeof meetingSheet>[2], loanBox: bigint) =>
			recordMeeting(
				db,
				group.secretary,
				group.id,
				meetingSheet(group.memberIds, heldOn, changes, { loanBox, socialBox: 0n }),
				{
					formKey: newFormKey(new Date()),
					now: new Date(),
					today: '2026-12-31'
				}
			);
		await record('2026-01-06', { rows: everyone(10) }, 250_000n);
		// 1,000 baht at 5% declining: 1,050 owed at once.
		const loan = {
			memberId: member,
			principal: 100_000n,
			termMonths: 3,
			purpose: '',
			guarantorIds: []
		};
		expect(
			await record('2026-01-13', { rows: everyone(1), loans: [loan] }, 175_000n)
		).toMatchObject({ ok: true });
		expect(
			await record(
				'2026-01-20',
				{ rows: { ...everyone(1), [member]: { repaid: 10_000n } } },
				210_000n
			)
		).toMatchObject({
			ok: true
		});
		// After the anniversary: 5% of 950 baht.
		expect(await record('2026-02-17', { rows: everyone(1) }, 235_000n)).toMatchObject({ ok: true });
		const repayment = await entryOf(group, 'repayment');
		// 1,060 baht is less than the 997.50 + 100 owed in all, but more than the 1,050 owed then.
		expect(
			await correct(group, { entryId: repayment.id, reason: 'x', restated: { amount: 106_000n } })
		).toEqual({
			ok: false,
			problem: 'owed_below_zero'
		});
		expect(
			await correct(group, {
				entryId: repayment.id,
				reason: 'it was 20',
				restated: { amount: 2_000n }
			})
		).toMatchObject({
			ok: true
		});
		expect(await record('2026-02-24', { rows: everyone(1) }, 227_000n + 25_000n)).toMatchObject({
			ok: true
		});
	});

	it('is for the group’s recording officers only: anyone else, and another group’s officer, get 404', async () => {
		const group = await groupWithAMistake();
		const other = await createTestSavingsGroup(db);
		const shares = await entryOf(group, 'shares');
		for (const actor of [group.member, group.coordinator, other.secretary]) {
			await expect(
				correct(group, { entryId: shares.id, reason: 'x' }, actor)
			).rejects.toMatchObject({ status: 404 });
		}
		// Through their own group, another group's entry does not exist.
		await expect(
			correctEntry(
				db,
				other.secretary,
				other.id,
				{ entryId: shares.id, reason: 'x', formKey: newFormKey(new Date()) },
				new Date()
			)
		).rejects.toMatchObject({ status: 404 });
	});
});
