import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import {
	createTestSavingsGroup,
	groupWithPhonelessChair,
	meetingSheet
} from '../../../../tests/helpers/savings';
import type { DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import { readBooks } from './books';
import { memberLeaves } from './leaving';
import { readMeeting } from './meeting-record';
import { readReinvestable, startNextCycle } from './next-cycle';
import { readMembersTable, readPassbook } from './passbook';
import { defaultRules } from './savings-rules';
import { approveShareOut, closeCycle, payOut, startShareOut } from './sharing-out';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

const use = () => ({ formKey: newFormKey(new Date()), now: new Date() });

/**
 * A cycle shared out and closed. Six members (the sixth a chair without a phone) buy 2 shares
 * each (the secretary 3) of 50 baht over two meetings; the fifth borrows 200 baht (220 owed), so
 * their payout goes to the loan and they pay in; the third leaves at the second meeting, paid
 * their savings. With `carry`, a 0.50 baht fine and 10 baht of social fund (kept) are carried
 * over; without it, payouts in whole satang leave nothing behind.
 */
async function closedCycle(options: { carry: boolean }) {
	const { group, chairId, memberIds, record } = await groupWithPhonelessChair(db, {
		rateBp: 1_000,
		cashUnit: options.carry ? 100n : 1n
	});
	const [secretary, member, third, fourth, fifth] = group.memberIds;
	const extra = options.carry ? { fine: 50n, social: 1_000n } : { fine: 0n, social: 0n };
	await record(
		meetingSheet(
			memberIds,
			'2026-01-06',
			{
				rows: {
					[secretary]: { shares: 2, socialFund: extra.social },
					[member]: { fineOther: extra.fine }
				}
			},
			{ loanBox: 35_000n + extra.fine, socialBox: extra.social }
		)
	);
	await record(
		meetingSheet(
			memberIds,
			'2026-01-13',
			{
				loans: [
					{ memberId: fifth, principal: 20_000n, termMonths: 1, purpose: '', guarantorIds: [] }
				]
			},
			{ loanBox: 45_000n + extra.fine, socialBox: extra.social }
		)
	);
	const second = await db
		.selectFrom('savings_meeting')
		.select('id')
		.where('group_id', '=', group.id)
		.where('held_on', '=', '2026-01-13')
		.executeTakeFirstOrThrow();
	const left = await memberLeaves(
		db,
		group.secretary,
		group.id,
		{ memberId: third, meetingId: second.id, formKey: newFormKey(new Date()) },
		new Date()
	);
	if (!left.ok) throw new Error(left.problem);

	expect(await startShareOut(db, group.secretary, group.id, use())).toEqual({ ok: true });
	for (const officer of ['chair', 'secretary'] as const)
		expect(await approveShareOut(db, group.secretary, group.id, { officer, ...use() })).toEqual({
			ok: true
		});
	const nets = new Map<string, bigint>();
	for (const id of [secretary, member, fourth, fifth, chairId]) {
		const paid = await payOut(db, group.secretary, group.id, { memberId: id, ...use() });
		if (!paid.ok) throw new Error(paid.problem);
		nets.set(id, paid.net);
	}
	const closed = await closeCycle(db, group.secretary, group.id, use());
	if (!closed.ok) throw new Error(closed.problem);
	return {
		group,
		chairId,
		ids: { secretary, member, third, fourth, fifth },
		nets,
		carried: closed.carried
	};
}

const cyclesOf = (groupId: string) =>
	db
		.selectFrom('savings_cycle')
		.select(['id', 'number'])
		.where('group_id', '=', groupId)
		.orderBy('number')
		.execute();

const entryCount = async (groupId: string) =>
	Number(
		(
			await db
				.selectFrom('savings_entry')
				.select((eb) => eb.fn.countAll().as('n'))
				.where('group_id', '=', groupId)
				.executeTakeFirstOrThrow()
		).n
	);

/** The new cycle's rules: a share of 10 baht, at most 5 a meeting. */
const newRules = { ...defaultRules('THB', 1_000n), rateBp: 1_000, maxShares: 5 };

describe('putting part of the payout into the next cycle', () => {
	it('lists the active members paid more than nothing, with what the ledger says they were paid', async () => {
		const { group, chairId, ids, nets } = await closedCycle({ carry: true });
		expect(nets.get(ids.fifth)! < 0n).toBe(true);

		const listed = await readReinvestable(db, group.secretary, group.id);
		// Not the leaver (paid on leaving), not the borrower (they paid in).
		expect(listed.map((row) => [row.id, row.payout])).toEqual(
			[ids.secretary, ids.member, ids.fourth, chairId].map((id) => [id, nets.get(id)])
		);
		await expect(readReinvestable(db, group.member, group.id)).rejects.toMatchObject({
			status: 404
		});
	});

	it('buys shares of the new price beyond the per-meeting most, into the box: the books reconcile and the passbook shows them', async () => {
		const { group, chairId, ids, nets, carried } = await closedCycle({ carry: true });
		expect(carried).toEqual({ loan: 50n, social: 1_000n });
		const payout = nets.get(ids.secretary)!;
		// As many shares of 10 baht as the payout buys: more than a meeting's 5.
		const most = Number(payout / 1_000n);
		expect(most).toBeGreaterThan(5);
		const input = {
			startsOn: '2027-01-05',
			rules: newRules,
			reinvest: new Map([
				[ids.secretary, most],
				[ids.fourth, 3],
				[ids.member, 0]
			]),
			...use()
		};
		const started = await startNextCycle(db, group.secretary, group.id, input);
		if (!started.ok) throw new Error(started.problem);
		// Sent again with the same key: the first result, nothing written twice.
		const entries = await entryCount(group.id);
		expect(await startNextCycle(db, group.secretary, group.id, input)).toEqual(started);
		expect(await entryCount(group.id)).toBe(entries);

		const books = await readBooks(db, started.cycleId);
		const secretaryIn = BigInt(most) * 1_000n;
		expect(books.members.get(ids.secretary)).toEqual({ shares: most, savings: secretaryIn });
		expect(books.members.get(ids.fourth)).toEqual({ shares: 3, savings: 3_000n });
		expect(books.members.has(ids.member)).toBe(false);
		expect(books.members.has(chairId)).toBe(false);
		// The box holds what was carried over plus every share bought from a payout.
		expect(books.cash).toEqual({
			'loan:box': 50n + secretaryIn + 3_000n,
			'social:box': 1_000n,
			'loan:bank': 0n,
			'social:bank': 0n
		});
		const savings = [...books.members.values()].reduce((sum, row) => sum + row.savings, 0n);
		expect(books.cash['loan:box']).toBe(carried.loan + savings);

		// One opening record holds both, each line labelled with where it came from.
		const opening = await db
			.selectFrom('savings_meeting')
			.select(['id', 'kind', 'held_on'])
			.where('cycle_id', '=', started.cycleId)
			.execute();
		expect(opening).toEqual([{ id: expect.any(String), kind: 'opening', held_on: '2027-01-05' }]);
		const record = await readMeeting(db, group.secretary, group.id, opening[0].id);
		expect(record.kind).toBe('opening');
		const notes = await db
			.selectFrom('savings_entry')
			.select(['kind', 'member_id', 'note'])
			.where('meeting_id', '=', opening[0].id)
			.where('kind', '=', 'opening_shares')
			.execute();
		expect(notes).toHaveLength(2);
		expect(notes.every((row) => row.note === 'share-out of cycle 1')).toBe(true);

		const book = await readPassbook(db, group.secretary, group.id, ids.secretary, '2027-01-05');
		expect(book.openingFrom).toBe('last_cycle');
		expect(book.lines).toEqual([
			expect.objectContaining({
				heldOn: '2027-01-05',
				kind: 'opening',
				sharesBought: most,
				savingsAdded: secretaryIn
			})
		]);
		expect(book.totals).toMatchObject({ shares: most, savings: secretaryIn });
		const table = await readMembersTable(db, group.member, group.id);
		expect(table.totals).toMatchObject({ shares: most + 3, savings: secretaryIn + 3_000n });
		// The secretary has an account: told in the app that their book changed.
		const notice = await db
			.selectFrom('savings_notice')
			.select('kind')
			.where('member_id', '=', ids.secretary)
			.where('meeting_id', '=', opening[0].id)
			.execute();
		expect(notice).toEqual([{ kind: 'meeting' }]);
	});

	it('opens the cycle with an opening record when only shares come in', async () => {
		const { group, ids, carried } = await closedCycle({ carry: false });
		expect(carried).toEqual({ loan: 0n, social: 0n });
		const started = await startNextCycle(db, group.secretary, group.id, {
			startsOn: '2027-01-05',
			rules: newRules,
			reinvest: new Map([[ids.member, 2]]),
			...use()
		});
		if (!started.ok) throw new Error(started.problem);
		const books = await readBooks(db, started.cycleId);
		expect(books.cash['loan:box']).toBe(2_000n);
		expect(books.members.get(ids.member)).toEqual({ shares: 2, savings: 2_000n });
		const book = await readPassbook(db, group.member, group.id, ids.member, '2027-01-05');
		expect(book.lines.map((line) => [line.kind, line.sharesBought])).toEqual([['opening', 2]]);
		expect(book.openingFrom).toBe('last_cycle');
		// A first cycle's opening can only come from the paper book.
		const first = await createTestSavingsGroup(db);
		expect(
			(await readPassbook(db, first.member, first.id, first.member.memberId, '2026-01-06'))
				.openingFrom
		).toBe('paper_book');
	});

	it('refuses shares over the payout, for anyone not paid, and what is not a whole count; nothing is recorded', async () => {
		const { group, ids, nets } = await closedCycle({ carry: true });
		const formKey = newFormKey(new Date());
		const tryWith = (reinvest: Map<string, number>) =>
			startNextCycle(db, group.secretary, group.id, {
				startsOn: '2027-01-05',
				rules: newRules,
				reinvest,
				formKey,
				now: new Date()
			});
		const overPayout = Number(nets.get(ids.secretary)! / 1_000n) + 1;
		const cases: Array<[string, Map<string, number>, string]> = [
			[
				'one share more than the payout buys',
				new Map([[ids.secretary, overPayout]]),
				'over_payout'
			],
			['the borrower who paid in', new Map([[ids.fifth, 1]]), 'not_paid'],
			['the member who left', new Map([[ids.third, 1]]), 'not_paid'],
			['no member of the group', new Map([[crypto.randomUUID(), 1]]), 'not_paid'],
			['below zero', new Map([[ids.member, -1]]), 'out_of_range'],
			['part of a share', new Map([[ids.member, 1.5]]), 'out_of_range']
		];
		const entries = await entryCount(group.id);
		for (const [, reinvest, problem] of cases) {
			const [memberId] = [...reinvest.keys()];
			expect(await tryWith(reinvest)).toEqual({
				ok: false,
				problem: 'reinvest',
				issues: [{ memberId, problem }]
			});
		}
		// Every problem at once, each for its member; the good line does not go in on its own.
		const all = await tryWith(
			new Map([
				[ids.member, 1],
				[ids.secretary, overPayout],
				[ids.fifth, 1]
			])
		);
		expect(all).toMatchObject({ ok: false, problem: 'reinvest' });
		expect(all.ok ? [] : 'issues' in all ? all.issues.map((i) => i.memberId) : []).toEqual([
			ids.secretary,
			ids.fifth
		]);
		expect(await cyclesOf(group.id)).toHaveLength(1);
		expect(await entryCount(group.id)).toBe(entries);

		// Refused, the key stays free: the form corrected and sent again goes in.
		expect(await tryWith(new Map([[ids.secretary, overPayout - 1]]))).toMatchObject({ ok: true });
		expect(await cyclesOf(group.id)).toHaveLength(2);
	});

	it('is for recording officers only: a plain member gets a 404 and nothing changes', async () => {
		const { group, ids } = await closedCycle({ carry: false });
		await expect(
			startNextCycle(db, group.member, group.id, {
				startsOn: '2027-01-05',
				rules: newRules,
				reinvest: new Map([[ids.member, 1]]),
				...use()
			})
		).rejects.toMatchObject({ status: 404 });
		expect(await cyclesOf(group.id)).toHaveLength(1);
	});
});
