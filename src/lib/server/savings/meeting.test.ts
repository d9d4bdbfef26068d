import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, signedIn } from '../../../../tests/helpers/factories';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createTestSavingsGroup, meetingSheet } from '../../../../tests/helpers/savings';
import type { DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import { readBooks } from './books';
import { recordMeeting } from './meeting';
import type { MeetingSheet } from './meeting-plan';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

const TODAY = '2026-12-31';
const record = (
	actor: Parameters<typeof recordMeeting>[1],
	groupId: string,
	sheet: MeetingSheet,
	formKey = newFormKey(new Date())
) => recordMeeting(db, actor, groupId, sheet, { formKey, now: new Date(), today: TODAY });

const booksOf = async (groupId: string) => {
	const cycle = await db
		.selectFrom('savings_cycle')
		.select('id')
		.where('group_id', '=', groupId)
		.executeTakeFirstOrThrow();
	return readBooks(db, cycle.id);
};
const entryCount = async (groupId: string) =>
	Number(
		(
			await db
				.selectFrom('savings_entry')
				.select((eb) => eb.fn.countAll<bigint>().as('n'))
				.where('group_id', '=', groupId)
				.executeTakeFirstOrThrow()
		).n
	);

describe('recording a meeting', () => {
	it('records everyone’s shares, fines and social fund, and the books add up from the entries', async () => {
		const group = await createTestSavingsGroup(db, {
			rules: { socialFundPerMeeting: 1_000n, fineLate: 500n, fineAbsent: 1_000n }
		});
		const [secretary, member, third, fourth, fifth] = group.memberIds;
		const sheet = meetingSheet(
			group.memberIds,
			'2026-01-06',
			{
				rows: {
					[secretary]: { shares: 2, socialFund: 1_000n },
					[member]: { shares: 5, socialFund: 1_000n, attendance: 'late' },
					[third]: { shares: 1, socialFund: 1_000n, fineOther: 200n },
					[fourth]: { attendance: 'absent', shares: 0 },
					[fifth]: { attendance: 'represented', shares: 3, socialFund: 1_000n }
				}
			},
			// Shares 11 x 50 baht, a late fine of 5, an absence of 10, another fine of 2.
			{ loanBox: 55_000n + 500n + 1_000n + 200n, socialBox: 4_000n }
		);
		const result = await record(group.secretary, group.id, sheet);
		expect(result).toMatchObject({
			ok: true,
			repeated: false,
			summary: { lent: 0n, loans: 0, difference: 0n }
		});
		const books = await booksOf(group.id);
		expect(books.cash).toEqual({
			'loan:box': 56_700n,
			'social:box': 4_000n,
			'loan:bank': 0n,
			'social:bank': 0n
		});
		expect(books.members.get(member)).toEqual({ shares: 5, savings: 25_000n });
		expect(books.members.get(fourth)).toEqual({ shares: 0, savings: 0n });
		expect(books.lastMeetingOn).toBe('2026-01-06');
		const attendance = await db
			.selectFrom('savings_attendance')
			.select(['member_id', 'status'])
			.where('meeting_id', '=', result.ok ? result.summary.meetingId : '')
			.execute();
		expect(attendance).toHaveLength(5);
	});

	it('records a count that differs as a difference, shown in the summary, and the books follow the box', async () => {
		const group = await createTestSavingsGroup(db);
		const sheet = meetingSheet(
			group.memberIds,
			'2026-01-06',
			{},
			{ loanBox: 24_000n, socialBox: 0n }
		);
		const result = await record(group.secretary, group.id, sheet);
		expect(result).toMatchObject({ ok: true, summary: { difference: -1_000n } });
		expect((await booksOf(group.id)).cash['loan:box']).toBe(24_000n);
		const counts = await db
			.selectFrom('savings_cash_count')
			.select(['fund', 'place', 'moment', 'amount', 'expected'])
			.where('meeting_id', '=', result.ok ? result.summary.meetingId : '')
			.orderBy('fund')
			.execute();
		expect(counts).toEqual([
			{ fund: 'loan', place: 'box', moment: 'end', amount: 24_000n, expected: 25_000n },
			{ fund: 'social', place: 'box', moment: 'end', amount: 0n, expected: 0n }
		]);
		const difference = await db
			.selectFrom('savings_entry')
			.select(['cash', 'fund', 'place'])
			.where('group_id', '=', group.id)
			.where('kind', '=', 'count_difference')
			.execute();
		expect(difference).toEqual([{ cash: -1_000n, fund: 'loan', place: 'box' }]);
	});

	it('lends within the limit, charges the service charge, and takes repayments at later meetings', async () => {
		const group = await createTestSavingsGroup(db, {
			rules: { chargeMethod: 'declining', rateBp: 1_000, maxShares: 10 }
		});
		const { member } = group;
		const everyone = (shares: number) =>
			Object.fromEntries(group.memberIds.map((id) => [id, { shares }]));
		const counted = (loanBox: bigint) => ({ loanBox, socialBox: 0n });
		// Five members buy 10 shares each: 2,500 baht in the box.
		await record(
			group.secretary,
			group.id,
			meetingSheet(group.memberIds, '2026-01-06', { rows: everyone(10) }, counted(250_000n))
		);

		// With one more share the member has saved 550 baht: three times is 1,650.
		const loan = (principal: bigint) => ({
			rows: everyone(1),
			loans: [
				{ memberId: member.memberId, principal, termMonths: 2, purpose: 'shop', guarantorIds: [] }
			]
		});
		const tooMuch = await record(
			group.secretary,
			group.id,
			meetingSheet(group.memberIds, '2026-01-13', loan(165_001n), counted(275_000n - 165_001n))
		);
		expect(tooMuch).toEqual({
			ok: false,
			problem: 'sheet',
			issues: [{ path: 'loans.0.principal', problem: 'loan_over_limit', limit: 165_000n }]
		});

		const lent = await record(
			group.secretary,
			group.id,
			meetingSheet(group.memberIds, '2026-01-13', loan(150_000n), counted(125_000n))
		);
		expect(lent).toMatchObject({ ok: true, summary: { lent: 150_000n, loans: 1, difference: 0n } });
		// 10% of the principal at issue.
		expect((await booksOf(group.id)).loans).toMatchObject([
			{ owed: 165_000n, dueOn: '2026-03-13' }
		]);

		const repay = (heldOn: string, repaid: bigint, loanBox: bigint) =>
			record(
				group.secretary,
				group.id,
				meetingSheet(
					group.memberIds,
					heldOn,
					{ rows: { ...everyone(1), [member.memberId]: { shares: 1, repaid } } },
					counted(loanBox)
				)
			);
		// Before the first monthly anniversary (13 February): no charge.
		expect(await repay('2026-02-10', 65_000n, 125_000n + 25_000n + 65_000n)).toMatchObject({
			ok: true
		});
		expect((await booksOf(group.id)).loans[0].owed).toBe(100_000n);
		// The first meeting after it: 10% of the 100,000 left.
		expect(await repay('2026-02-17', 0n, 215_000n + 25_000n)).toMatchObject({ ok: true });
		expect((await booksOf(group.id)).loans[0].owed).toBe(110_000n);
		// 17 March, after the second anniversary: 60,000 left after repaying, 10% of it.
		expect(await repay('2026-03-17', 50_000n, 240_000n + 25_000n + 50_000n)).toMatchObject({
			ok: true
		});
		expect((await booksOf(group.id)).loans[0].owed).toBe(66_000n);

		// Repaying more than is owed is refused, and records nothing.
		const before = await entryCount(group.id);
		const over = await repay('2026-03-24', 66_001n, 315_000n + 25_000n + 66_001n);
		expect(over).toMatchObject({
			ok: false,
			issues: [{ path: 'rows.1.repaid', problem: 'repaid_more_than_owed' }]
		});
		expect(await entryCount(group.id)).toBe(before);

		// A sheet dated before the last meeting, with the loan still open: refused, not a failure
		// to work out its charges.
		expect(await repay('2026-02-24', 1_000n, 316_000n)).toEqual({
			ok: false,
			problem: 'sheet',
			issues: [{ path: 'heldOn', problem: 'date_too_early' }]
		});
	});
});

describe('a sheet with mistakes', () => {
	it.each([
		['negative shares', { shares: -1 }, 'rows.1.shares', 'negative'],
		['more shares than the rules allow', { shares: 6 }, 'rows.1.shares', 'shares_above_max'],
		['fewer than the minimum', { shares: 0 }, 'rows.1.shares', 'shares_below_min'],
		[
			'money from someone absent',
			{ attendance: 'absent', shares: 0, socialFund: 100n },
			'rows.1.socialFund',
			'absent_pays'
		],
		['a negative fine', { fineOther: -5n }, 'rows.1.fineOther', 'negative']
	] as const)('is refused for %s, and nothing is recorded', async (_, row, path, problem) => {
		const group = await createTestSavingsGroup(db);
		const sheet = meetingSheet(
			group.memberIds,
			'2026-01-06',
			{ rows: { [group.member.memberId]: row } },
			{ loanBox: 25_000n, socialBox: 0n }
		);
		const result = await record(group.secretary, group.id, sheet);
		expect(result).toMatchObject({ ok: false, problem: 'sheet' });
		if (!result.ok && result.problem === 'sheet')
			expect(result.issues).toContainEqual({ path, problem });
		expect(await entryCount(group.id)).toBe(0);
		expect(
			await db.selectFrom('savings_meeting').select('id').where('group_id', '=', group.id).execute()
		).toEqual([]);
	});

	it('needs the box of each fund counted, every active member once, and a date after the last meeting', async () => {
		const group = await createTestSavingsGroup(db);
		const [first, ...rest] = group.memberIds;
		const sheet = meetingSheet(group.memberIds, '2026-01-06');
		const result = await record(group.secretary, group.id, {
			...sheet,
			rows: [...sheet.rows.slice(1), sheet.rows[1]]
		});
		expect(result).toMatchObject({ ok: false, problem: 'sheet' });
		if (!result.ok && result.problem === 'sheet') {
			expect(result.issues.map((issue) => issue.problem).sort()).toEqual([
				'count_missing',
				'member_twice',
				'missing_member'
			]);
		}
		void first;
		void rest;
		const ok = await record(
			group.secretary,
			group.id,
			meetingSheet(group.memberIds, '2026-01-13', {}, { loanBox: 25_000n, socialBox: 0n })
		);
		expect(ok).toMatchObject({ ok: true });
		const early = await record(
			group.secretary,
			group.id,
			meetingSheet(group.memberIds, '2026-01-10', {}, { loanBox: 50_000n, socialBox: 0n })
		);
		expect(early).toMatchObject({
			ok: false,
			issues: [{ path: 'heldOn', problem: 'date_too_early' }]
		});
		const again = await record(
			group.secretary,
			group.id,
			meetingSheet(group.memberIds, '2026-01-13', {}, { loanBox: 50_000n, socialBox: 0n })
		);
		expect(again).toEqual({ ok: false, problem: 'meeting_exists' });
	});
});

describe('sending the same sheet again', () => {
	it('records once and answers with the first result, one after the other or at the same time', async () => {
		const group = await createTestSavingsGroup(db);
		const sheet = meetingSheet(
			group.memberIds,
			'2026-01-06',
			{},
			{ loanBox: 25_000n, socialBox: 0n }
		);
		const key = newFormKey(new Date());
		const [a, b, c] = await Promise.all([
			record(group.secretary, group.id, sheet, key),
			record(group.secretary, group.id, sheet, key),
			record(group.secretary, group.id, sheet, key)
		]);
		const results = [a, b, c];
		expect(results.filter((r) => r.ok && !r.repeated)).toHaveLength(1);
		expect(results.filter((r) => r.ok && r.repeated)).toHaveLength(2);
		const ids = results.map((r) => (r.ok ? r.summary.meetingId : null));
		expect(new Set(ids).size).toBe(1);
		const later = await record(group.secretary, group.id, sheet, key);
		expect(later).toMatchObject({ ok: true, repeated: true, summary: { meetingId: ids[0] } });
		expect(await entryCount(group.id)).toBe(5);
	});

	it('two different sheets for the same day at the same time: one is recorded, the other told', async () => {
		const group = await createTestSavingsGroup(db);
		const sheet = meetingSheet(
			group.memberIds,
			'2026-01-06',
			{},
			{ loanBox: 25_000n, socialBox: 0n }
		);
		const results = await Promise.all([
			record(group.secretary, group.id, sheet),
			record(group.secretary, group.id, sheet)
		]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, problem: 'meeting_exists' }]);
		expect(await entryCount(group.id)).toBe(5);
	});
});

describe('who records', () => {
	it('only the chair, secretary or treasurer; everyone else gets 404, and nothing is recorded', async () => {
		const group = await createTestSavingsGroup(db);
		const other = await createTestSavingsGroup(db);
		const outsider = await signedIn(db, await createAccount(db));
		const sheet = meetingSheet(
			group.memberIds,
			'2026-01-06',
			{},
			{ loanBox: 25_000n, socialBox: 0n }
		);
		for (const actor of [group.member, group.coordinator, outsider, other.secretary]) {
			await expect(record(actor, group.id, sheet)).rejects.toMatchObject({ status: 404 });
		}
		expect(await entryCount(group.id)).toBe(0);
	});
});

describe('the ledger in the database', () => {
	it('refuses to change, delete or empty a recorded row, whatever asks', async () => {
		const group = await createTestSavingsGroup(db);
		const result = await record(
			group.secretary,
			group.id,
			meetingSheet(group.memberIds, '2026-01-06', {}, { loanBox: 25_000n, socialBox: 0n })
		);
		expect(result.ok).toBe(true);
		const entry = await db
			.selectFrom('savings_entry')
			.select('id')
			.where('group_id', '=', group.id)
			.executeTakeFirstOrThrow();
		await expect(
			db.updateTable('savings_entry').set({ cash: 1n }).where('id', '=', entry.id).execute()
		).rejects.toThrow(/never changed or deleted/);
		await expect(
			db.deleteFrom('savings_entry').where('id', '=', entry.id).execute()
		).rejects.toThrow(/never changed or deleted/);
		await expect(
			db.deleteFrom('savings_meeting').where('group_id', '=', group.id).execute()
		).rejects.toThrow(/never changed or deleted/);
		await expect(
			db.updateTable('savings_cash_count').set({ amount: 25_000n }).execute()
		).rejects.toThrow(/never changed or deleted/);
		await expect(sql`truncate savings_entry cascade`.execute(db)).rejects.toThrow(/never deleted/);
		await expect(
			db.deleteFrom('savings_group').where('id', '=', group.id).execute()
		).rejects.toThrow(/never deleted/);
		expect(await entryCount(group.id)).toBe(5);
	});

	it('lets a practice group go, with everything in it', async () => {
		const group = await createTestSavingsGroup(db, { practice: true });
		await record(
			group.secretary,
			group.id,
			meetingSheet(group.memberIds, '2026-01-06', {}, { loanBox: 25_000n, socialBox: 0n })
		);
		await db.deleteFrom('savings_group').where('id', '=', group.id).execute();
		expect(await entryCount(group.id)).toBe(0);
	});
});
