import { describe, expect, it } from 'vitest';
import {
	chargeOn,
	isOverdue,
	loanStatement,
	type LoanMeeting,
	type LoanTerms
} from './service-charge';

const terms = (overrides: Partial<LoanTerms> = {}): LoanTerms => ({
	principal: 100_000n,
	issuedOn: '2026-01-10',
	monthlyRateBp: 500,
	method: 'declining',
	termMonths: 3,
	latePenalty: { kind: 'none' },
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

	// The default loan: 100,000 issued 10 January at 5% a month for 3 months, due 10 April.
	describe('late penalty', () => {
		type Case = {
			name: string;
			terms: Partial<LoanTerms>;
			meetings: LoanMeeting[];
			/** [charged, penalty, balance] for the issue and each meeting. */
			lines: [bigint, bigint, bigint][];
			charged: bigint;
			penalties: bigint;
		};
		const cases: Case[] = [
			{
				name: 'declining, 10% a month: from the first meeting after the due date, then monthly',
				terms: { latePenalty: { kind: 'percent', monthlyRateBp: 1_000 } },
				meetings: [
					{ on: '2026-02-10', repaid: 5_000n },
					{ on: '2026-03-10', repaid: 5_000n },
					{ on: '2026-04-10', repaid: 5_000n },
					{ on: '2026-04-24', repaid: 5_000n },
					{ on: '2026-05-10', repaid: 10_000n },
					{ on: '2026-06-10', repaid: 105_000n }
				],
				lines: [
					[5_000n, 0n, 105_000n], // issue: 5% of 100,000
					[5_000n, 0n, 105_000n], // 105,000 - 5,000 = 100,000, + 5% = 105,000
					[5_000n, 0n, 105_000n], // the same
					[5_000n, 0n, 105_000n], // the due date itself: charge, no penalty
					[0n, 10_000n, 110_000n], // late: 100,000 left, no anniversary, + 10% = 110,000
					[5_000n, 0n, 105_000n], // 10 May itself: 100,000 left, + 5% charge; its penalty waits
					[0n, 0n, 0n] // repaid in full: neither the charge of 10 June nor the penalty of 10 May
				],
				charged: 25_000n, // 5 x 5,000
				penalties: 10_000n // the 10 April penalty only
			},
			{
				name: 'flat, 2.5% a month: rounded half up, nothing once repaid in full',
				terms: { method: 'flat', latePenalty: { kind: 'percent', monthlyRateBp: 250 } },
				meetings: [
					{ on: '2026-02-10', repaid: 40_000n },
					{ on: '2026-04-10', repaid: 0n },
					{ on: '2026-04-17', repaid: 34_980n },
					{ on: '2026-05-10', repaid: 1_021n },
					{ on: '2026-06-09', repaid: 0n },
					{ on: '2026-06-10', repaid: 41_000n }
				],
				lines: [
					[15_000n, 0n, 115_000n], // issue: 3 x 5% of 100,000
					[0n, 0n, 75_000n],
					[0n, 0n, 75_000n], // the due date itself
					[0n, 1_001n, 41_021n], // 40,020 left; 2.5% is 1,000.5, rounded up to 1,001
					[0n, 0n, 40_000n], // 10 May itself: 40,000 left, its penalty waits for the next meeting
					[0n, 1_000n, 41_000n], // the first meeting after 10 May: 40,000 left, 2.5% is 1,000
					[0n, 0n, 0n] // 10 June itself, repaid in full: no penalty
				],
				charged: 15_000n,
				penalties: 2_001n
			},
			{
				name: 'declining, fixed 1,000: runs beside the monthly charge',
				terms: { latePenalty: { kind: 'fixed', amount: 1_000n } },
				meetings: [
					{ on: '2026-03-01', repaid: 5_000n },
					{ on: '2026-04-11', repaid: 5_000n },
					{ on: '2026-05-11', repaid: 11_000n },
					{ on: '2026-06-10', repaid: 106_000n }
				],
				lines: [
					[5_000n, 0n, 105_000n],
					[5_000n, 0n, 105_000n], // 10 Feb passed: 100,000 left, + 5,000
					[10_000n, 1_000n, 111_000n], // 10 Mar and 10 Apr passed (2 x 5,000), and late
					[5_000n, 1_000n, 106_000n], // 10 May: 100,000 left, + 5,000 + 1,000
					[0n, 0n, 0n]
				],
				charged: 25_000n, // 5,000 + 5,000 + 10,000 + 5,000
				penalties: 2_000n
			},
			{
				name: 'flat, fixed 1,000: once late, once for 10 May, none on 10 June itself',
				terms: { method: 'flat', latePenalty: { kind: 'fixed', amount: 1_000n } },
				meetings: [
					{ on: '2026-04-20', repaid: 100_000n },
					{ on: '2026-05-20', repaid: 0n },
					{ on: '2026-06-10', repaid: 0n }
				],
				lines: [
					[15_000n, 0n, 115_000n],
					[0n, 1_000n, 16_000n], // 115,000 - 100,000 + 1,000
					[0n, 1_000n, 17_000n], // the first meeting after 10 May
					[0n, 0n, 17_000n] // 10 June itself: its penalty waits for the next meeting
				],
				charged: 15_000n,
				penalties: 2_000n
			},
			{
				name: 'a meeting after two missed anniversaries charges two penalties, each on its balance',
				terms: { method: 'flat', latePenalty: { kind: 'percent', monthlyRateBp: 1_000 } },
				meetings: [
					{ on: '2026-04-20', repaid: 15_000n },
					{ on: '2026-06-15', repaid: 10_000n }
				],
				lines: [
					[15_000n, 0n, 115_000n],
					[0n, 10_000n, 110_000n], // 100,000 left, + 10%
					[0n, 20_000n, 120_000n] // 10 May and 10 June: 2 x 10% of 100,000
				],
				charged: 15_000n,
				penalties: 30_000n
			},
			{
				// A group meeting on the 10th: the penalty due on 10 April is charged on 10 May, the
				// first meeting after it, and the one due on 10 May on 10 June; never two at once.
				name: 'a group meeting on the due day: nothing that day, one penalty at the next meeting, one a month later',
				terms: { method: 'flat', latePenalty: { kind: 'fixed', amount: 1_000n } },
				meetings: [
					{ on: '2026-04-10', repaid: 15_000n },
					{ on: '2026-05-10', repaid: 0n },
					{ on: '2026-06-10', repaid: 0n }
				],
				lines: [
					[15_000n, 0n, 115_000n],
					[0n, 0n, 100_000n], // the due date itself
					[0n, 1_000n, 101_000n], // 10 May: the 10 April penalty only
					[0n, 1_000n, 102_000n] // 10 June: the 10 May penalty
				],
				charged: 15_000n,
				penalties: 2_000n
			},
			{
				name: 'nothing before or on the due date',
				terms: { latePenalty: { kind: 'fixed', amount: 1_000n } },
				meetings: [
					{ on: '2026-01-24', repaid: 0n },
					{ on: '2026-04-09', repaid: 0n },
					{ on: '2026-04-10', repaid: 0n }
				],
				lines: [
					[5_000n, 0n, 105_000n],
					[0n, 0n, 105_000n],
					[10_500n, 0n, 115_500n], // 10 Feb on 105,000 (5,250), 10 Mar on the same (5,250)
					[5_775n, 0n, 121_275n] // 10 Apr: 5% of 115,500
				],
				charged: 21_275n, // 5,000 + 10,500 + 5,775
				penalties: 0n
			},
			{
				name: 'no penalty in the constitution: nothing when late',
				terms: { method: 'flat' },
				meetings: [{ on: '2026-06-20', repaid: 0n }],
				lines: [
					[15_000n, 0n, 115_000n],
					[0n, 0n, 115_000n]
				],
				charged: 15_000n,
				penalties: 0n
			},
			{
				// Issued 31 January for a month: due 28 February; its anniversary is 28 March.
				name: 'counts penalty anniversaries from the due date',
				terms: {
					method: 'flat',
					termMonths: 1,
					issuedOn: '2026-01-31',
					latePenalty: { kind: 'fixed', amount: 1_000n }
				},
				meetings: [
					{ on: '2026-03-01', repaid: 5_000n },
					{ on: '2026-03-28', repaid: 0n },
					{ on: '2026-03-31', repaid: 0n }
				],
				lines: [
					[5_000n, 0n, 105_000n],
					[0n, 1_000n, 101_000n], // 100,000 left, late
					[0n, 0n, 101_000n], // 28 March itself: its penalty waits for the next meeting
					[0n, 1_000n, 102_000n] // after 28 March; from the issue it would be 31 March: nothing
				],
				charged: 5_000n,
				penalties: 2_000n
			},
			{
				name: 'brought in, declining: nothing at issue; monthly charges and penalties as usual',
				terms: {
					principal: 50_000n,
					termMonths: 1,
					broughtInOn: '2026-01-10',
					latePenalty: { kind: 'fixed', amount: 500n }
				},
				meetings: [
					{ on: '2026-02-10', repaid: 10_000n },
					{ on: '2026-02-24', repaid: 2_000n }
				],
				lines: [
					[0n, 0n, 50_000n], // the principal is what was owed, its charge already in it
					[2_000n, 0n, 42_000n], // 10 Feb, the due date: 5% of 40,000, no penalty
					[0n, 500n, 40_500n] // late: 40,000 left, + 500
				],
				charged: 2_000n,
				penalties: 500n
			},
			{
				name: 'brought in two months late: what fell due before is not charged again',
				terms: {
					principal: 50_000n,
					broughtInOn: '2026-03-15',
					latePenalty: { kind: 'fixed', amount: 500n }
				},
				meetings: [
					// 10 Feb and 10 March fell due on paper: nothing now.
					{ on: '2026-03-22', repaid: 0n },
					// 10 April: 5% of 50,000 is 2,500; due 10 April and still owed: + 500.
					{ on: '2026-04-12', repaid: 0n }
				],
				lines: [
					[0n, 0n, 50_000n],
					[0n, 0n, 50_000n],
					[2_500n, 500n, 53_000n]
				],
				charged: 2_500n,
				penalties: 500n
			},
			{
				name: 'brought in, flat: nothing at issue, nothing after',
				terms: { principal: 50_000n, method: 'flat', broughtInOn: '2026-01-10' },
				meetings: [
					{ on: '2026-02-10', repaid: 20_000n },
					{ on: '2026-03-10', repaid: 30_000n }
				],
				lines: [
					[0n, 0n, 50_000n],
					[0n, 0n, 30_000n],
					[0n, 0n, 0n]
				],
				charged: 0n,
				penalties: 0n
			}
		];

		it.each(cases)('$name', (c) => {
			const statement = loanStatement(terms(c.terms), c.meetings);
			expect(statement.lines.map((line) => [line.charged, line.penalty, line.balance])).toEqual(
				c.lines
			);
			expect(statement.charged).toBe(c.charged);
			expect(statement.penalties).toBe(c.penalties);
			// Everything given or added is either repaid or still owed.
			expect(statement.repaid + statement.balance).toBe(
				terms(c.terms).principal + c.charged + c.penalties
			);
		});

		it('does not change what overdue means', () => {
			const late = terms({
				method: 'flat',
				termMonths: 1,
				latePenalty: { kind: 'fixed', amount: 1_000n }
			});
			// Due 10 February; 105,000 - 100,000 = 5,000 left on 20 February, + 1,000.
			const open = loanStatement(late, [{ on: '2026-02-20', repaid: 100_000n }]);
			expect(open.balance).toBe(6_000n);
			expect(isOverdue(open, '2026-02-10')).toBe(false);
			expect(isOverdue(open, '2026-02-20')).toBe(true);

			const repaid = loanStatement(late, [
				{ on: '2026-02-20', repaid: 100_000n },
				{ on: '2026-03-01', repaid: 6_000n }
			]);
			expect(repaid.balance).toBe(0n);
			expect(isOverdue(repaid, '2026-06-01')).toBe(false);
		});

		it('refuses a negative penalty', () => {
			expect(() =>
				loanStatement(terms({ latePenalty: { kind: 'fixed', amount: -1n } }), [])
			).toThrow(RangeError);
			expect(() =>
				loanStatement(terms({ latePenalty: { kind: 'percent', monthlyRateBp: -1 } }), [])
			).toThrow(RangeError);
		});
	});
});
