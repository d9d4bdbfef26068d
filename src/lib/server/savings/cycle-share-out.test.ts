import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, signedIn } from '../../../../tests/helpers/factories';
import {
	createTestSavingsGroup,
	groupWithPhonelessChair,
	meetingSheet
} from '../../../../tests/helpers/savings';
import { ANONYMOUS } from '../access/actor';
import type { DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import { readCycleShareOut } from './cycle-share-out';
import { recordMeeting } from './meeting';
import { startNextCycle } from './next-cycle';
import { defaultRules } from './savings-rules';
import { approveShareOut, closeCycle, payOut, readShareOut, startShareOut } from './sharing-out';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

const use = () => ({ formKey: newFormKey(new Date()), now: new Date() });

/**
 * As in sharing-out.test.ts: five members and a chair without a phone; 13 shares of 50 baht; a
 * loan of 100 baht (110 owed) to the member; 10 baht of social fund, split at share-out.
 */
async function groupAtTheEnd() {
	const { group, chairId, memberIds, record } = await groupWithPhonelessChair(db, {
		rateBp: 1_000,
		socialFundAtShareOut: 'split',
		cashUnit: 100n
	});
	await record(
		meetingSheet(
			memberIds,
			'2026-01-06',
			{
				rows: {
					[group.secretary.memberId]: { shares: 2, socialFund: 1_000n },
					[group.member.memberId]: { fineOther: 50n }
				}
			},
			{ loanBox: 35_050n, socialBox: 1_000n }
		)
	);
	const everyone = (shares: number) => Object.fromEntries(memberIds.map((id) => [id, { shares }]));
	await record(
		meetingSheet(
			memberIds,
			'2026-01-13',
			{
				rows: everyone(1),
				loans: [
					{
						memberId: group.member.memberId,
						principal: 10_000n,
						termMonths: 1,
						purpose: '',
						guarantorIds: []
					}
				]
			},
			{ loanBox: 35_050n + 30_000n - 10_000n, socialBox: 1_000n }
		)
	);
	return { group, chairId, memberIds, record };
}

/** Starts, approves (the secretary records the chair's approval), pays everyone and closes. */
async function shareOutAndClose(group: Awaited<ReturnType<typeof groupAtTheEnd>>['group']) {
	expect(await startShareOut(db, group.secretary, group.id, use())).toEqual({ ok: true });
	for (const officer of ['chair', 'secretary'] as const) {
		expect(await approveShareOut(db, group.secretary, group.id, { officer, ...use() })).toEqual({
			ok: true
		});
	}
	const read = await readShareOut(db, group.secretary, group.id);
	if (!read.ok) throw new Error(read.problem);
	const due = new Set([
		...read.state.shareOut.payouts.map((p) => p.id),
		...read.state.social.members
	]);
	for (const memberId of due) {
		expect(await payOut(db, group.secretary, group.id, { memberId, ...use() })).toMatchObject({
			ok: true
		});
	}
	const closed = await closeCycle(db, group.secretary, group.id, use());
	if (!closed.ok) throw new Error(closed.problem);
	return closed.carried;
}

describe('a cycle’s share-out, as the page and the download show it', () => {
	it('before it starts: the service’s own projection, the loans still owed, who may approve', async () => {
		const { group, chairId } = await groupAtTheEnd();
		const read = await readCycleShareOut(db, group.secretary, group.id);
		const service = await readShareOut(db, group.secretary, group.id);
		if (!service.ok) throw new Error(service.problem);
		expect(read.problem).toBeNull();
		expect(read.shareOut).toEqual(service.state.shareOut);
		expect(read.social).toEqual(service.state.social);
		expect(read.cycle).toMatchObject({ number: 1, state: 'open', currency: 'THB', cashUnit: 100n });
		expect(read.allLines).toBe(true);
		expect(read.unpaidLoans).toEqual([
			expect.objectContaining({ memberId: group.member.memberId, owed: 11_000n })
		]);
		expect(read.latestMeeting).toMatchObject({ heldOn: '2026-01-13' });
		// The chair has no phone: the secretary records both approvals.
		expect(read.approvers).toEqual([
			{ officer: 'chair', memberId: chairId, readerMayApprove: true },
			{ officer: 'secretary', memberId: group.secretary.memberId, readerMayApprove: true }
		]);
		expect(read.paid.size).toBe(0);
		expect(read.carried).toBeNull();

		// A member reads every line (open books) but writes nothing off and approves nothing.
		const asMember = await readCycleShareOut(db, group.member, group.id);
		expect(asMember.shareOut?.payouts).toHaveLength(6);
		expect(asMember.unpaidLoans).toEqual([]);
		expect(asMember.approvers.every((a) => !a.readerMayApprove)).toBe(true);
		// Staff look after the group: they read it all and record nothing.
		const asStaff = await readCycleShareOut(db, group.coordinator, group.id);
		expect(asStaff.shareOut?.payouts).toHaveLength(6);
		expect(asStaff.unpaidLoans).toEqual([]);
	});

	it('where the books are closed, a member sees the totals and only their own line', async () => {
		const { group } = await groupAtTheEnd();
		await db
			.updateTable('savings_group')
			.set({ open_books: false })
			.where('id', '=', group.id)
			.execute();
		const read = await readCycleShareOut(db, group.member, group.id);
		expect(read.allLines).toBe(false);
		expect(read.shareOut).toMatchObject({ fund: 66_050n, totalShares: 13n });
		expect(read.shareOut?.payouts.map((p) => p.id)).toEqual([group.member.memberId]);
		expect(read.leftoverUnits).toBe(3);
		// Names: their own and the officers' (who approve), nobody else's.
		expect(read.members.map((m) => m.id).sort()).toEqual(
			[group.member.memberId, group.secretary.memberId, read.approvers[0].memberId!].sort()
		);
		const asSecretary = await readCycleShareOut(db, group.secretary, group.id);
		expect(asSecretary.shareOut?.payouts).toHaveLength(6);
	});

	it('is a 404 for anyone outside the group, and for a cycle the group does not have', async () => {
		const { group } = await groupAtTheEnd();
		const other = await createTestSavingsGroup(db);
		const outsider = await signedIn(db, await createAccount(db));
		for (const actor of [ANONYMOUS, outsider, other.secretary, other.member]) {
			await expect(readCycleShareOut(db, actor, group.id)).rejects.toMatchObject({ status: 404 });
		}
		await expect(readCycleShareOut(db, group.secretary, group.id, 2)).rejects.toMatchObject({
			status: 404
		});
		await expect(readCycleShareOut(db, group.secretary, 'not-an-id')).rejects.toMatchObject({
			status: 404
		});
		// An admin is staff too.
		const admin = await signedIn(db, await createAccount(db, { role: 'admin' }));
		expect(await readCycleShareOut(db, admin, group.id)).toMatchObject({
			allLines: true
		});
	});

	it('once closed: the figures the officers approved, what each was handed, what was carried over', async () => {
		const { group } = await groupAtTheEnd();
		const before = await readShareOut(db, group.secretary, group.id);
		if (!before.ok) throw new Error(before.problem);
		const carried = await shareOutAndClose(group);
		expect(carried).toEqual({ loan: 50n, social: 400n });

		const read = await readCycleShareOut(db, group.member, group.id);
		expect(read.cycle).toMatchObject({ number: 1, state: 'closed' });
		expect(read.cycle.closedAt).toBeInstanceOf(Date);
		expect(read.shareOut).toEqual(before.state.shareOut);
		expect(read.social).toEqual(before.state.social);
		expect(read.carried).toEqual(carried);
		const approvals = await db
			.selectFrom('savings_share_out_approval')
			.select(['fund', 'total_shares'])
			.where('group_id', '=', group.id)
			.execute();
		for (const approval of approvals) {
			expect(approval).toEqual({
				fund: read.shareOut!.fund,
				total_shares: read.shareOut!.totalShares
			});
		}
		expect(read.approvals.map((a) => [a.officer, a.recordedBy])).toEqual([
			['chair', group.secretary.memberId],
			['secretary', group.secretary.memberId]
		]);
		// Each was handed their payout less what they owed, plus 1 baht of social fund.
		for (const payout of before.state.shareOut.payouts) {
			expect(read.paid.get(payout.id)).toBe(payout.net + 100n);
		}
		expect(read.unpaidLoans).toEqual([]);
	});

	it('a later cycle reads its own share-out, with the money carried into it left in', async () => {
		const { group, memberIds } = await groupAtTheEnd();
		await shareOutAndClose(group);
		const next = await startNextCycle(db, group.secretary, group.id, {
			startsOn: '2027-01-05',
			rules: { ...defaultRules('THB', 5_000n), cashUnit: 100n },
			...use()
		});
		expect(next).toMatchObject({ ok: true });
		// Nothing bought yet: nothing to share out, but the page can say so.
		const empty = await readCycleShareOut(db, group.secretary, group.id);
		expect(empty).toMatchObject({ cycle: { number: 2, state: 'open' }, problem: 'no_shares' });
		expect(empty.cycles).toEqual([
			{ number: 2, state: 'open' },
			{ number: 1, state: 'closed' }
		]);

		const result = await recordMeeting(
			db,
			group.secretary,
			group.id,
			meetingSheet(memberIds, '2027-01-12', {}, { loanBox: 50n + 30_000n, socialBox: 400n }),
			{ ...use(), today: '2027-12-31' }
		);
		expect(result).toMatchObject({ ok: true });
		const before = await readShareOut(db, group.secretary, group.id);
		if (!before.ok) throw new Error(before.problem);
		// The 50 satang carried in are in the fund.
		expect(before.state.shareOut).toMatchObject({ fund: 30_050n, totalShares: 6n });
		await shareOutAndClose(group);
		const second = await readCycleShareOut(db, group.secretary, group.id, 2);
		expect(second.shareOut).toEqual(before.state.shareOut);
		expect(second.carried).toEqual({ loan: 50n, social: 400n });
		// The first cycle still reads as it closed.
		expect((await readCycleShareOut(db, group.secretary, group.id, 1)).shareOut).toMatchObject({
			fund: 66_050n
		});
	});
});
