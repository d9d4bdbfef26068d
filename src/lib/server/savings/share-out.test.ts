import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shareOut, type ShareOutMember } from './share-out';

const joined = (day: number) => new Date(Date.UTC(2026, 0, day));
const member = (id: string, shares: number, owed = 0, day = 1): ShareOutMember => ({
	id,
	shares: BigInt(shares),
	owed: BigInt(owed),
	joinedAt: joined(day)
});

function payouts(input: Parameters<typeof shareOut>[0]) {
	const result = shareOut(input);
	if (!result.ok) throw new Error(result.problem);
	return result.shareOut;
}

describe('share-out', () => {
	it.each([
		{
			name: 'divides evenly: no leftover unit',
			cash: 30_000n,
			unit: 100n,
			members: [member('a', 10), member('b', 20)],
			gross: { a: 10_000n, b: 20_000n },
			remainder: 0n
		},
		{
			name: 'one leftover unit to the largest remainder',
			// 1,000 riel in 100-riel notes, 1 share and 2 shares: 3.33 and 6.67 notes.
			cash: 1_000n,
			unit: 100n,
			members: [member('a', 1), member('b', 2)],
			gross: { a: 300n, b: 700n },
			remainder: 0n
		},
		{
			name: 'ties go to the member who joined first',
			// 10 units over 3 equal holders: 3 each, one left, equal remainders.
			cash: 10_000n,
			unit: 1_000n,
			members: [member('late', 5, 0, 9), member('early', 5, 0, 2), member('middle', 5, 0, 5)],
			gross: { late: 3_000n, early: 4_000n, middle: 3_000n },
			remainder: 0n
		},
		{
			name: 'two ties, two leftover units: the two earliest',
			cash: 11_000n,
			unit: 1_000n,
			members: [member('c', 1, 0, 3), member('a', 1, 0, 1), member('b', 1, 0, 2)],
			gross: { a: 4_000n, b: 4_000n, c: 3_000n },
			remainder: 0n
		},
		{
			name: 'less than one cash unit stays in the box',
			cash: 1_050n,
			unit: 100n,
			members: [member('a', 1), member('b', 1)],
			gross: { a: 500n, b: 500n },
			remainder: 50n
		},
		{
			name: 'a loan still owed is part of the fund and comes off its borrower',
			// Box 8,000 + owed 2,000 = fund 10,000 over 10 shares: 1,000 a share.
			cash: 8_000n,
			unit: 100n,
			members: [member('borrower', 4, 2_000), member('saver', 6)],
			gross: { borrower: 4_000n, saver: 6_000n },
			remainder: 0n
		}
	])('$name', ({ cash, unit, members, gross, remainder }) => {
		const result = payouts({ loanFundCash: cash, cashUnit: unit, members });
		expect(Object.fromEntries(result.payouts.map((p) => [p.id, p.gross]))).toEqual(gross);
		expect(result.remainder).toBe(remainder);
		expect(result.payouts.reduce((sum, p) => sum + p.gross, 0n) + result.remainder).toBe(
			result.fund
		);
	});

	it('pays a borrower their payout minus their balance, and says when they owe more', () => {
		const result = payouts({
			loanFundCash: 1_000n,
			cashUnit: 1n,
			members: [member('borrower', 1, 3_000), member('saver', 1)]
		});
		const byId = Object.fromEntries(result.payouts.map((p) => [p.id, p]));
		expect(result.fund).toBe(4_000n);
		expect(byId.borrower.net).toBe(-1_000n);
		expect(byId.saver.net).toBe(2_000n);
		// What leaves the box is the cash in it, plus what the borrower pays in.
		expect(byId.borrower.net + byId.saver.net).toBe(result.loanFundCash);
	});

	it('refuses a cycle with no shares and a fund below zero', () => {
		expect(shareOut({ loanFundCash: 100n, cashUnit: 1n, members: [member('a', 0)] })).toEqual({
			ok: false,
			problem: 'no_shares'
		});
		expect(shareOut({ loanFundCash: -500n, cashUnit: 1n, members: [member('a', 1)] })).toEqual({
			ok: false,
			problem: 'negative_fund'
		});
	});

	it('always adds up to the fund exactly, each within one unit of the exact share', () => {
		const group = fc.record({
			cash: fc.bigInt({ min: 0n, max: 10n ** 12n }),
			unit: fc.constantFrom(1n, 100n, 1_000n),
			members: fc.uniqueArray(
				fc.record({
					id: fc.uuid(),
					shares: fc.bigInt({ min: 0n, max: 1_500n }),
					owed: fc.bigInt({ min: 0n, max: 10n ** 9n }),
					day: fc.integer({ min: 1, max: 365 })
				}),
				{ minLength: 1, maxLength: 30, selector: (row) => row.id }
			)
		});
		fc.assert(
			fc.property(group, ({ cash, unit, members }) => {
				const result = shareOut({
					loanFundCash: cash,
					cashUnit: unit,
					members: members.map((row) => ({ ...row, joinedAt: joined(row.day) }))
				});
				const total = members.reduce((sum, row) => sum + row.shares, 0n);
				if (total === 0n) {
					expect(result).toEqual({ ok: false, problem: 'no_shares' });
					return;
				}
				if (!result.ok) throw new Error(result.problem);
				const { fund, remainder, payouts: rows } = result.shareOut;
				expect(rows.reduce((acc, row) => acc + row.gross, 0n) + remainder).toBe(fund);
				expect(remainder >= 0n && remainder < unit).toBe(true);
				for (const row of rows) {
					// |gross - shares * fund / total| < one unit, in integers.
					const exactTimesTotal = row.shares * fund;
					const gap = row.gross * total - exactTimesTotal;
					expect(row.gross % unit).toBe(0n);
					expect(gap < unit * total && gap > -unit * total).toBe(true);
					expect(row.net).toBe(row.gross - row.owed);
				}
			}),
			{ numRuns: 500 }
		);
	});
});
