import { addMonths, type CalendarDate } from './calendar-date';

/*
 * A loan's service charge, late-repayment penalty and balance, from its terms and the meetings
 * since it was issued. Balances are derived, never stored: the ledger keeps the issue, the
 * repayments, the charges and the penalties, and this is the rule that says which are due.
 */

export type ChargeMethod = 'flat' | 'declining';

/**
 * What the constitution adds to a late loan each month it stays late: nothing, a percent of the
 * balance (`monthlyRateBp` in hundredths: 500 is 5% a month), or a fixed amount in minor units.
 */
export type LatePenaltyTerms =
	{ kind: 'none' } | { kind: 'percent'; monthlyRateBp: number } | { kind: 'fixed'; amount: bigint };

export interface LoanTerms {
	/** In minor units. */
	principal: bigint;
	/** The meeting that issued it. */
	issuedOn: CalendarDate;
	/** Percent per month in hundredths: 500 is 5% a month. */
	monthlyRateBp: number;
	method: ChargeMethod;
	termMonths: number;
	latePenalty: LatePenaltyTerms;
	/**
	 * The day a loan issued on paper was brought into these books (the opening balances):
	 * `principal` is what was still owed that day, every charge and penalty of the days before
	 * already in it. Later declining charges and penalties run as for any loan, on the calendar of
	 * `issuedOn`; meetings follow this day.
	 */
	broughtInOn?: CalendarDate;
}

export interface LoanMeeting {
	on: CalendarDate;
	/** What the borrower repaid at this meeting, in minor units. */
	repaid: bigint;
}

export interface LoanLine {
	on: CalendarDate;
	repaid: bigint;
	/** Service charge only. */
	charged: bigint;
	/** Late-repayment penalty, kept apart from the service charge. */
	penalty: bigint;
	/** What is owed after this meeting's repayment, charge and penalty. */
	balance: bigint;
}

export interface LoanStatement {
	dueOn: CalendarDate;
	lines: LoanLine[];
	balance: bigint;
	/** Service charges, penalties not included. */
	charged: bigint;
	penalties: bigint;
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
 * that balance. A loan brought in from paper books is charged nothing at issue.
 *
 * Late penalty: the loan is due on `dueOn` = issue + term months. A penalty falls due on `dueOn`
 * and on each monthly anniversary of it (`dueOn` + 1 month, + 2 months, ...), and is charged at
 * the first meeting strictly after that day: a group meeting on the due day pays nothing that day
 * and one penalty a month after. A meeting after several such days (missed meetings) charges each.
 * It is charged only while a balance remains after that meeting's repayment: percent = rate x that
 * balance, rounded half up as `chargeOn`; fixed = the amount. A penalty falling due at a meeting
 * that leaves nothing owed is not charged, then or later.
 *
 * Within one meeting the service charge and the penalty are both worked out on the balance left
 * after the repayment, before either is added; neither compounds on the other there. Both are then
 * in the balance that later charges and penalties are worked out on.
 *
 * Meetings are the ones after the issue, in date order. A repayment larger than the balance is a
 * mistake the caller must refuse before recording; here it throws, as it does for a negative
 * penalty.
 */
export function loanStatement(terms: LoanTerms, meetings: readonly LoanMeeting[]): LoanStatement {
	const penaltyOn = penaltyRule(terms.latePenalty);
	const dueOn = addMonths(terms.issuedOn, terms.termMonths);
	const atIssue = terms.broughtInOn
		? 0n
		: terms.method === 'flat'
			? chargeOn(terms.principal, terms.monthlyRateBp) * BigInt(terms.termMonths)
			: chargeOn(terms.principal, terms.monthlyRateBp);
	let balance = terms.principal + atIssue;
	let charged = atIssue;
	let penalties = 0n;
	let repaid = 0n;
	let anniversaries = 1;
	// Penalty days charged so far: day k is the due date + k months.
	let penaltyPoints = 0;
	let previous = terms.issuedOn;
	if (terms.broughtInOn) {
		// What fell due before the books were opened is in the principal already.
		while (addMonths(terms.issuedOn, anniversaries) <= terms.broughtInOn) anniversaries += 1;
		while (addMonths(dueOn, penaltyPoints) < terms.broughtInOn) penaltyPoints += 1;
		previous = terms.broughtInOn;
	}
	const lines: LoanLine[] = [
		{ on: terms.issuedOn, repaid: 0n, charged: atIssue, penalty: 0n, balance }
	];

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

		let penalty = 0n;
		while (addMonths(dueOn, penaltyPoints) < meeting.on) {
			if (balance > 0n) penalty += penaltyOn(balance);
			penaltyPoints += 1;
		}

		balance += charge + penalty;
		charged += charge;
		penalties += penalty;
		lines.push({ on: meeting.on, repaid: meeting.repaid, charged: charge, penalty, balance });
	}

	return { dueOn, lines, balance, charged, penalties, repaid };
}

/** One penalty on a balance still owed. */
function penaltyRule(penalty: LatePenaltyTerms): (balance: bigint) => bigint {
	switch (penalty.kind) {
		case 'none':
			return () => 0n;
		case 'percent': {
			const { monthlyRateBp } = penalty;
			if (!Number.isInteger(monthlyRateBp) || monthlyRateBp < 0)
				throw new RangeError('penalty rate out of range');
			return (balance) => chargeOn(balance, monthlyRateBp);
		}
		case 'fixed': {
			const { amount } = penalty;
			if (amount < 0n) throw new RangeError('penalty amount out of range');
			return () => amount;
		}
	}
}

/** Overdue: past its due date with something still owed. */
export const isOverdue = (statement: LoanStatement, asOf: CalendarDate) =>
	asOf > statement.dueOn && statement.balance > 0n;
