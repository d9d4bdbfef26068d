import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, signedIn } from '../../../../tests/helpers/factories';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createTestSavingsGroup, meetingSheet } from '../../../../tests/helpers/savings';
import type { DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import { recordMeeting } from './meeting';
import { checkMeetingSheet, readMeetingSheet } from './meeting-sheet';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

const TODAY = '2026-12-31';
const rowsIn = async (groupId: string) => ({
	meetings: (
		await db.selectFrom('savings_meeting').select('id').where('group_id', '=', groupId).execute()
	).length,
	entries: (
		await db.selectFrom('savings_entry').select('id').where('group_id', '=', groupId).execute()
	).length
});

describe('opening the meeting sheet', () => {
	it('gives the officer every active member with what they owe, the rules and the cash', async () => {
		const group = await createTestSavingsGroup(db, { rules: { maxShares: 10 } });
		const start = await readMeetingSheet(db, group.secretary, group.id);
		expect(start.cycle?.rules.maxShares).toBe(10);
		expect(start.started).toBe(false);
		expect(start.members.map((m) => m.id)).toEqual(group.memberIds);
		expect(start.members[0]).toMatchObject({ bookNumber: 1, officer: 'secretary', owed: 0n });

		const { memberId } = group.member;
		await recordMeeting(
			db,
			group.secretary,
			group.id,
			meetingSheet(
				group.memberIds,
				'2026-01-06',
				{
					rows: Object.fromEntries(group.memberIds.map((id) => [id, { shares: 10 }])),
					loans: [{ memberId, principal: 50_000n, termMonths: 1, purpose: '', guarantorIds: [] }]
				},
				{ loanBox: 200_000n, socialBox: 0n }
			),
			{ formKey: newFormKey(new Date()), now: new Date(), today: TODAY }
		);
		const later = await readMeetingSheet(db, group.secretary, group.id);
		expect(later.started).toBe(true);
		expect(later.lastMeetingOn).toBe('2026-01-06');
		expect(later.cash['loan:box']).toBe(200_000n);
		expect(later.members[1]).toMatchObject({ id: memberId, shares: 10, owed: 52_500n });
	});

	it('is a 404 for a member without an office, staff and outsiders', async () => {
		const group = await createTestSavingsGroup(db);
		const other = await createTestSavingsGroup(db);
		const outsider = await signedIn(db, await createAccount(db));
		for (const actor of [group.member, group.coordinator, outsider, other.secretary]) {
			await expect(readMeetingSheet(db, actor, group.id)).rejects.toMatchObject({ status: 404 });
			await expect(
				checkMeetingSheet(db, actor, group.id, meetingSheet(group.memberIds, '2026-01-06'), TODAY)
			).rejects.toMatchObject({ status: 404 });
		}
	});
});

describe('checking a sheet before recording it', () => {
	it('adds up what the meeting would record, counts that differ included, and writes nothing', async () => {
		const group = await createTestSavingsGroup(db, {
			rules: { fineLate: 500n, socialFundPerMeeting: 1_000n }
		});
		const [secretary] = group.memberIds;
		const sheet = meetingSheet(
			group.memberIds,
			'2026-01-06',
			{
				rows: {
					[secretary]: { attendance: 'late', shares: 3, socialFund: 1_000n },
					[group.member.memberId]: { socialFund: 1_000n, fineOther: 200n }
				},
				other: [{ direction: 'cost', amount: 300n, note: 'a notebook' }]
			},
			// 7 shares, 500 late, 200 other, 300 out: 35,400 expected; 35,000 counted.
			{ loanBox: 35_000n, socialBox: 2_000n }
		);
		const checked = await checkMeetingSheet(db, group.secretary, group.id, sheet, TODAY);
		expect(checked).toEqual({
			ok: true,
			totals: {
				sharesBought: 7,
				moneyIn: { shares: 35_000n, socialFund: 2_000n, fines: 700n, repaid: 0n, income: 0n },
				moneyOut: { lent: 0n, grants: 0n, costs: 300n },
				loans: 0,
				charged: 0n,
				tills: [
					{ till: 'loan:box', before: 0n, expected: 35_400n, counted: 35_000n },
					{ till: 'social:box', before: 0n, expected: 2_000n, counted: 2_000n }
				],
				difference: -400n
			}
		});
		expect(await rowsIn(group.id)).toEqual({ meetings: 0, entries: 0 });
	});

	it('refuses what recording would refuse, with the same issues', async () => {
		const group = await createTestSavingsGroup(db);
		const sheet = meetingSheet(
			group.memberIds,
			'2026-01-06',
			{
				rows: { [group.member.memberId]: { shares: 9 } },
				loans: [
					{
						memberId: group.member.memberId,
						principal: 1_000_000n,
						termMonths: 1,
						purpose: '',
						guarantorIds: []
					}
				]
			},
			{ loanBox: 25_000n, socialBox: 0n }
		);
		const checked = await checkMeetingSheet(db, group.secretary, group.id, sheet, TODAY);
		const recorded = await recordMeeting(db, group.secretary, group.id, sheet, {
			formKey: newFormKey(new Date()),
			now: new Date(),
			today: TODAY
		});
		expect(checked).toEqual(recorded);
		expect(checked).toMatchObject({
			ok: false,
			problem: 'sheet',
			issues: expect.arrayContaining([
				{ path: 'rows.1.shares', problem: 'shares_above_max' },
				{ path: 'loans.0.principal', problem: 'loan_over_limit', limit: expect.any(BigInt) }
			])
		});
		expect(await rowsIn(group.id)).toEqual({ meetings: 0, entries: 0 });

		const ok = meetingSheet(group.memberIds, '2026-01-06', {}, { loanBox: 25_000n, socialBox: 0n });
		await recordMeeting(db, group.secretary, group.id, ok, {
			formKey: newFormKey(new Date()),
			now: new Date(),
			today: TODAY
		});
		expect(await checkMeetingSheet(db, group.secretary, group.id, ok, TODAY)).toEqual({
			ok: false,
			problem: 'meeting_exists'
		});
	});
});
