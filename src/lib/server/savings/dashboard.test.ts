import { randomUUID } from 'node:crypto';
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
import type { CalendarDate } from './calendar-date';
import { correctEntry } from './correction';
import { readDashboard, type CycleDashboard, type Dashboard } from './dashboard';
import { recordMeeting } from './meeting';
import type { MeetingSheet } from './meeting-plan';
import { recordOpening, type OpeningBalances } from './opening';
import { drawSavingsChart } from './savings-chart';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

const record = async (group: TestSavingsGroup, sheet: MeetingSheet) => {
	const result = await recordMeeting(db, group.secretary, group.id, sheet, {
		formKey: newFormKey(new Date()),
		now: new Date(),
		today: '2026-12-31'
	});
	if (!result.ok) throw new Error(`meeting refused: ${JSON.stringify(result)}`);
	return result.summary;
};

const open = async (
	group: TestSavingsGroup,
	opening: Omit<OpeningBalances, 'note' | 'formKey'>
) => {
	const result = await recordOpening(
		db,
		group.secretary,
		group.id,
		{ ...opening, note: 'From the paper book', formKey: newFormKey(new Date()) },
		new Date()
	);
	if (!result.ok) throw new Error(`opening refused: ${JSON.stringify(result)}`);
};

/** The dashboard of a group with a current cycle. */
const read = async (
	group: TestSavingsGroup,
	today: CalendarDate,
	actor: Actor = group.member
): Promise<CycleDashboard> => {
	const dashboard: Dashboard = await readDashboard(db, actor, group.id, today);
	if (dashboard.cycle === null) throw new Error('no current cycle');
	return dashboard;
};

/*
 * Five members: the secretary (s), the member (m) and three without accounts (a, b, c). Shares
 * are 50 baht (5,000 satang); a late fine is 5 baht, an absence 10, loans 5% a month, flat.
 *
 *                 savings   loan box   bank    owed    loan fund   social box/bank
 *   6 Jan opening  80,000    60,000   20,000  10,000     90,000      3,000 / 0
 *  13 Jan         105,000    65,000   20,000  32,000    117,000      8,000 / 0
 *  20 Jan         125,000    98,000   20,000  20,000    138,000      8,000 / 0
 *  27 Jan         155,000   128,000   20,000  20,000    168,000      3,000 / 2,000
 *   3 Feb         180,000   163,000   20,000  10,000    193,000      3,000 / 2,000
 *  10 Feb         200,000   184,500   20,000  10,000    214,500      3,000 / 2,000
 *
 * 27 January includes the correction made at the end (a bought 2 shares there, not 1).
 */
describe('a group’s dashboard, worked by hand', () => {
	let group: TestSavingsGroup;
	let afterSecondMeeting: CycleDashboard;
	let s: string, m: string, a: string, b: string, c: string;

	beforeAll(async () => {
		group = await createTestSavingsGroup(db, { rules: { fineLate: 500n, fineAbsent: 1_000n } });
		[s, m, a, b, c] = group.memberIds;
		// Brought in from paper: 16 shares, a loan to a of 100 baht due 10 February, 800 baht cash.
		await open(group, {
			heldOn: '2026-01-06',
			shares: [
				{ memberId: s, shares: 10 },
				{ memberId: m, shares: 6 }
			],
			loans: [{ memberId: a, owed: 10_000n, issuedOn: '2025-12-10', termMonths: 2 }],
			cash: [
				{ fund: 'loan', place: 'box', amount: 60_000n },
				{ fund: 'loan', place: 'bank', amount: 20_000n },
				{ fund: 'social', place: 'box', amount: 3_000n }
			]
		});
		// A share each and 10 baht each to the social fund; m borrows 200 baht for 2 months
		// (a flat charge of 2 x 5%: 20 baht): the box has 600 + 250 - 200.
		const social = Object.fromEntries(group.memberIds.map((id) => [id, { socialFund: 1_000n }]));
		await record(
			group,
			meetingSheet(
				group.memberIds,
				'2026-01-13',
				{
					rows: social,
					loans: [{ memberId: m, principal: 20_000n, termMonths: 2, purpose: '', guarantorIds: [] }]
				},
				{ loanBox: 65_000n, socialBox: 8_000n }
			)
		);
		// b late, c absent (fines 15 baht), m repays 120 baht; the box is 5 baht short of 985.
		const short = await record(
			group,
			meetingSheet(
				group.memberIds,
				'2026-01-20',
				{
					rows: {
						[b]: { attendance: 'late' },
						[c]: { attendance: 'absent', shares: 0 },
						[m]: { repaid: 12_000n }
					}
				},
				{ loanBox: 98_000n, socialBox: 8_000n }
			)
		);
		expect(short.difference).toBe(-500n);
		afterSecondMeeting = await read(group, '2026-01-20');
		// 20 baht of the social fund to the bank, a grant of 30 baht to c.
		const third = await record(
			group,
			meetingSheet(
				group.memberIds,
				'2026-01-27',
				{
					transfers: [{ fund: 'social', to: 'bank', amount: 2_000n }],
					grants: [{ memberId: c, amount: 3_000n, reason: 'A funeral' }]
				},
				{ loanBox: 123_000n, socialBox: 3_000n }
			)
		);
		// a is represented; m repays the last 100 baht.
		await record(
			group,
			meetingSheet(
				group.memberIds,
				'2026-02-03',
				{ rows: { [a]: { attendance: 'represented' }, [m]: { repaid: 10_000n } } },
				{ loanBox: 158_000n, socialBox: 3_000n }
			)
		);
		// a late, b represented, c absent: 15 baht of fines and 4 shares.
		await record(
			group,
			meetingSheet(
				group.memberIds,
				'2026-02-10',
				{
					rows: {
						[a]: { attendance: 'late' },
						[b]: { attendance: 'represented' },
						[c]: { attendance: 'absent', shares: 0 }
					}
				},
				{ loanBox: 179_500n, socialBox: 3_000n }
			)
		);
		// a bought 2 shares on 27 January, not 1.
		const share = await db
			.selectFrom('savings_entry')
			.select('id')
			.where('meeting_id', '=', third.meetingId)
			.where('member_id', '=', a)
			.where('kind', '=', 'shares')
			.executeTakeFirstOrThrow();
		const corrected = await correctEntry(
			db,
			group.secretary,
			group.id,
			{
				entryId: share.id,
				reason: 'Two shares, not one',
				restated: { shares: 2 },
				formKey: newFormKey(new Date())
			},
			new Date()
		);
		expect(corrected).toMatchObject({ ok: true });
	});

	it('has the group, its cycle and its rules', async () => {
		const dashboard = await read(group, '2026-02-10');
		expect(dashboard.group).toEqual({
			id: group.id,
			name: expect.any(String),
			meets: 'weekly',
			openBooks: true,
			practice: false,
			circleId: null
		});
		expect(dashboard.cycle).toMatchObject({ number: 1, startsOn: '2026-01-06', state: 'open' });
		expect(dashboard.cycle.rules).toMatchObject({ sharePrice: 5_000n, fineLate: 500n });
	});

	it('adds up the funds, the savings, the loans and what a share would fetch', async () => {
		const dashboard = await read(group, '2026-02-10');
		expect(dashboard.loanFund).toEqual({
			box: 184_500n,
			bank: 20_000n,
			lentOut: 10_000n,
			total: 214_500n
		});
		expect(dashboard.socialFund).toEqual({ box: 3_000n, bank: 2_000n, total: 5_000n });
		// m's loan is paid off; a's is due today, so not yet overdue.
		expect(dashboard.loans).toEqual({ outstanding: 1, owed: 10_000n, overdue: 0, overdueOwed: 0n });
		// 16 shares brought in, 5 + 4 + 5 + 5 + 4 bought, and the one the correction added.
		expect(dashboard.savings).toEqual({ shares: 40n, amount: 200_000n });
		// 2,145 baht over 40 shares: 53.625 baht, 5,362 satang and a half.
		expect(dashboard.projectedValuePerShare).toEqual({
			fund: 214_500n,
			shares: 40n,
			perShare: 5_362n
		});
		expect(dashboard.differences).toBe(-500n);
		expect(dashboard.lastMeeting).toEqual({ heldOn: '2026-02-10', difference: 0n });
	});

	it('shows the last meeting’s difference, as it stood then', () => {
		expect(afterSecondMeeting.lastMeeting).toEqual({ heldOn: '2026-01-20', difference: -500n });
		expect(afterSecondMeeting.differences).toBe(-500n);
		expect(afterSecondMeeting.loanFund).toEqual({
			box: 98_000n,
			bank: 20_000n,
			lentOut: 20_000n,
			total: 138_000n
		});
		expect(afterSecondMeeting.loans).toEqual({
			outstanding: 2,
			owed: 20_000n,
			overdue: 0,
			overdueOwed: 0n
		});
	});

	it('counts who came to the last 4 meetings only, newest first', async () => {
		const { attendance } = await read(group, '2026-02-10');
		expect(attendance).toEqual([
			{ heldOn: '2026-02-10', present: 2, late: 1, absent: 1, represented: 1 },
			{ heldOn: '2026-02-03', present: 4, late: 0, absent: 0, represented: 1 },
			{ heldOn: '2026-01-27', present: 5, late: 0, absent: 0, represented: 0 },
			{ heldOn: '2026-01-20', present: 3, late: 1, absent: 1, represented: 0 }
		]);
	});

	it('charts the running totals after each meeting, the opening included, ending at today’s', async () => {
		const dashboard = await read(group, '2026-02-10');
		expect(dashboard.chart.points).toEqual([
			{ on: '2026-01-06', savings: 80_000n, loanFund: 90_000n },
			{ on: '2026-01-13', savings: 105_000n, loanFund: 117_000n },
			{ on: '2026-01-20', savings: 125_000n, loanFund: 138_000n },
			{ on: '2026-01-27', savings: 155_000n, loanFund: 168_000n },
			{ on: '2026-02-03', savings: 180_000n, loanFund: 193_000n },
			{ on: '2026-02-10', savings: 200_000n, loanFund: 214_500n }
		]);
		const chart = drawSavingsChart({
			points: dashboard.chart.points,
			formatAmount: String,
			formatDay: (on) => on
		});
		expect(chart.empty).toBe(false);
		expect(chart.lines.map((line) => line.series)).toEqual(['savings', 'loanFund']);
	});
});

describe('overdue loans', () => {
	it('are the ones past their due date with something owed by the ledger, from the day after', async () => {
		const group = await createTestSavingsGroup(db, {
			rules: { latePenalty: 'fixed', latePenaltyAmount: 1_000n }
		});
		const [s, m, a] = group.memberIds;
		// a owes 100 baht on a paper loan due 10 February.
		await open(group, {
			heldOn: '2026-01-06',
			shares: [
				{ memberId: s, shares: 10 },
				{ memberId: m, shares: 10 }
			],
			loans: [{ memberId: a, owed: 10_000n, issuedOn: '2025-12-10', termMonths: 2 }],
			cash: [{ fund: 'loan', place: 'box', amount: 50_000n }]
		});
		// m borrows 200 baht for a month, due 13 February, 210 with the charge.
		await record(
			group,
			meetingSheet(
				group.memberIds,
				'2026-01-13',
				{
					loans: [{ memberId: m, principal: 20_000n, termMonths: 1, purpose: '', guarantorIds: [] }]
				},
				{ loanBox: 55_000n, socialBox: 0n }
			)
		);

		expect((await read(group, '2026-02-10')).loans).toEqual({
			outstanding: 2,
			owed: 31_000n,
			overdue: 0,
			overdueOwed: 0n
		});
		expect((await read(group, '2026-02-11')).loans).toEqual({
			outstanding: 2,
			owed: 31_000n,
			overdue: 1,
			overdueOwed: 10_000n
		});
		expect((await read(group, '2026-02-14')).loans).toMatchObject({
			overdue: 2,
			overdueOwed: 31_000n
		});

		// m pays it all, late; a pays nothing and is charged a 10 baht penalty at this meeting.
		await record(
			group,
			meetingSheet(
				group.memberIds,
				'2026-02-20',
				{ rows: { [m]: { repaid: 21_000n } } },
				{ loanBox: 101_000n, socialBox: 0n }
			)
		);
		// In March another penalty has fallen due, but until a meeting records it the ledger says 110.
		expect((await read(group, '2026-03-30')).loans).toEqual({
			outstanding: 1,
			owed: 11_000n,
			overdue: 1,
			overdueOwed: 11_000n
		});
	});
});

describe('a group that has not met yet', () => {
	it('has its cycle and nothing else: no shares to value, no meetings, an empty chart', async () => {
		const group = await createTestSavingsGroup(db);
		const dashboard = await read(group, '2026-01-06');
		expect(dashboard).toMatchObject({
			loanFund: { box: 0n, bank: 0n, lentOut: 0n, total: 0n },
			socialFund: { box: 0n, bank: 0n, total: 0n },
			loans: { outstanding: 0, owed: 0n, overdue: 0, overdueOwed: 0n },
			savings: { shares: 0n, amount: 0n },
			projectedValuePerShare: { fund: 0n, shares: 0n, perShare: null },
			attendance: [],
			lastMeeting: null,
			differences: 0n,
			chart: { points: [] }
		});
	});

	it('after the opening balances alone: a chart point, still no last meeting', async () => {
		const group = await createTestSavingsGroup(db);
		await open(group, {
			heldOn: '2026-01-06',
			shares: [{ memberId: group.member.memberId, shares: 3 }],
			loans: [],
			cash: [{ fund: 'loan', place: 'box', amount: 15_001n }]
		});
		const dashboard = await read(group, '2026-01-06');
		expect(dashboard.chart.points).toEqual([
			{ on: '2026-01-06', savings: 15_000n, loanFund: 15_001n }
		]);
		expect(dashboard.projectedValuePerShare).toEqual({
			fund: 15_001n,
			shares: 3n,
			perShare: 5_000n
		});
		expect(dashboard.attendance).toEqual([]);
		expect(dashboard.lastMeeting).toBeNull();
	});

	it('without a current cycle, is the group alone', async () => {
		const group = await createTestSavingsGroup(db);
		// No service closes a cycle yet: what a finished share-out leaves.
		await db
			.updateTable('savings_cycle')
			.set({ state: 'closed', closed_at: new Date() })
			.where('group_id', '=', group.id)
			.execute();
		const dashboard = await readDashboard(db, group.member, group.id, '2026-01-06');
		expect(dashboard).toEqual({
			group: expect.objectContaining({ id: group.id }),
			cycle: null
		});
	});
});

describe('who reads it', () => {
	it('the group’s members and staff; anyone else, another group’s officer, a bad id: 404', async () => {
		const group = await createTestSavingsGroup(db);
		const other = await createTestSavingsGroup(db);
		const outsider = await signedIn(db, await createAccount(db));
		for (const actor of [group.member, group.secretary, group.coordinator]) {
			expect((await readDashboard(db, actor, group.id, '2026-01-06')).group.id).toBe(group.id);
		}
		for (const actor of [outsider, other.secretary, other.member]) {
			await expect(readDashboard(db, actor, group.id, '2026-01-06')).rejects.toMatchObject({
				status: 404
			});
		}
		for (const id of ['not-a-uuid', 42, null, randomUUID()]) {
			await expect(readDashboard(db, group.member, id, '2026-01-06')).rejects.toMatchObject({
				status: 404
			});
		}
	});
});
