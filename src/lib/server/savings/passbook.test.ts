import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, signedIn } from '../../../../tests/helpers/factories';
import {
	createTestSavingsGroup,
	meetingSheet,
	type TestSavingsGroup
} from '../../../../tests/helpers/savings';
import type { DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import { readBooks } from './books';
import { correctEntry } from './correction';
import { eraseSavingsMemberships } from './former-member';
import { recordMeeting } from './meeting';
import type { MeetingSheet } from './meeting-plan';
import { readMembersTable, readPassbook } from './passbook';
import { shareOut } from './share-out';

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
const counted = (loanBox: bigint, socialBox = 1_000n) => ({ loanBox, socialBox });

const nameOf = async (memberId: string) =>
	(
		await db
			.selectFrom('savings_member')
			.select('name')
			.where('id', '=', memberId)
			.executeTakeFirstOrThrow()
	).name;

/**
 * Four meetings, declining charge of 10% a month, fines of 5 baht late and 10 absent. Everyone
 * buys 5 shares, then 1 a meeting (the fifth member 4 at first); the member (book 2):
 *   6 Jan  late: 5 shares (250), social fund 10, fine 5
 *  13 Jan  3 shares, corrected later to 2 (100); borrows 300 for 2 months, guarantor book 3:
 *          charged 30 at issue, owes 330
 *  10 Feb  1 share (50), repays 215, another fine 2: owes 115 (no anniversary yet)
 *  17 Feb  absent: fine 10; after the 13 Feb anniversary 10% of 115 = 11.50: owes 126.50
 */
async function groupAfterFourMeetings() {
	const group = await createTestSavingsGroup(db, {
		rules: { chargeMethod: 'declining', rateBp: 1_000, fineLate: 500n, fineAbsent: 1_000n }
	});
	const { memberId } = group.member;
	const [, , third, , fifth] = group.memberIds;
	const everyone = (shares: number) =>
		Object.fromEntries(group.memberIds.map((id) => [id, { shares }]));

	// 4 x 250 + 200 + a late fine of 5.
	await record(
		group,
		meetingSheet(
			group.memberIds,
			'2026-01-06',
			{
				rows: {
					...everyone(5),
					[fifth]: { shares: 4 },
					[memberId]: { shares: 5, attendance: 'late', socialFund: 1_000n }
				}
			},
			counted(120_500n)
		)
	);
	// 4 x 50 + 150 - 300 lent.
	const lentAt = await record(
		group,
		meetingSheet(
			group.memberIds,
			'2026-01-13',
			{
				rows: { [memberId]: { shares: 3 } },
				loans: [
					{ memberId, principal: 30_000n, termMonths: 2, purpose: 'stall', guarantorIds: [third] }
				]
			},
			counted(125_500n)
		)
	);
	// 5 x 50 + 215 repaid + a fine of 2.
	await record(
		group,
		meetingSheet(
			group.memberIds,
			'2026-02-10',
			{ rows: { [memberId]: { repaid: 21_500n, fineOther: 200n } } },
			counted(172_200n)
		)
	);
	// 4 x 50 + an absence of 10.
	await record(
		group,
		meetingSheet(
			group.memberIds,
			'2026-02-17',
			{ rows: { [memberId]: { attendance: 'absent', shares: 0 } } },
			counted(193_200n)
		)
	);
	const shares = await db
		.selectFrom('savings_entry')
		.select('id')
		.where('meeting_id', '=', lentAt)
		.where('member_id', '=', memberId)
		.where('kind', '=', 'shares')
		.executeTakeFirstOrThrow();
	const corrected = await correctEntry(
		db,
		group.secretary,
		group.id,
		{
			entryId: shares.id,
			reason: 'Two shares, not three',
			restated: { shares: 2 },
			formKey: newFormKey(new Date())
		},
		new Date()
	);
	if (!corrected.ok) throw new Error('correction refused');
	return group;
}

const line = (fields: Record<string, unknown>) => ({
	kind: 'meeting',
	attendance: 'present',
	sharesBought: 0,
	savingsAdded: 0n,
	socialFund: 0n,
	fines: 0n,
	repaid: 0n,
	charged: 0n,
	borrowed: 0n,
	paidOut: 0n,
	corrected: false,
	...fields
});

describe('a member’s passbook', () => {
	it('shows each meeting’s line as it stands after a correction, the totals and the loan', async () => {
		const group = await groupAfterFourMeetings();
		const { memberId } = group.member;
		const book = await readPassbook(db, group.member, group.id, memberId, '2026-02-20');

		expect(book.member).toEqual({
			id: memberId,
			name: await nameOf(memberId),
			bookNumber: 2,
			officer: null,
			status: 'active',
			joinedOn: '2026-01-06',
			leftOn: null
		});
		expect(book.currency).toBe('THB');
		expect(book.sharePrice).toBe(5_000n);
		expect(book.lines).toEqual([
			line({
				heldOn: '2026-01-06',
				attendance: 'late',
				sharesBought: 5,
				savingsAdded: 25_000n,
				socialFund: 1_000n,
				fines: 500n
			}),
			line({
				heldOn: '2026-01-13',
				sharesBought: 2,
				savingsAdded: 10_000n,
				charged: 3_000n,
				borrowed: 30_000n,
				corrected: true
			}),
			line({
				heldOn: '2026-02-10',
				sharesBought: 1,
				savingsAdded: 5_000n,
				fines: 200n,
				repaid: 21_500n
			}),
			line({ heldOn: '2026-02-17', attendance: 'absent', fines: 1_000n, charged: 1_150n })
		]);
		expect(book.totals).toEqual({
			shares: 8,
			savings: 40_000n,
			socialFund: 1_000n,
			fines: 1_700n,
			owed: 12_650n
		});
		expect(book.loans).toEqual([
			{
				id: expect.any(String),
				issuedOn: '2026-01-13',
				dueOn: '2026-03-13',
				principal: 30_000n,
				owed: 12_650n,
				charged: 4_150n,
				overdue: false,
				broughtIn: false,
				guarantors: [await nameOf(group.memberIds[2])]
			}
		]);
		// The day after it fell due, with 126.50 still owed.
		const late = await readPassbook(db, group.member, group.id, memberId, '2026-03-14');
		expect(late.loans[0].overdue).toBe(true);

		// Fund: 1,882 in the box + 126.50 owed = 2,008.50 over 39 shares, 51.50 a share: her 8 are
		// worth 412, less the 126.50 she owes.
		expect(book.projected).toBe(41_200n - 12_650n);
		// A member who never borrowed and whose line was never corrected.
		const third = await readPassbook(db, group.member, group.id, group.memberIds[2], '2026-02-20');
		expect(third.lines.map((l) => [l.sharesBought, l.corrected])).toEqual([
			[5, false],
			[1, false],
			[1, false],
			[1, false]
		]);
		expect(third.loans).toEqual([]);
		expect(third.totals.owed).toBe(0n);
	});

	it('projects for every member exactly what the share-out would pay them today', async () => {
		const group = await groupAfterFourMeetings();
		const cycle = await db
			.selectFrom('savings_cycle')
			.select('id')
			.where('group_id', '=', group.id)
			.executeTakeFirstOrThrow();
		const books = await readBooks(db, cycle.id);
		const members = await db
			.selectFrom('savings_member')
			.select(['id', 'joined_on', 'book_number'])
			.where('group_id', '=', group.id)
			.execute();
		const expected = shareOut({
			loanFundCash: books.cash['loan:box'] + books.cash['loan:bank'],
			cashUnit: 100n,
			members: members.map((m) => ({
				id: m.id,
				shares: BigInt(books.members.get(m.id)?.shares ?? 0),
				owed: books.loans.filter((l) => l.memberId === m.id).reduce((sum, l) => sum + l.owed, 0n),
				joinedAt: new Date(Date.parse(m.joined_on) + m.book_number)
			}))
		});
		if (!expected.ok) throw new Error('no share-out');
		// The fifth member's 7 shares are worth 360.50: 360 in cash, the 50 satang stay in the box.
		expect(expected.shareOut.remainder).toBe(50n);
		for (const payout of expected.shareOut.payouts) {
			const book = await readPassbook(db, group.secretary, group.id, payout.id, '2026-02-20');
			expect(book.projected).toBe(payout.net);
		}
	});

	it('hands the leftover cash units to the lowest book numbers among those who joined the same day', async () => {
		const group = await createTestSavingsGroup(db);
		await record(
			group,
			meetingSheet(
				group.memberIds,
				'2026-01-06',
				{ other: [{ direction: 'income', amount: 300n, note: 'bank interest' }] },
				counted(25_300n, 0n)
			)
		);
		// 253 baht over 5 shares is 50.60 each: 50 baht each, and the 3 baht left to books 1 to 3.
		const projected = await Promise.all(
			group.memberIds.map(
				async (id) =>
					(await readPassbook(db, group.secretary, group.id, id, '2026-01-06')).projected
			)
		);
		expect(projected).toEqual([5_100n, 5_100n, 5_100n, 5_000n, 5_000n]);
	});

	it('is empty, with nothing to project, before the first meeting', async () => {
		const group = await createTestSavingsGroup(db);
		const book = await readPassbook(
			db,
			group.member,
			group.id,
			group.member.memberId,
			'2026-01-01'
		);
		expect(book).toMatchObject({
			lines: [],
			loans: [],
			totals: { shares: 0, savings: 0n, socialFund: 0n, fines: 0n, owed: 0n },
			projected: null
		});
	});

	it('names a former member as nobody: as a guarantor, in their own book and in the table', async () => {
		const group = await createTestSavingsGroup(db);
		const [, , third] = group.memberIds;
		await record(group, meetingSheet(group.memberIds, '2026-01-06', {}, counted(25_000n, 0n)));
		await record(
			group,
			meetingSheet(
				group.memberIds,
				'2026-01-13',
				{
					loans: [
						{
							memberId: third,
							principal: 10_000n,
							termMonths: 1,
							purpose: '',
							guarantorIds: [group.member.memberId]
						}
					]
				},
				counted(40_000n, 0n)
			)
		);
		await db
			.transaction()
			.execute((trx) => eraseSavingsMemberships(trx, group.member.id, new Date()));

		const book = await readPassbook(db, group.secretary, group.id, third, '2026-01-20');
		expect(book.loans.map((loan) => loan.guarantors)).toEqual([[null]]);
		const former = await readPassbook(
			db,
			group.secretary,
			group.id,
			group.member.memberId,
			'2026-01-20'
		);
		expect(former.member.name).toBeNull();
		expect(former.totals.shares).toBe(2);
		const table = await readMembersTable(db, group.secretary, group.id);
		expect(table.members[1]).toMatchObject({ name: null, hasAccount: false, shares: 2 });
	});
});

describe('who reads a passbook', () => {
	const closeBooks = (group: TestSavingsGroup) =>
		db.updateTable('savings_group').set({ open_books: false }).where('id', '=', group.id).execute();

	it('a member reads their own; another’s only while the books are open, unless an officer or staff', async () => {
		const group = await createTestSavingsGroup(db);
		const [, , third] = group.memberIds;
		const read = (actor: Parameters<typeof readPassbook>[1], memberId: string) =>
			readPassbook(db, actor, group.id, memberId, '2026-01-06');

		await expect(read(group.member, group.member.memberId)).resolves.toMatchObject({
			member: { id: group.member.memberId }
		});
		await expect(read(group.member, third)).resolves.toMatchObject({ member: { id: third } });

		await closeBooks(group);
		await expect(read(group.member, group.member.memberId)).resolves.toMatchObject({
			member: { id: group.member.memberId }
		});
		await expect(read(group.member, third)).rejects.toMatchObject({ status: 404 });
		await expect(read(group.member, group.secretary.memberId)).rejects.toMatchObject({
			status: 404
		});
		for (const actor of [group.secretary, group.coordinator]) {
			await expect(read(actor, third)).resolves.toMatchObject({ member: { id: third } });
		}
	});

	it('is a 404 for an outsider, another group’s member, and a member id that is not of this group', async () => {
		const group = await createTestSavingsGroup(db);
		const other = await createTestSavingsGroup(db);
		const outsider = await signedIn(db, await createAccount(db));
		for (const actor of [outsider, other.member, other.secretary]) {
			await expect(
				readPassbook(db, actor, group.id, group.member.memberId, '2026-01-06')
			).rejects.toMatchObject({ status: 404 });
		}
		for (const memberId of [other.member.memberId, crypto.randomUUID(), 'not-an-id', null]) {
			await expect(
				readPassbook(db, group.secretary, group.id, memberId, '2026-01-06')
			).rejects.toMatchObject({ status: 404 });
		}
		await expect(
			readPassbook(db, group.secretary, 'not-an-id', group.member.memberId, '2026-01-06')
		).rejects.toMatchObject({ status: 404 });
	});
});

describe('the members’ table', () => {
	it('lists everyone in book order; with the books closed a member sees only their own figures', async () => {
		const group = await createTestSavingsGroup(db);
		const { memberId } = group.member;
		await record(
			group,
			meetingSheet(
				group.memberIds,
				'2026-01-06',
				{ rows: { [memberId]: { shares: 3 } } },
				counted(35_000n, 0n)
			)
		);
		await record(
			group,
			meetingSheet(
				group.memberIds,
				'2026-01-13',
				{
					loans: [{ memberId, principal: 20_000n, termMonths: 1, purpose: '', guarantorIds: [] }]
				},
				counted(40_000n, 0n)
			)
		);
		const totals = { shares: 12, savings: 60_000n, owed: 21_000n };
		const figures = (shares: number, owed = 0n) => ({
			shares,
			savings: BigInt(shares) * 5_000n,
			owed
		});

		const open = await readMembersTable(db, group.member, group.id);
		expect(open.currency).toBe('THB');
		expect(open.totals).toEqual(totals);
		expect(open.members.map((m) => m.id)).toEqual(group.memberIds);
		expect(open.members[0]).toMatchObject({
			bookNumber: 1,
			officer: 'secretary',
			status: 'active',
			hasAccount: true,
			...figures(2)
		});
		expect(open.members[1]).toMatchObject({ name: await nameOf(memberId), ...figures(4, 21_000n) });
		expect(open.members[2]).toMatchObject({ hasAccount: false, ...figures(2) });

		await db
			.updateTable('savings_group')
			.set({ open_books: false })
			.where('id', '=', group.id)
			.execute();
		const closed = await readMembersTable(db, group.member, group.id);
		expect(closed.totals).toEqual(totals);
		expect(closed.members.map((m) => [m.shares, m.savings, m.owed])).toEqual([
			[null, null, null],
			[4, 20_000n, 21_000n],
			[null, null, null],
			[null, null, null],
			[null, null, null]
		]);
		expect(closed.members[2].name).toBe(await nameOf(group.memberIds[2]));
		for (const actor of [group.secretary, group.coordinator]) {
			const table = await readMembersTable(db, actor, group.id);
			expect(table.members[0]).toMatchObject(figures(2));
		}
	});

	it('is a 404 for anyone outside the group', async () => {
		const group = await createTestSavingsGroup(db);
		const other = await createTestSavingsGroup(db);
		const outsider = await signedIn(db, await createAccount(db));
		for (const actor of [outsider, other.secretary]) {
			await expect(readMembersTable(db, actor, group.id)).rejects.toMatchObject({ status: 404 });
		}
	});
});
