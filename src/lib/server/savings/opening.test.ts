import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createTestSavingsGroup, meetingSheet } from '../../../../tests/helpers/savings';
import type { DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import { readBooks } from './books';
import { recordMeeting } from './meeting';
import { recordOpening, type OpeningBalances } from './opening';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

const cycleOf = (groupId: string) =>
	db
		.selectFrom('savings_cycle')
		.select('id')
		.where('group_id', '=', groupId)
		.executeTakeFirstOrThrow();

describe('opening balances from paper books', () => {
	it('brings in shares, a loan with its terms and the cash; later meetings reconcile to the box', async () => {
		const group = await createTestSavingsGroup(db, {
			startsOn: '2026-01-01',
			rules: { chargeMethod: 'declining', rateBp: 500 }
		});
		const [secretary, member] = group.memberIds;
		const opening: OpeningBalances = {
			heldOn: '2026-03-01',
			shares: [
				{ memberId: secretary, shares: 20 },
				{ memberId: member, shares: 12 }
			],
			// Issued 10 January for 3 months, 30,000 still owed; 10 Feb was charged on paper.
			loans: [{ memberId: member, owed: 30_000n, issuedOn: '2026-01-10', termMonths: 3 }],
			cash: [
				{ fund: 'loan', place: 'box', amount: 50_000n },
				{ fund: 'loan', place: 'bank', amount: 100_000n },
				{ fund: 'social', place: 'box', amount: 5_000n }
			],
			note: 'From the green notebook, counted with the chair',
			formKey: newFormKey(new Date())
		};
		expect(await recordOpening(db, group.secretary, group.id, opening, new Date())).toMatchObject({
			ok: true
		});

		const { id: cycleId } = await cycleOf(group.id);
		const opened = await readBooks(db, cycleId);
		expect(opened.cash).toEqual({
			'loan:box': 50_000n,
			'loan:bank': 100_000n,
			'social:box': 5_000n,
			'social:bank': 0n
		});
		expect(opened.members.get(secretary)).toEqual({ shares: 20, savings: 100_000n });
		expect(opened.loans).toMatchObject([{ memberId: member, owed: 30_000n, dueOn: '2026-04-10' }]);

		// 12 March: past the 10 March anniversary (after the books opened): 5% of what is left.
		const meeting = meetingSheet(
			group.memberIds,
			'2026-03-12',
			{ rows: { [member]: { shares: 1, repaid: 10_000n } } },
			{ loanBox: 50_000n + 25_000n + 10_000n, socialBox: 5_000n }
		);
		const recorded = await recordMeeting(db, group.secretary, group.id, meeting, {
			formKey: newFormKey(new Date()),
			now: new Date(),
			today: '2026-03-12'
		});
		expect(recorded).toMatchObject({ ok: true, summary: { difference: 0n } });
		expect((await readBooks(db, cycleId)).loans[0].owed).toBe(21_000n);
	});

	it('is entered once, before any meeting, with a note, for members of the group', async () => {
		const group = await createTestSavingsGroup(db);
		const other = await createTestSavingsGroup(db);
		const base = (changes: Partial<OpeningBalances>): OpeningBalances => ({
			heldOn: '2026-02-01',
			shares: [],
			loans: [],
			cash: [{ fund: 'loan', place: 'box', amount: 1_000n }],
			note: 'paper book',
			formKey: newFormKey(new Date()),
			...changes
		});
		const refused = await recordOpening(
			db,
			group.secretary,
			group.id,
			base({
				note: ' ',
				shares: [{ memberId: other.memberIds[0], shares: 3 }],
				loans: [
					{ memberId: group.member.memberId, owed: 5_000n, issuedOn: '2026-02-01', termMonths: 2 }
				],
				cash: [{ fund: 'social', place: 'box', amount: -1n }]
			}),
			new Date()
		);
		expect(refused).toEqual({
			ok: false,
			problem: 'opening',
			issues: [
				{ path: 'note', problem: 'note_needed' },
				{ path: 'shares.0.memberId', problem: 'unknown_member' },
				{ path: 'loans.0.issuedOn', problem: 'date_invalid' },
				{ path: 'cash.0.amount', problem: 'out_of_range' }
			]
		});
		expect(await recordOpening(db, group.secretary, group.id, base({}), new Date())).toMatchObject({
			ok: true
		});
		expect(await recordOpening(db, group.secretary, group.id, base({}), new Date())).toEqual({
			ok: false,
			problem: 'already_started'
		});
		await expect(
			recordOpening(db, group.member, group.id, base({}), new Date())
		).rejects.toMatchObject({ status: 404 });
	});
});
