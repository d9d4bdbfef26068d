import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createTestSavingsGroup, type TestSavingsGroup } from '../../../../tests/helpers/savings';
import { groupSharingOut } from '../../../../tests/helpers/savings-guarantee';
import type { AccountActor } from '../access/actor';
import type { DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import { readBooks } from './books';
import { readCycleShareOut } from './cycle-share-out';
import { decideGuaranteeCharge, type GuaranteeChargeInput } from './guarantee-charge';
import { readPassbook } from './passbook';
import { appointOfficer } from './setup';
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

const decide = (
	actor: AccountActor,
	group: TestSavingsGroup,
	input: Partial<GuaranteeChargeInput> & { loanId: string },
	formKey = newFormKey(new Date())
) =>
	decideGuaranteeCharge(
		db,
		actor,
		group.id,
		{ charge: true, groupAgreed: true, formKey, ...input },
		new Date()
	);

const decisions = (loanId: string) =>
	db
		.selectFrom('savings_guarantee_charge')
		.select(['number', 'charged'])
		.where('loan_id', '=', loanId)
		.orderBy('number')
		.execute();

async function netsOf(group: TestSavingsGroup) {
	const read = await readShareOut(db, group.secretary, group.id);
	if (!read.ok) throw new Error(read.problem);
	return read.state;
}

describe('charging a loan to its guarantors at share-out', () => {
	it('splits the shortfall among the guarantors, keeps the fund, and the books end at zero', async () => {
		const { group, loanC } = await groupSharingOut(db);
		const [first, second, c, d, e] = group.memberIds;

		const before = await netsOf(group);
		expect(before.shortfalls).toEqual([
			{
				loanId: loanC,
				borrowerId: c,
				shortfall: 10_156n,
				charged: false,
				parts: [
					{ memberId: first, amount: 3_386n },
					{ memberId: second, amount: 3_385n },
					{ memberId: d, amount: 3_385n }
				]
			}
		]);

		expect(await decide(group.secretary, group, { loanId: loanC })).toEqual({ ok: true });
		const after = await netsOf(group);
		expect(after.shareOut.fund).toBe(before.shareOut.fund);
		expect(Object.fromEntries(after.shareOut.payouts.map((p) => [p.id, p.net]))).toEqual({
			[first]: 10_044n - 3_386n,
			[second]: 10_044n - 3_385n,
			[c]: 0n,
			[d]: 10_044n - 1_010n - 3_385n,
			[e]: 10_044n - 1_010n
		});
		expect(after.shareOut.payouts.find((p) => p.id === d)?.guarantee).toBe(3_385n);
		// What the members are handed adds up to the cash in the box, as before.
		expect(after.shareOut.payouts.reduce((sum, p) => sum + p.net, 0n)).toBe(28_000n);

		// A guarantor's passbook shows the payout with their part taken off.
		const passbook = await readPassbook(db, group.secretary, group.id, first, '2026-02-01');
		expect(passbook.projected).toBe(10_044n - 3_386n);

		// The page shows the calculation's guarantor lines to the officers.
		const page = await readCycleShareOut(db, group.secretary, group.id);
		expect(page.shortfalls).toMatchObject([{ loanId: loanC, charged: true }]);

		expect(
			await appointOfficer(db, group.coordinator, group.id, { memberId: e, officer: 'chair' })
		).toEqual({ ok: true });
		// The chair (E) has no account: the secretary records the chair's approval.
		expect(
			await approveShareOut(db, group.secretary, group.id, { officer: 'chair', ...use() })
		).toEqual({ ok: true });
		expect(await decide(group.secretary, group, { loanId: loanC, charge: false })).toEqual({
			ok: false,
			problem: 'already_approved'
		});
		expect(
			await approveShareOut(db, group.secretary, group.id, { officer: 'secretary', ...use() })
		).toEqual({ ok: true });

		// A guarantor first, then the borrower, then the rest: the loan ends at zero.
		expect(await payOut(db, group.secretary, group.id, { memberId: d, ...use() })).toEqual({
			ok: true,
			net: 10_044n - 1_010n - 3_385n
		});
		const paidSoFar = await readCycleShareOut(db, group.secretary, group.id);
		expect([...paidSoFar.paid.keys()]).toEqual([d]);
		expect(await payOut(db, group.secretary, group.id, { memberId: c, ...use() })).toEqual({
			ok: true,
			net: 0n
		});
		for (const id of [first, second, e]) {
			expect(await payOut(db, group.secretary, group.id, { memberId: id, ...use() })).toMatchObject(
				{ ok: true }
			);
		}
		const cycleId = (await netsOf(group)).lastMeetingId;
		const { cycle_id } = await db
			.selectFrom('savings_meeting')
			.select('cycle_id')
			.where('id', '=', cycleId)
			.executeTakeFirstOrThrow();
		const books = await readBooks(db, cycle_id);
		expect(books.loans.map((loan) => loan.owed)).toEqual([0n, 0n, 0n]);
		expect(books.cash['loan:box']).toBe(0n);
		const handed = await readCycleShareOut(db, group.secretary, group.id);
		expect(handed.paid.get(first)).toBe(10_044n - 3_386n);
		expect(handed.paid.get(c)).toBe(0n);
		expect(await closeCycle(db, group.secretary, group.id, use())).toEqual({
			ok: true,
			carried: { loan: 0n, social: 0n }
		});

		// The closed cycle's share-out still shows who paid what for the loan.
		const closed = await readCycleShareOut(db, group.secretary, group.id);
		expect(closed.shortfalls).toMatchObject([{ loanId: loanC, shortfall: 10_156n }]);
		expect(closed.shareOut?.payouts.find((p) => p.id === first)?.guarantee).toBe(3_386n);
	});

	it('is undone before approval, and kept when the books are reopened', async () => {
		const { group, loanC } = await groupSharingOut(db);
		const formKey = newFormKey(new Date());
		expect(await decide(group.secretary, group, { loanId: loanC }, formKey)).toEqual({ ok: true });
		// The same form sent again does its work once.
		expect(await decide(group.secretary, group, { loanId: loanC }, formKey)).toEqual({ ok: true });
		expect(await decide(group.secretary, group, { loanId: loanC })).toEqual({
			ok: false,
			problem: 'already_decided'
		});
		expect(await reopenCycle(db, group.secretary, group.id, use())).toEqual({ ok: true });
		expect(await decide(group.secretary, group, { loanId: loanC, charge: false })).toEqual({
			ok: false,
			problem: 'not_sharing_out'
		});
		expect(await startShareOut(db, group.secretary, group.id, use())).toEqual({ ok: true });
		expect((await netsOf(group)).shortfalls[0].charged).toBe(true);

		expect(await decide(group.secretary, group, { loanId: loanC, charge: false })).toEqual({
			ok: true
		});
		expect((await netsOf(group)).shortfalls[0].charged).toBe(false);
		expect(await decide(group.secretary, group, { loanId: loanC, charge: false })).toEqual({
			ok: false,
			problem: 'not_decided'
		});
		expect(await decide(group.secretary, group, { loanId: loanC })).toEqual({ ok: true });
		expect(await decisions(loanC)).toEqual([
			{ number: 1, charged: true },
			{ number: 2, charged: false },
			{ number: 3, charged: true }
		]);
	});

	it('refuses what it cannot do, and changes nothing', async () => {
		const { group, loanC, loanD, loanE } = await groupSharingOut(db);
		const other = await groupSharingOut(db);
		const refusals: Array<[Partial<GuaranteeChargeInput> & { loanId: string }, string]> = [
			[{ loanId: loanC, groupAgreed: false }, 'agreement_needed'],
			[{ loanId: 'not-a-loan' }, 'not_found'],
			[{ loanId: other.loanC }, 'not_found'],
			[{ loanId: loanE }, 'no_guarantors'],
			[{ loanId: loanD }, 'no_shortfall'],
			[{ loanId: loanC, charge: false }, 'not_decided']
		];
		for (const [input, problem] of refusals) {
			expect(await decide(group.secretary, group, input)).toEqual({ ok: false, problem });
		}
		expect(await decisions(loanC)).toEqual([]);
		expect(await decisions(other.loanC)).toEqual([]);
	});

	it('is for the group’s recording officers only', async () => {
		const { group, loanC } = await groupSharingOut(db);
		const other = await createTestSavingsGroup(db);
		for (const actor of [group.member, other.secretary, group.coordinator]) {
			await expect(decide(actor, group, { loanId: loanC })).rejects.toMatchObject({
				status: 404
			});
		}
		expect(await decisions(loanC)).toEqual([]);
	});

	it('takes one decision when two officers decide at once', async () => {
		const { group, loanC } = await groupSharingOut(db);
		// The member becomes treasurer: a second recording officer with an account.
		expect(
			await appointOfficer(db, group.coordinator, group.id, {
				memberId: group.member.memberId,
				officer: 'treasurer'
			})
		).toEqual({ ok: true });
		const results = await Promise.all([
			decide(group.secretary, group, { loanId: loanC }),
			decide(group.member, group, { loanId: loanC })
		]);
		expect(results).toContainEqual({ ok: true });
		expect(results).toContainEqual({ ok: false, problem: 'already_decided' });
		expect(await decisions(loanC)).toEqual([{ number: 1, charged: true }]);
	});
});
