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
import { recordMeeting } from './meeting';
import type { MeetingSheet } from './meeting-plan';
import { writeOffLoan, type WriteOff } from './write-off';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

const recordSheet = (group: TestSavingsGroup, sheet: MeetingSheet) =>
	recordMeeting(db, group.secretary, group.id, sheet, {
		formKey: newFormKey(new Date()),
		now: new Date(),
		today: '2026-12-31'
	});

/** Records a meeting, the loan box counted at `loanBox`; its id. */
async function meet(
	group: TestSavingsGroup,
	heldOn: CalendarDate,
	changes: Parameters<typeof meetingSheet>[2],
	loanBox: bigint
) {
	const result = await recordSheet(
		group,
		meetingSheet(group.memberIds, heldOn, changes, { loanBox, socialBox: 0n })
	);
	if (!result.ok) throw new Error(`meeting refused: ${JSON.stringify(result)}`);
	expect(result.summary.difference).toBe(0n);
	return result.summary.meetingId;
}

const writeOff = (
	group: TestSavingsGroup,
	input: Omit<WriteOff, 'formKey'>,
	options: { actor?: Actor; formKey?: string } = {}
) =>
	writeOffLoan(
		db,
		options.actor ?? group.secretary,
		group.id,
		{ ...input, formKey: options.formKey ?? newFormKey(new Date()) },
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

const writeOffs = (group: TestSavingsGroup) =>
	db
		.selectFrom('savings_entry')
		.select([
			'meeting_id',
			'member_id',
			'loan_id',
			'fund',
			'place',
			'cash',
			'owed',
			'note',
			'currency',
			'recorded_by'
		])
		.where('group_id', '=', group.id)
		.where('kind', '=', 'write_off')
		.execute();

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

const everyone = (group: TestSavingsGroup, shares: number) =>
	Object.fromEntries(group.memberIds.map((id) => [id, { shares }]));

const REASON = 'She moved to another province; the group agreed on 20 January';

/**
 * Five members on the default rules (shares of 50 baht, 5% a month flat). 6 January: 5 shares
 * each, 1,250 baht. 13 January: 1 share each (1,500 baht); the borrower takes 400 baht for 2
 * months, 40 charged at issue, 440 owed, 1,100 in the box. 20 January: 1 share each and the
 * borrower repays 40: 1,390 baht in the box, 400 still owed.
 */
async function groupWithAnUnpaidLoan() {
	const group = await createTestSavingsGroup(db);
	const borrower = group.memberIds[2];
	const first = await meet(group, '2026-01-06', { rows: everyone(group, 5) }, 125_000n);
	await meet(
		group,
		'2026-01-13',
		{
			rows: everyone(group, 1),
			loans: [
				{
					memberId: borrower,
					principal: 40_000n,
					termMonths: 2,
					purpose: 'a cart',
					guarantorIds: []
				}
			]
		},
		110_000n
	);
	const meetingId = await meet(
		group,
		'2026-01-20',
		{ rows: { ...everyone(group, 1), [borrower]: { shares: 1, repaid: 4_000n } } },
		139_000n
	);
	const loanId = (await booksOf(group)).loans[0].id;
	return { group, borrower, first, meetingId, loanId };
}

describe('writing off a loan', () => {
	it('a write-off reconciles to the cash', async () => {
		const { group, borrower, meetingId, loanId } = await groupWithAnUnpaidLoan();
		expect(
			await writeOff(group, { loanId, meetingId, reason: `  ${REASON} `, groupAgreed: true })
		).toEqual({ ok: true, writtenOff: 40_000n });
		expect(await writeOffs(group)).toEqual([
			{
				meeting_id: meetingId,
				member_id: borrower,
				loan_id: loanId,
				fund: 'loan',
				place: null,
				cash: 0n,
				owed: -40_000n,
				note: REASON,
				currency: 'THB',
				recorded_by: group.secretary.memberId
			}
		]);
		const books = await booksOf(group);
		expect(books.cash['loan:box']).toBe(139_000n);
		expect(books.loans.map((loan) => loan.owed)).toEqual([0n]);

		// Nothing is left to repay; the next meeting's box holds 1,390 baht and 5 new shares.
		const repaying = await recordSheet(
			group,
			meetingSheet(
				group.memberIds,
				'2026-01-27',
				{ rows: { [borrower]: { shares: 1, repaid: 100n } } },
				{ loanBox: 164_100n, socialBox: 0n }
			)
		);
		expect(repaying).toMatchObject({
			ok: false,
			issues: [{ path: 'rows.2.repaid', problem: 'repaid_more_than_owed' }]
		});
		const next = await recordSheet(
			group,
			meetingSheet(group.memberIds, '2026-01-27', {}, { loanBox: 164_000n, socialBox: 0n })
		);
		expect(next).toMatchObject({ ok: true, summary: { difference: 0n } });
	});

	it('is refused, and nothing is written: no reason, no agreement, not the latest meeting, not this group’s loan, nothing owed', async () => {
		const { group, first, meetingId, loanId } = await groupWithAnUnpaidLoan();
		const other = await groupWithAnUnpaidLoan();
		const before = await entryCount(group);
		const agreed = { reason: REASON, groupAgreed: true };
		const cases: Array<[Omit<WriteOff, 'formKey'>, string]> = [
			[{ loanId, meetingId, reason: '  ', groupAgreed: true }, 'reason_needed'],
			[{ loanId, meetingId, reason: REASON, groupAgreed: false }, 'agreement_needed'],
			[{ loanId, meetingId: first, ...agreed }, 'not_latest_meeting'],
			[{ loanId, meetingId: other.meetingId, ...agreed }, 'not_latest_meeting'],
			[{ loanId, meetingId: 'not-a-meeting', ...agreed }, 'not_latest_meeting'],
			[{ loanId: other.loanId, meetingId, ...agreed }, 'not_found'],
			[{ loanId: crypto.randomUUID(), meetingId, ...agreed }, 'not_found'],
			[{ loanId: 'not-a-loan', meetingId, ...agreed }, 'not_found']
		];
		for (const [input, problem] of cases) {
			expect(await writeOff(group, input)).toEqual({ ok: false, problem });
		}
		expect(await entryCount(group)).toBe(before);
		expect((await booksOf(group)).loans.map((loan) => loan.owed)).toEqual([40_000n]);

		expect(await writeOff(group, { loanId, meetingId, ...agreed })).toMatchObject({ ok: true });
		const written = await entryCount(group);
		expect(await writeOff(group, { loanId, meetingId, ...agreed })).toEqual({
			ok: false,
			problem: 'nothing_owed'
		});
		expect(await entryCount(group)).toBe(written);
	});
});

describe('who writes a loan off', () => {
	it('only the group’s recording officers: a plain member, a coordinator, an outsider and another group’s officer get 404', async () => {
		const { group, meetingId, loanId } = await groupWithAnUnpaidLoan();
		const other = await createTestSavingsGroup(db);
		const outsider = await signedIn(db, await createAccount(db));
		for (const actor of [group.member, group.coordinator, outsider, other.secretary]) {
			await expect(
				writeOff(group, { loanId, meetingId, reason: REASON, groupAgreed: true }, { actor })
			).rejects.toMatchObject({ status: 404 });
		}
		expect(await writeOffs(group)).toEqual([]);
	});
});

describe('sending the same write-off again', () => {
	it('records once, one after the other or at the same time, and answers with the first result', async () => {
		const { group, meetingId, loanId } = await groupWithAnUnpaidLoan();
		const formKey = newFormKey(new Date());
		const input = { loanId, meetingId, reason: REASON, groupAgreed: true };
		const results = await Promise.all([1, 2, 3].map(() => writeOff(group, input, { formKey })));
		const again = await writeOff(group, input, { formKey });
		for (const result of [...results, again])
			expect(result).toEqual({ ok: true, writtenOff: 40_000n });
		expect(await writeOffs(group)).toHaveLength(1);
		expect((await booksOf(group)).loans.map((loan) => loan.owed)).toEqual([0n]);
	});
});
