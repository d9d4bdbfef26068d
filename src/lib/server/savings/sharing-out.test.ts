import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { groupWithPhonelessChair, meetingSheet } from '../../../../tests/helpers/savings';
import type { DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import { readBooks } from './books';
import { recordMeeting } from './meeting';
import { startNextCycle } from './next-cycle';
import { defaultRules } from './savings-rules';
import {
	approveShareOut,
	closeCycle,
	payOut,
	readShareOut,
	reopenCycle,
	startShareOut
} from './sharing-out';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

const use = () => ({ formKey: newFormKey(new Date()), now: new Date() });

/**
 * Five members with 2, 1, 1, 1, 1 shares of 50 baht, a chair without a phone (6th member, 1
 * share), and a loan of 100 baht to the member at 10% flat for 1 month, still owed at the end.
 * A fine of 0.50 baht makes the fund not divide evenly.
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
	return { group, chairId, memberIds };
}

describe('sharing out at the end of a cycle', () => {
	it('is calculated, approved by the chair and the secretary, paid member by member, closed, and carried over', async () => {
		const { group, chairId, memberIds } = await groupAtTheEnd();
		const [secretary, member, third, fourth, fifth] = group.memberIds;

		// 13 shares; the fund is the box (550.50 baht) plus the 110 baht owed: 660.50 baht.
		const projected = await readShareOut(db, group.member, group.id);
		if (!projected.ok) throw new Error(projected.problem);
		const { shareOut } = projected.state;
		expect(shareOut).toMatchObject({
			fund: 66_050n,
			totalShares: 13n,
			distributed: 66_000n,
			remainder: 50n
		});
		// 50.81 baht a share: floors of 152 and 101 baht, the 3 baht left over to the largest
		// remainders (the 2-share members), ties in passbook order.
		expect(Object.fromEntries(shareOut.payouts.map((p) => [p.id, p.gross]))).toEqual({
			[secretary]: 15_200n,
			[member]: 10_200n,
			[third]: 10_200n,
			[fourth]: 10_200n,
			[fifth]: 10_100n,
			[chairId]: 10_100n
		});
		expect(shareOut.payouts.find((p) => p.id === member)).toMatchObject({
			owed: 11_000n,
			net: -800n
		});
		// 10 baht of social fund split six ways in whole baht: 1 baht each, 4 baht stay.
		expect(projected.state.social).toMatchObject({ total: 1_000n, split: true, perMember: 100n });

		expect(await startShareOut(db, group.secretary, group.id, use())).toEqual({ ok: true });
		const late = await recordMeeting(
			db,
			group.secretary,
			group.id,
			meetingSheet(memberIds, '2026-01-20'),
			{
				...use(),
				today: '2026-12-31'
			}
		);
		expect(late).toEqual({ ok: false, problem: 'no_open_cycle' });
		expect(await reopenCycle(db, group.secretary, group.id, use())).toEqual({ ok: true });
		expect(await startShareOut(db, group.secretary, group.id, use())).toEqual({ ok: true });

		expect(await payOut(db, group.secretary, group.id, { memberId: member, ...use() })).toEqual({
			ok: false,
			problem: 'not_approved'
		});
		await expect(
			approveShareOut(db, group.member, group.id, { officer: 'chair', ...use() })
		).rejects.toMatchObject({ status: 404 });
		// The chair has no phone: the secretary records the chair's approval.
		expect(
			await approveShareOut(db, group.secretary, group.id, { officer: 'chair', ...use() })
		).toEqual({ ok: true });
		expect(
			await approveShareOut(db, group.secretary, group.id, { officer: 'chair', ...use() })
		).toEqual({
			ok: false,
			problem: 'already_approved'
		});
		expect(await reopenCycle(db, group.secretary, group.id, use())).toEqual({
			ok: false,
			problem: 'already_approved'
		});
		expect(
			await approveShareOut(db, group.secretary, group.id, { officer: 'secretary', ...use() })
		).toEqual({
			ok: true
		});

		// The member owed more than their payout: they pay 8 baht in, and get 1 baht of social fund.
		expect(await payOut(db, group.secretary, group.id, { memberId: member, ...use() })).toEqual({
			ok: true,
			net: -700n
		});
		expect(await payOut(db, group.secretary, group.id, { memberId: member, ...use() })).toEqual({
			ok: false,
			problem: 'already_paid'
		});
		expect(await closeCycle(db, group.secretary, group.id, use())).toEqual({
			ok: false,
			problem: 'not_all_paid'
		});
		for (const id of [secretary, third, fourth, fifth, chairId]) {
			expect(await payOut(db, group.secretary, group.id, { memberId: id, ...use() })).toMatchObject(
				{ ok: true }
			);
		}
		expect(await closeCycle(db, group.secretary, group.id, use())).toEqual({
			ok: true,
			carried: { loan: 50n, social: 400n }
		});

		// The closed cycle's books end at zero: every share paid out, every loan repaid, the box empty.
		const cycles = await db
			.selectFrom('savings_cycle')
			.select(['id', 'state'])
			.where('group_id', '=', group.id)
			.orderBy('number')
			.execute();
		const closed = await readBooks(db, cycles[0].id);
		expect(Object.values(closed.cash)).toEqual([0n, 0n, 0n, 0n]);
		expect([...closed.members.values()].every((m) => m.shares === 0 && m.savings === 0n)).toBe(
			true
		);
		expect(closed.loans.every((loan) => loan.owed === 0n)).toBe(true);

		const next = await startNextCycle(db, group.secretary, group.id, {
			startsOn: '2027-01-05',
			rules: defaultRules('THB', 5_000n),
			...use()
		});
		expect(next).toMatchObject({ ok: true });
		const opened = await readBooks(db, next.ok ? next.cycleId : '');
		expect(opened.cash).toMatchObject({ 'loan:box': 50n, 'social:box': 400n });
	});

	it('waits for the bank’s money to come back to the box, and is for recording officers only', async () => {
		const { group, memberIds } = await groupAtTheEnd();
		await expect(startShareOut(db, group.member, group.id, use())).rejects.toMatchObject({
			status: 404
		});
		await expect(startShareOut(db, group.coordinator, group.id, use())).rejects.toMatchObject({
			status: 404
		});
		const banked = await recordMeeting(
			db,
			group.secretary,
			group.id,
			meetingSheet(
				memberIds,
				'2026-01-20',
				{ transfers: [{ fund: 'loan', to: 'bank', amount: 10_000n }] },
				{ loanBox: 55_050n + 30_000n - 10_000n, socialBox: 1_000n }
			),
			{ ...use(), today: '2026-12-31' }
		);
		expect(banked).toMatchObject({ ok: true });
		expect(await startShareOut(db, group.secretary, group.id, use())).toEqual({
			ok: false,
			problem: 'money_in_bank'
		});
	});
});
