import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	chargeGuarantors,
	shareOut,
	shortfalls,
	type OwedLoan,
	type ShareOut,
	type ShareOutMember
} from './share-out';

const joined = (day: number) => new Date(Date.UTC(2026, 0, day));
const member = (id: string, shares: number, owed = 0, day = 1): ShareOutMember => ({
	id,
	shares: BigInt(shares),
	owed: BigInt(owed),
	joinedAt: joined(day)
});
const loan = (
	id: string,
	borrowerId: string,
	owed: number,
	guarantors: Array<[string, number]>,
	charged = true
): OwedLoan => ({
	id,
	borrowerId,
	owed: BigInt(owed),
	guarantors: guarantors.map(([gid, day]) => ({ id: gid, joinedAt: joined(day) })),
	charged
});

function divided(input: Parameters<typeof shareOut>[0]): ShareOut {
	const result = shareOut(input);
	if (!result.ok) throw new Error(result.problem);
	return result.shareOut;
}

const byId = <T extends { id: string }>(rows: readonly T[]) =>
	Object.fromEntries(rows.map((row) => [row.id, row]));

describe('charging a shortfall to the guarantors', () => {
	it.each([
		{
			name: 'the borrower pays what their payout covers; the guarantors split the rest',
			// Box 2,000 + owed 8,000 = 10,000 over 10 shares: the borrower's 2 shares are worth 2,000.
			cash: 2_000n,
			members: [member('b', 2, 8_000), member('g1', 4), member('g2', 4)],
			loans: [
				loan('L', 'b', 8_000, [
					['g1', 1],
					['g2', 2]
				])
			],
			shortfall: 6_000n,
			parts: { g1: 3_000n, g2: 3_000n },
			net: { b: 0n, g1: 1_000n, g2: 1_000n }
		},
		{
			name: 'an odd minor unit goes to the guarantor who joined first',
			// Fund 10,000 over 10 shares: the borrower's 2,000 pays 2,000 of the 8,001 owed.
			cash: 1_999n,
			members: [member('b', 2, 8_001), member('x', 4, 0, 9), member('y', 2, 0, 3), member('z', 2)],
			loans: [
				loan('L', 'b', 8_001, [
					['x', 9],
					['y', 3],
					['z', 1]
				])
			],
			shortfall: 6_001n,
			parts: { z: 2_001n, y: 2_000n, x: 2_000n },
			net: { b: 0n, x: 2_000n, y: 0n, z: -1n }
		},
		{
			name: 'two odd units: the two earliest joiners',
			cash: 2_997n,
			members: [
				member('b', 2, 7_003),
				member('late', 4, 0, 9),
				member('first', 2, 0, 1),
				member('b2', 2, 0, 5)
			],
			loans: [
				loan('L', 'b', 7_003, [
					['late', 9],
					['first', 1],
					['b2', 5]
				])
			],
			shortfall: 5_003n,
			parts: { first: 1_668n, b2: 1_668n, late: 1_667n },
			net: { b: 0n, late: 2_333n, first: 332n, b2: 332n }
		},
		{
			name: 'a borrower with no payout at all: the whole balance is the shortfall',
			cash: 1_000n,
			members: [member('b', 0, 500), member('g', 3)],
			loans: [loan('L', 'b', 500, [['g', 1]])],
			shortfall: 500n,
			parts: { g: 500n },
			net: { b: 0n, g: 1_000n }
		},
		{
			name: 'the payout pays an unguaranteed loan first',
			// The 3,000 payout covers the 2,000 loan nobody guaranteed, then 1,000 of the 4,000.
			cash: 4_000n,
			members: [member('b', 3, 6_000), member('g', 7)],
			loans: [loan('L1', 'b', 4_000, [['g', 1]]), loan('L0', 'b', 2_000, [])],
			shortfall: 3_000n,
			parts: { g: 3_000n },
			net: { b: 0n, g: 4_000n }
		}
	])('$name', ({ cash, members, loans, shortfall, parts, net }) => {
		const before = divided({ loanFundCash: cash, cashUnit: 1n, members });
		const found = shortfalls(before.payouts, loans);
		expect(found.map((row) => row.shortfall)).toEqual([shortfall]);
		expect(Object.fromEntries(found[0].parts.map((p) => [p.memberId, p.amount]))).toEqual(parts);

		const after = chargeGuarantors(before, found);
		const lines = byId(after.payouts);
		expect(Object.fromEntries(Object.keys(net).map((id) => [id, lines[id].net]))).toEqual(net);
		for (const [id, amount] of Object.entries(parts)) expect(lines[id].guarantee).toBe(amount);
		// The fund, every gross payout and what leaves the box stay as they were.
		expect(after.fund).toBe(before.fund);
		expect(after.payouts.reduce((sum, p) => sum + p.gross, 0n) + after.remainder).toBe(after.fund);
		expect(after.payouts.reduce((sum, p) => sum + p.net, 0n)).toBe(
			before.payouts.reduce((sum, p) => sum + p.net, 0n)
		);
	});

	it('finds no shortfall where the payout covers the loan, and none without guarantors', () => {
		const before = divided({
			loanFundCash: 9_000n,
			cashUnit: 1n,
			members: [member('b', 5, 1_000), member('c', 5, 9_000)]
		});
		expect(
			shortfalls(before.payouts, [
				loan('covered', 'b', 1_000, [['c', 1]]),
				loan('alone', 'c', 9_000, [])
			])
		).toEqual([]);
	});

	it('leaves the share-out as it was while the group has not decided', () => {
		const before = divided({
			loanFundCash: 2_000n,
			cashUnit: 1n,
			members: [member('b', 2, 8_000), member('g', 8)]
		});
		const found = shortfalls(before.payouts, [loan('L', 'b', 8_000, [['g', 1]], false)]);
		expect(found).toMatchObject([{ shortfall: 6_000n, charged: false }]);
		expect(chargeGuarantors(before, found)).toEqual(before);
	});

	it('always keeps the fund and the payouts, and the parts add up to the shortfall', () => {
		const group = fc.record({
			cash: fc.bigInt({ min: 0n, max: 10n ** 9n }),
			shares: fc.array(fc.bigInt({ min: 0n, max: 50n }), { minLength: 2, maxLength: 8 }),
			owed: fc.bigInt({ min: 1n, max: 10n ** 9n }),
			guarantors: fc.integer({ min: 1, max: 3 }),
			unit: fc.constantFrom(1n, 100n)
		});
		fc.assert(
			fc.property(group, ({ cash, shares, owed, guarantors, unit }) => {
				const members = shares.map((count, index) => ({
					id: `m${index}`,
					shares: count,
					owed: index === 0 ? owed : 0n,
					joinedAt: joined(index + 1)
				}));
				const result = shareOut({ loanFundCash: cash, cashUnit: unit, members });
				if (!result.ok) return;
				const ids = members.slice(1, 1 + guarantors).map((m) => [m.id, 1] as [string, number]);
				const found = shortfalls(result.shareOut.payouts, [{ ...loan('L', 'm0', 0, ids), owed }]);
				const after = chargeGuarantors(result.shareOut, found);
				expect(after.fund).toBe(result.shareOut.fund);
				expect(after.distributed).toBe(result.shareOut.distributed);
				expect(after.payouts.reduce((sum, p) => sum + p.gross, 0n)).toBe(after.distributed);
				expect(after.payouts.reduce((sum, p) => sum + p.owed, 0n)).toBe(owed);
				for (const row of found) {
					const amounts = row.parts.map((p) => p.amount);
					expect(amounts.reduce((sum, a) => sum + a, 0n)).toBe(row.shortfall);
					expect(amounts[0] - amounts[amounts.length - 1] <= 1n).toBe(true);
				}
				for (const line of after.payouts) expect(line.net).toBe(line.gross - line.owed);
			}),
			{ numRuns: 300 }
		);
	});
});
