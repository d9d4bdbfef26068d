import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, signedIn } from '../../../../tests/helpers/factories';
import {
	createTestSavingsGroup,
	meetingSheet,
	type TestSavingsGroup
} from '../../../../tests/helpers/savings';
import type { Actor } from '../access/actor';
import type { DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import { readBooks } from './books';
import type { CalendarDate } from './calendar-date';
import { memberLeaves, type Leaving } from './leaving';
import { recordMeeting } from './meeting';
import type { MeetingSheet } from './meeting-plan';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

/** Records a meeting of the active members, the loan box counted at `loanBox`; its id. */
async function meet(
	group: TestSavingsGroup,
	memberIds: readonly string[],
	heldOn: CalendarDate,
	changes: Parameters<typeof meetingSheet>[2],
	loanBox: bigint
) {
	const result = await recordSheet(
		group,
		meetingSheet(memberIds, heldOn, changes, { loanBox, socialBox: 0n })
	);
	if (!result.ok) throw new Error(`meeting refused: ${JSON.stringify(result)}`);
	expect(result.summary.difference).toBe(0n);
	return result.summary.meetingId;
}

const recordSheet = (group: TestSavingsGroup, sheet: MeetingSheet) =>
	recordMeeting(db, group.secretary, group.id, sheet, {
		formKey: newFormKey(new Date()),
		now: new Date(),
		today: '2026-12-31'
	});

const leave = (
	group: TestSavingsGroup,
	leaving: Omit<Leaving, 'formKey'>,
	options: { actor?: Actor; formKey?: string } = {}
) =>
	memberLeaves(
		db,
		options.actor ?? group.secretary,
		group.id,
		{ ...leaving, formKey: options.formKey ?? newFormKey(new Date()) },
		new Date()
	);

const booksOf = async (group: TestSavingsGroup) => {
	const cycle = await db
		.selectFrom('savings_cycle')
		.select('id')
		.where('group_id', '=', group.id)
		.executeTakeFirstOrThrow();
	return readBooks(db, cycle.id);
};

/** The leaver's entries written after `afterSeq`: the meeting's own entries stay out. */
const entriesOf = (memberId: string, afterSeq: bigint) =>
	db
		.selectFrom('savings_entry')
		.select(['kind', 'fund', 'place', 'cash', 'owed', 'shares', 'savings', 'loan_id', 'note'])
		.where('member_id', '=', memberId)
		.where('seq', '>', afterSeq)
		.orderBy('seq')
		.execute();

const lastSeq = async (group: TestSavingsGroup) =>
	(
		await db
			.selectFrom('savings_entry')
			.select((eb) => eb.fn.max('seq').as('seq'))
			.where('group_id', '=', group.id)
			.executeTakeFirstOrThrow()
	).seq ?? 0n;

const entryCount = async (group: TestSavingsGroup) =>
	Number(
		(
			await db
				.selectFrom('savings_entry')
				.select((eb) => eb.fn.countAll<bigint>().as('n'))
				.where('group_id', '=', group.id)
				.executeTakeFirstOrThrow()
		).n
	);

const statusOf = (memberId: string) =>
	db
		.selectFrom('savings_member')
		.select(['status', 'left_on'])
		.where('id', '=', memberId)
		.executeTakeFirstOrThrow();

const everyone = (memberIds: readonly string[], shares: number) =>
	Object.fromEntries(memberIds.map((id) => [id, { shares }]));

const aLoan = (memberId: string, principal: bigint, termMonths: number) => ({
	memberId,
	principal,
	termMonths,
	purpose: 'stock',
	guarantorIds: []
});

/**
 * Six members (five must stay to meet) on the default rules: shares of 50 baht, 5% a month flat.
 * 6 January: 5 shares each, 1,500 baht in the box. 13 January: 1 share each (1,800 baht), and the
 * leaver borrows 200 baht for 2 months: 20 baht charged at issue, 220 owed, 1,600 in the box.
 * 20 January: 1 share each (1,900 baht), the leaver repays 20: 200 owed, 1,920 in the box, and
 * the leaver has 7 shares, 350 baht saved.
 */
async function groupWithALoan() {
	const group = await createTestSavingsGroup(db, { members: 6 });
	const leaver = group.memberIds[2];
	const ids = group.memberIds;
	await meet(group, ids, '2026-01-06', { rows: everyone(ids, 5) }, 150_000n);
	await meet(
		group,
		ids,
		'2026-01-13',
		{ rows: everyone(ids, 1), loans: [aLoan(leaver, 20_000n, 2)] },
		160_000n
	);
	const meetingId = await meet(
		group,
		ids,
		'2026-01-20',
		{ rows: { ...everyone(ids, 1), [leaver]: { shares: 1, repaid: 2_000n } } },
		192_000n
	);
	return { group, leaver, meetingId };
}

describe('a member leaving mid-cycle', () => {
	it('a mid-cycle leaver reconciles to the cash', async () => {
		const { group, leaver, meetingId } = await groupWithALoan();
		expect((await booksOf(group)).members.get(leaver)).toEqual({ shares: 7, savings: 35_000n });

		// 350 baht saved, 200 owed: the loan is repaid from the payout and 150 is handed over.
		const before = await lastSeq(group);
		expect(await leave(group, { memberId: leaver, meetingId })).toEqual({
			ok: true,
			paidOut: 15_000n
		});
		const loanId = (await booksOf(group)).loans[0].id;
		expect(await entriesOf(leaver, before)).toEqual([
			{
				kind: 'leaver_payout',
				fund: 'loan',
				place: 'box',
				cash: -35_000n,
				owed: 0n,
				shares: -7,
				savings: -35_000n,
				loan_id: null,
				note: null
			},
			{
				kind: 'repayment',
				fund: 'loan',
				place: 'box',
				cash: 20_000n,
				owed: -20_000n,
				shares: 0,
				savings: 0n,
				loan_id: loanId,
				note: null
			}
		]);
		const recorded = await db
			.selectFrom('savings_entry')
			.select(['recorded_by', 'currency'])
			.distinct()
			.where('meeting_id', '=', meetingId)
			.where('kind', 'in', ['leaver_payout', 'repayment'])
			.execute();
		expect(recorded).toEqual([{ recorded_by: group.secretary.memberId, currency: 'THB' }]);
		expect(await statusOf(leaver)).toEqual({ status: 'left', left_on: '2026-01-20' });

		const books = await booksOf(group);
		expect(books.cash['loan:box']).toBe(192_000n - 15_000n);
		expect(books.members.get(leaver)).toEqual({ shares: 0, savings: 0n });
		expect(books.loans.map((loan) => loan.owed)).toEqual([0n]);

		// The next meeting has a row for the five who stay, and none for the leaver; the box they
		// count holds 1,770 baht and 5 new shares: the books agree with it to the satang.
		const staying = group.memberIds.filter((id) => id !== leaver);
		const withLeaver = await recordSheet(
			group,
			meetingSheet(group.memberIds, '2026-01-27', {}, { loanBox: 202_000n, socialBox: 0n })
		);
		expect(withLeaver).toMatchObject({
			ok: false,
			issues: [{ path: 'rows.2', problem: 'unknown_member' }]
		});
		const next = await recordSheet(
			group,
			meetingSheet(staying, '2026-01-27', {}, { loanBox: 177_000n + 25_000n, socialBox: 0n })
		);
		expect(next).toMatchObject({ ok: true, summary: { difference: 0n } });
		expect((await booksOf(group)).cash['loan:box']).toBe(202_000n);
	});

	it('takes their share of the profit too when the constitution says so, in whole cash units as at share-out', async () => {
		const group = await createTestSavingsGroup(db, {
			members: 6,
			rules: { leaverTakes: 'savings_and_profit', cashUnit: 100n }
		});
		const ids = group.memberIds;
		const [, , leaver, borrower] = ids;
		// 6 January: the leaver buys 4 shares, the others 5: 29 shares, 1,450 baht.
		await meet(
			group,
			ids,
			'2026-01-06',
			{ rows: { ...everyone(ids, 5), [leaver]: { shares: 4 } } },
			145_000n
		);
		// 13 January: 1 share each (35 shares, 1,750 baht). The borrower takes 500 baht for 2 months
		// (50 charged, 550 owed), the leaver 100 for 1 month (5 charged, 105 owed): 1,150 in the box.
		const meetingId = await meet(
			group,
			ids,
			'2026-01-13',
			{
				rows: everyone(ids, 1),
				loans: [aLoan(borrower, 50_000n, 2), aLoan(leaver, 10_000n, 1)]
			},
			115_000n
		);

		// The fund is 1,150 + 550 + 105 = 1,805 baht over 35 shares. The leaver's 5 shares draw
		// 257.857 baht: 257 whole baht, and of the 3 baht left over after everyone's floor the
		// largest remainder (theirs, 6/7 against the others' 3/7) gets one: 258 baht. Their profit is
		// 258 - 250 saved = 8 baht (a plain floor would say 7); 105 owed comes off: 153 handed over.
		const before = await lastSeq(group);
		expect(await leave(group, { memberId: leaver, meetingId })).toEqual({
			ok: true,
			paidOut: 15_300n
		});
		const loanId = (await booksOf(group)).loans.find((loan) => loan.memberId === leaver)!.id;
		expect(await entriesOf(leaver, before)).toEqual([
			expect.objectContaining({ kind: 'leaver_payout', cash: -25_000n, shares: -5, note: null }),
			expect.objectContaining({
				kind: 'leaver_payout',
				place: 'box',
				cash: -800n,
				shares: 0,
				savings: 0n,
				note: 'profit'
			}),
			expect.objectContaining({
				kind: 'repayment',
				cash: 10_500n,
				owed: -10_500n,
				loan_id: loanId
			})
		]);
		const staying = ids.filter((id) => id !== leaver);
		const next = await recordSheet(
			group,
			meetingSheet(staying, '2026-01-20', {}, { loanBox: 99_700n + 25_000n, socialBox: 0n })
		);
		expect(next).toMatchObject({ ok: true, summary: { difference: 0n } });
	});

	it('keeps the profit in the group by default: a leaver without loans takes their savings', async () => {
		const group = await createTestSavingsGroup(db, { members: 6 });
		const ids = group.memberIds;
		const [, , leaver, borrower] = ids;
		await meet(group, ids, '2026-01-06', { rows: everyone(ids, 5) }, 150_000n);
		const meetingId = await meet(
			group,
			ids,
			'2026-01-13',
			{ rows: everyone(ids, 1), loans: [aLoan(borrower, 50_000n, 2)] },
			130_000n
		);
		const before = await lastSeq(group);
		expect(await leave(group, { memberId: leaver, meetingId })).toEqual({
			ok: true,
			paidOut: 30_000n
		});
		expect(await entriesOf(leaver, before)).toEqual([
			expect.objectContaining({ kind: 'leaver_payout', cash: -30_000n, shares: -6 })
		]);
	});
});

describe('a leaving that cannot be recorded', () => {
	/**
	 * Six members with 6 shares (300 baht) each; on 13 January three of them borrow 600 baht for
	 * 2 months (660 owed each), which empties the box.
	 */
	async function groupWithAnEmptyBox() {
		const group = await createTestSavingsGroup(db, { members: 6 });
		const ids = group.memberIds;
		const first = await meet(group, ids, '2026-01-06', { rows: everyone(ids, 5) }, 150_000n);
		const latest = await meet(
			group,
			ids,
			'2026-01-13',
			{
				rows: everyone(ids, 1),
				loans: [aLoan(ids[3], 60_000n, 2), aLoan(ids[4], 60_000n, 2), aLoan(ids[5], 60_000n, 2)]
			},
			0n
		);
		return { group, first, latest };
	}

	it('is refused, and nothing is written: not the latest meeting, not a member, owing more than saved, too little cash', async () => {
		const { group, first, latest } = await groupWithAnEmptyBox();
		const other = await createTestSavingsGroup(db);
		const ids = group.memberIds;
		const before = await entryCount(group);
		const cases: Array<[Omit<Leaving, 'formKey'>, string]> = [
			[{ memberId: ids[2], meetingId: first }, 'not_latest_meeting'],
			[{ memberId: ids[2], meetingId: 'not-a-meeting' }, 'not_latest_meeting'],
			[{ memberId: other.memberIds[2], meetingId: latest }, 'not_member'],
			[{ memberId: 'not-a-member', meetingId: latest }, 'not_member'],
			[{ memberId: crypto.randomUUID(), meetingId: latest }, 'not_member'],
			// 300 baht saved, 660 owed: they repay at a meeting first.
			[{ memberId: ids[3], meetingId: latest }, 'owes_more_than_saved'],
			// 300 baht due to them, an empty box.
			[{ memberId: ids[2], meetingId: latest }, 'not_enough_cash']
		];
		for (const [leaving, problem] of cases) {
			expect(await leave(group, leaving)).toEqual({ ok: false, problem });
		}
		expect(await entryCount(group)).toBe(before);
		for (const id of ids) expect(await statusOf(id)).toEqual({ status: 'active', left_on: null });
	});

	it('is refused for someone who has already left', async () => {
		const { group, leaver, meetingId } = await groupWithALoan();
		expect(await leave(group, { memberId: leaver, meetingId })).toMatchObject({ ok: true });
		const before = await entryCount(group);
		expect(await leave(group, { memberId: leaver, meetingId })).toEqual({
			ok: false,
			problem: 'not_member'
		});
		expect(await entryCount(group)).toBe(before);
	});
});

describe('who records a leaving', () => {
	it('only the group’s recording officers: a plain member, a coordinator, an outsider and another group’s officer get 404', async () => {
		const { group, leaver, meetingId } = await groupWithALoan();
		const other = await createTestSavingsGroup(db);
		const outsider = await signedIn(db, await createAccount(db));
		const before = await entryCount(group);
		for (const actor of [group.member, group.coordinator, outsider, other.secretary]) {
			await expect(leave(group, { memberId: leaver, meetingId }, { actor })).rejects.toMatchObject({
				status: 404
			});
		}
		expect(await entryCount(group)).toBe(before);
		expect(await statusOf(leaver)).toEqual({ status: 'active', left_on: null });
	});
});

describe('sending the same leaving again', () => {
	it('records once, one after the other or at the same time, and answers with the first result', async () => {
		const { group, leaver, meetingId } = await groupWithALoan();
		const before = await entryCount(group);
		const formKey = newFormKey(new Date());
		const results = await Promise.all(
			[1, 2, 3].map(() => leave(group, { memberId: leaver, meetingId }, { formKey }))
		);
		const again = await leave(group, { memberId: leaver, meetingId }, { formKey });
		for (const result of [...results, again])
			expect(result).toEqual({ ok: true, paidOut: 15_000n });
		expect(await entryCount(group)).toBe(before + 2);
		expect((await booksOf(group)).cash['loan:box']).toBe(177_000n);
	});
});
