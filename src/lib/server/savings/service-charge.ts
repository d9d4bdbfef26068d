import { addMonths, type CalendarDate } from './calendar-date';

/*
 * A loan's service charge and balance, from its terms and the meetings since it was issued.
 * Balances are derived, never stored: the ledger keeps the issue, the repayments and the charges,
 * and this is the rule that says which charges are due.
 */

export type ChargeMethod = 'flat' | 'declining';

export interface LoanTerms {
	/** In minor units. */
	principal: bigint;
	/** The meeting that issued it. */
	issuedOn: CalendarDate;
	/** Percent per month in hundredths: 500 is 5% a month. */
	monthlyRateBp: number;
	method: ChargeMethod;
	termMonths: number;
}

export interface LoanMeeting {
	on: CalendarDate;
	/** What the borrower repaid at this meeting, in minor units. */
	repaid: bigint;
}

export interface LoanLine {
	on: CalendarDate;
	repaid: bigint;
	charged: bigint;
	/** What is owed after this meeting's repayment and charge. */
	balance: bigint;
}

export interface LoanStatement {
	dueOn: CalendarDate;
	lines: LoanLine[];
	balance: bigint;
	charged: bigint;
	repaid: bigint;
}

/** Rate x amount, rounded half up to the minor unit. */
export function chargeOn(amount: bigint, monthlyRateBp: number): bigint {
	return (amount * BigInt(monthlyRateBp) + 5_000n) / 10_000n;
}

/**
 * Flat: rate x principal for every month of the term, all added when the loan is issued.
 * Declining: rate x principal at issue; then at the first meeting on or after each monthly
 * anniversary of the issue, while a balance remains, rate x the balance left after that meeting's
 * repayment. A meeting that comes after two anniversaries (a missed month) charges both, each on
 * that balance.
 *
 * Meetings are the ones after the issue, in date order. A repayment larger than the balance is a
 * mistake the caller must refuse before recording; here it throws.
 */
export function loanStatement(terms: LoanTerms, meetings: readonly LoanMeeting[]): LoanStatement {
	const atIssue =
		terms.method === 'flat'
			? chargeOn(terms.principal, terms.monthlyRateBp) * BigInt(terms.termMonths)
			: chargeOn(terms.principal, terms.monthlyRateBp);
	let balance = terms.principal + atIssue;
	let charged = atIssue;
	let repaid = 0n;
	let anniversaries = 1;
	let previous = terms.issuedOn;
	const lines: LoanLine[] = [{ on: terms.issuedOn, repaid: 0n, charged: atIssue, balance }];

	for (const meeting of meetings) {
		if (meeting.on <= previous) throw new RangeError('meetings must follow the issue, in order');
		if (meeting.repaid < 0n || meeting.repaid > balance)
			throw new RangeError('repayment out of range');
		previous = meeting.on;
		balance -= meeting.repaid;
		repaid += meeting.repaid;

		let charge = 0n;
		if (terms.method === 'declining') {
			while (addMonths(terms.issuedOn, anniversaries) <= meeting.on) {
				if (balance > 0n) charge += chargeOn(balance, terms.monthlyRateBp);
				anniversaries += 1;
			}
		}
		balance += charge;
		charged += charge;
		lines.push({ on: meeting.on, repaid: meeting.repaid, charged: charge, balance });
	}

	return { dueOn: addMonths(terms.issuedOn, terms.termMonths), lines, balance, charged, repaid };
}

/** Overdue: past its due date with something still owed. */
export const isOverdue = (statement: LoanStatement, asOf: CalendarDate) =>
	asOf > statement.dueOn && statement.balance > 0n;
