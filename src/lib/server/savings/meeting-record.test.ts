import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, signedIn } from '../../../../tests/helpers/factories';
import { openTestDatabase } from '../../../../tests/helpers/database';
import {
	createTestSavingsGroup,
	meetingSheet,
	type TestSavingsGroup
} from '../../../../tests/helpers/savings';
import type { DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import { correctEntry } from './correction';
import { recordMeeting } from './meeting';
import { recordOpening } from './opening';
import type { MeetingSheet } from './meeting-plan';
import { listMeetings, readMeeting } from './meeting-record';

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
	return result.summary.meetingId;
};

/**
 * Two meetings: everyone buys 2 shares (500 baht in the box); then the member borrows 300 baht
 * with the third member as guarantor, the fourth is absent, the fifth gets a grant, and the box is
 * 10 baht short.
 */
async function groupWithTwoMeetings() {
	const group = await createTestSavingsGroup(db, {
		rules: { socialFundPerMeeting: 1_000n, fineAbsent: 500n, guarantors: 1 }
	});
	const [secretary, member, third, fourth, fifth] = group.memberIds;
	const everyone = Object.fromEntries(
		group.memberIds.map((id) => [id, { shares: 2, socialFund: 1_000n }])
	);
	const first = await record(
		group,
		meetingSheet(
			group.memberIds,
			'2026-01-06',
			{ rows: everyone },
			{ loanBox: 50_000n, socialBox: 5_000n }
		)
	);
	const second = await record(
		group,
		meetingSheet(
			group.memberIds,
			'2026-01-13',
			{
				rows: {
					...Object.fromEntries([secretary, member, third, fifth].map((id) => [id, everyone[id]])),
					[fourth]: { attendance: 'absent', shares: 0 }
				},
				loans: [
					{
						memberId: member,
						principal: 30_000n,
						termMonths: 2,
						purpose: 'a sewing machine',
						guarantorIds: [third]
					}
				],
				grants: [{ memberId: fifth, amount: 2_000n, reason: 'Her mother was ill' }]
			},
			// 40,000 in shares, 500 fine, 30,000 lent: 60,500 expected; 59,500 counted.
			{ loanBox: 59_500n, socialBox: 5_000n + 4_000n - 2_000n }
		)
	);
	return { group, first, second };
}

describe('the list of meetings', () => {
	it('lists the cycle’s meetings newest first, with who came and the box after each', async () => {
		const { group, first, second } = await groupWithTwoMeetings();
		const list = await listMeetings(db, group.member, group.id);
		expect(list.cycle).toEqual({ number: 1, state: 'open', currency: 'THB' });
		expect(list.meetings).toEqual([
			{
				id: second,
				heldOn: '2026-01-13',
				kind: 'meeting',
				attended: 4,
				onSheet: 5,
				inBox: 59_500n + 7_000n,
				difference: -1_000n
			},
			{
				id: first,
				heldOn: '2026-01-06',
				kind: 'meeting',
				attended: 5,
				onSheet: 5,
				inBox: 55_000n,
				difference: 0n
			}
		]);
	});

	it('is empty before the first meeting, and a 404 for anyone outside the group', async () => {
		const group = await createTestSavingsGroup(db);
		const other = await createTestSavingsGroup(db);
		expect((await listMeetings(db, group.secretary, group.id)).meetings).toEqual([]);
		const outsider = await signedIn(db, await createAccount(db));
		for (const actor of [outsider, other.secretary, other.member]) {
			await expect(listMeetings(db, actor, group.id)).rejects.toMatchObject({ status: 404 });
		}
		await expect(listMeetings(db, group.secretary, 'not-an-id')).rejects.toMatchObject({
			status: 404
		});
	});
});

describe('one meeting', () => {
	it('shows each member’s line, the loans, grants and counts, and the summary read aloud', async () => {
		const { group, second } = await groupWithTwoMeetings();
		const [, member, , fourth, fifth] = group.memberIds;
		const meeting = await readMeeting(db, group.secretary, group.id, second);
		expect(meeting).toMatchObject({
			id: second,
			heldOn: '2026-01-13',
			kind: 'meeting',
			currency: 'THB',
			sharePrice: 5_000n,
			allBooks: true,
			summary: {
				cash: { 'loan:box': 59_500n, 'social:box': 7_000n, 'loan:bank': 0n, 'social:bank': 0n },
				// 300 baht and 5% of it a month for 2 months, charged at issue.
				owed: 33_000n,
				lent: 30_000n,
				loans: 1,
				difference: -1_000n,
				attended: 4,
				onSheet: 5
			}
		});
		expect(meeting.members.map((line) => [line.id, line.attendance])).toEqual(
			group.memberIds.map((id) => [id, id === fourth ? 'absent' : 'present'])
		);
		const kinds = (id: string) =>
			meeting.members.find((line) => line.id === id)!.entries.map((e) => e.kind);
		expect(kinds(member)).toEqual(['shares', 'social_fund', 'loan_out', 'charge']);
		expect(kinds(fourth)).toEqual(['fine_absent']);
		expect(meeting.loans).toEqual([
			expect.objectContaining({
				memberId: member,
				principal: 30_000n,
				termMonths: 2,
				dueOn: '2026-03-13',
				purpose: 'a sewing machine',
				broughtIn: false,
				guarantors: [expect.any(String)]
			})
		]);
		expect(meeting.grants).toMatchObject([
			{ kind: 'grant', memberId: fifth, cash: -2_000n, note: 'Her mother was ill' }
		]);
		expect(meeting.group).toMatchObject([{ kind: 'count_difference', cash: -1_000n }]);
		expect(meeting.counts).toEqual([
			{ moment: 'end', fund: 'loan', place: 'box', amount: 59_500n, expected: 60_500n },
			{ moment: 'end', fund: 'social', place: 'box', amount: 7_000n, expected: 7_000n }
		]);
		// The officer may correct what a correction may change, and nothing else.
		const shares = meeting.members[1].entries[0];
		expect(shares.correct).toBe('shares');
		expect(meeting.members[1].entries.map((e) => e.correct)).toEqual([
			'shares',
			'amount',
			'reverse',
			'reverse'
		]);
		expect(meeting.group[0].correct).toBeNull();
	});

	it('shows a correction with the entry it corrects: reversed, by whom, why, and the right one', async () => {
		const { group, second } = await groupWithTwoMeetings();
		const before = await readMeeting(db, group.secretary, group.id, second);
		const original = before.members[2].entries[0];
		const corrected = await correctEntry(
			db,
			group.secretary,
			group.id,
			{
				entryId: original.id,
				reason: 'She bought 1 share, not 2',
				restated: { shares: 1 },
				formKey: newFormKey(new Date())
			},
			new Date()
		);
		expect(corrected).toMatchObject({ ok: true });
		const after = await readMeeting(db, group.secretary, group.id, second);
		const entries = after.members[2].entries;
		expect(entries.map((e) => [e.kind, e.shares])).toEqual([
			['shares', 2],
			['social_fund', 0],
			['shares', 1]
		]);
		expect(entries[0]).toMatchObject({
			id: original.id,
			reversed: { reason: 'She bought 1 share, not 2', by: expect.any(String) },
			correct: null
		});
		expect(entries[2]).toMatchObject({ replaces: original.id, correct: 'shares' });
		expect(after.summary.cash['loan:box']).toBe(59_500n - 5_000n);
		// The member reads it too, and may correct nothing.
		const read = await readMeeting(db, group.member, group.id, second);
		expect(read.members[2].entries[0].reversed?.reason).toBe('She bought 1 share, not 2');
		expect(read.members.flatMap((line) => line.entries).every((e) => e.correct === null)).toBe(
			true
		);
	});

	it('with the books closed, a member sees their own line and the group’s totals only', async () => {
		const { group, second } = await groupWithTwoMeetings();
		await db
			.updateTable('savings_group')
			.set({ open_books: false })
			.where('id', '=', group.id)
			.execute();
		const [, member, , , fifth] = group.memberIds;

		const own = await readMeeting(db, group.member, group.id, second);
		expect(own.allBooks).toBe(false);
		expect(own.members.map((line) => line.id)).toEqual([member]);
		expect(own.loans.map((loan) => loan.memberId)).toEqual([member]);
		expect(own.summary).toMatchObject({ lent: 30_000n, loans: 1, difference: -1_000n });

		// Another member's grant: the amount, not who or why.
		expect(own.grants).toMatchObject([{ cash: -2_000n, memberId: null, note: null }]);

		// Someone without a loan here sees no loan, yet the summary counts it.
		const account = await createAccount(db);
		await db
			.updateTable('savings_member')
			.set({ account_id: account.id })
			.where('id', '=', fifth)
			.execute();
		const fifthReader = await signedIn(db, account);
		const fifths = await readMeeting(db, fifthReader, group.id, second);
		expect(fifths.members.map((line) => line.id)).toEqual([fifth]);
		expect(fifths.loans).toEqual([]);
		expect(fifths.grants).toMatchObject([{ memberId: fifth, note: 'Her mother was ill' }]);
		expect(fifths.summary.loans).toBe(1);

		for (const actor of [group.secretary, group.coordinator]) {
			const all = await readMeeting(db, actor, group.id, second);
			expect(all.members).toHaveLength(5);
			expect(all.loans).toHaveLength(1);
		}
	});

	it('is a 404 for anyone outside the group, and for a meeting that is not this group’s', async () => {
		const { group, second } = await groupWithTwoMeetings();
		const other = await createTestSavingsGroup(db);
		const outsider = await signedIn(db, await createAccount(db));
		for (const actor of [outsider, other.secretary, other.member]) {
			await expect(readMeeting(db, actor, group.id, second)).rejects.toMatchObject({
				status: 404
			});
		}
		// The other group's officer asks through their own group for this group's meeting.
		await expect(readMeeting(db, other.secretary, other.id, second)).rejects.toMatchObject({
			status: 404
		});
		for (const meetingId of [crypto.randomUUID(), 'not-an-id', null]) {
			await expect(readMeeting(db, group.secretary, group.id, meetingId)).rejects.toMatchObject({
				status: 404
			});
		}
	});
});

describe('the opening balances', () => {
	it('read as a meeting of their own: shares, loans and cash brought in from paper', async () => {
		const group = await createTestSavingsGroup(db);
		const [, member, third] = group.memberIds;
		const opened = await recordOpening(
			db,
			group.secretary,
			group.id,
			{
				heldOn: '2026-01-06',
				shares: [{ memberId: member, shares: 10 }],
				loans: [{ memberId: third, owed: 20_000n, issuedOn: '2025-12-01', termMonths: 3 }],
				cash: [{ fund: 'loan', place: 'box', amount: 30_000n }],
				note: 'From the green notebook',
				formKey: newFormKey(new Date())
			},
			new Date()
		);
		if (!opened.ok) throw new Error('opening refused');
		const meeting = await readMeeting(db, group.member, group.id, opened.meetingId);
		expect(meeting).toMatchObject({
			kind: 'opening',
			note: 'From the green notebook',
			summary: { owed: 20_000n, lent: 0n, loans: 0, difference: 0n, onSheet: 0 }
		});
		expect(meeting.summary.cash['loan:box']).toBe(30_000n);
		expect(meeting.members.map((line) => [line.id, line.entries.map((e) => e.kind)])).toEqual([
			[member, ['opening_shares']],
			[third, ['opening_loan']]
		]);
		expect(meeting.members[0].entries[0]).toMatchObject({ shares: 10, savings: 50_000n });
		expect(meeting.loans).toMatchObject([{ memberId: third, principal: 20_000n, broughtIn: true }]);
		expect(meeting.group).toMatchObject([{ kind: 'opening_cash', cash: 30_000n }]);
		const list = await listMeetings(db, group.member, group.id);
		expect(list.meetings).toMatchObject([{ kind: 'opening', inBox: 30_000n, attended: 0 }]);
	});
});
