import { describe, expect, it } from 'vitest';
import { chargeOn, isOverdue, loanStatement, type LoanTerms } from './service-charge';

const terms = (overrides: Partial<LoanTerms> = {}): LoanTerms => ({
	principal: 100_000n,
	issuedOn: '2026-01-10',
	monthlyRateBp: 500,
	method: 'declining',
	termMonths: 3,
	...overrides
});

describe('service charge', () => {
	it.each([
		[100_000n, 500, 5_000n],
		[333n, 1_000, 33n],
		[335n, 1_000, 34n], // 33.5 rounds half up
		[1n, 250, 0n],
		[0n, 2_000, 0n]
	])('%s at %i bp is %s', (amount, rate, expected) => {
		expect(chargeOn(amount, rate)).toBe(expected);
	});

	it('flat: the whole term is charged when the loan is issued, nothing after', () => {
		const statement = loanStatement(terms({ method: 'flat' }), [
			{ on: '2026-02-10', repaid: 40_000n },
			{ on: '2026-03-10', repaid: 40_000n },
			{ on: '2026-04-10', repaid: 35_000n }
		]);
		expect(statement.lines.map((line) => line.charged)).toEqual([15_000n, 0n, 0n, 0n]);
		expect(statement.balance).toBe(0n);
		expect(statement.charged).toBe(15_000n);
	});

	it('declining: at issue on the principal, then monthly on the balance left', () => {
		const statement = loanStatement(terms(), [
			// Before the first anniversary: no charge.
			{ on: '2026-01-24', repaid: 5_000n },
			// First meeting on or after 10 Feb: 100,000 left after repaying, 5% of it.
			{ on: '2026-02-14', repaid: 0n },
			// 10 March: 105,000 - 55,000 = 50,000 left, charged 2,500.
			{ on: '2026-03-10', repaid: 55_000n },
			{ on: '2026-03-24', repaid: 52_500n }
		]);
		expect(statement.lines.map((line) => [line.charged, line.balance])).toEqual([
			[5_000n, 105_000n],
			[0n, 100_000n],
			[5_000n, 105_000n],
			[2_500n, 52_500n],
			[0n, 0n]
		]);
		expect(statement.charged).toBe(12_500n);
		expect(statement.repaid).toBe(112_500n);
	});

	it('declining: a meeting after two anniversaries charges both; a paid-off loan is not charged', () => {
		const missed = loanStatement(terms(), [{ on: '2026-03-12', repaid: 5_000n }]);
		expect(missed.lines[1]).toMatchObject({ charged: 10_000n, balance: 110_000n });

		const paid = loanStatement(terms(), [
			{ on: '2026-02-10', repaid: 105_000n },
			{ on: '2026-03-10', repaid: 0n }
		]);
		expect(paid.lines.map((line) => line.charged)).toEqual([5_000n, 0n, 0n]);
		expect(paid.balance).toBe(0n);
	});

	it('counts anniversaries from the end of a short month', () => {
		const statement = loanStatement(terms({ issuedOn: '2026-01-31' }), [
			{ on: '2026-02-27', repaid: 0n },
			{ on: '2026-02-28', repaid: 0n }
		]);
		expect(statement.lines.map((line) => line.charged)).toEqual([5_000n, 0n, 5_250n]);
	});

	it('is overdue after its due date with a balance left, not before, not when repaid', () => {
		const open = loanStatement(terms(), [{ on: '2026-02-10', repaid: 10_000n }]);
		expect(open.dueOn).toBe('2026-04-10');
		expect(isOverdue(open, '2026-04-10')).toBe(false);
		expect(isOverdue(open, '2026-04-11')).toBe(true);

		const repaid = loanStatement(terms({ method: 'flat', termMonths: 1 }), [
			{ on: '2026-02-10', repaid: 105_000n }
		]);
		expect(isOverdue(repaid, '2026-06-01')).toBe(false);
	});

	it('refuses a repayment above the balance and meetings out of order', () => {
		expect(() => loanStatement(terms(), [{ on: '2026-02-10', repaid: 105_001n }])).toThrow(
			RangeError
		);
		expect(() =>
			loanStatement(terms(), [
				{ on: '2026-02-10', repaid: 0n },
				{ on: '2026-02-03', repaid: 0n }
			])
		).toThrow(RangeError);
	});
});
