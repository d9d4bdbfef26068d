import type { Attendance, CashPlace, SavingsEntryKind, SavingsFund } from '../db/schema';
import type { Books, Till } from './books';
import type { CalendarDate } from './calendar-date';
import { addMonths } from './calendar-date';
import { loanLimit } from './loan-limit';
import { chargeOn, loanStatement } from './service-charge';
import type { SavingsRules } from './savings-rules';

/*
 * A meeting sheet turned into ledger entries, checked against the group's rules and its books.
 * Pure: the service reads the books, this decides, the service writes. The server recomputes
 * every amount here (fines, charges, limits, expected cash); the phone only says what happened.
 */

export interface SheetRow {
	memberId: string;
	attendance: Attendance;
	/** Shares bought at this meeting. */
	shares: number;
	socialFund: bigint;
	/** A fine the group decided at the meeting, beyond lateness and absence. */
	fineOther: bigint;
	/** Repaid on their loans, oldest loan first. */
	repaid: bigint;
}

export interface SheetLoan {
	memberId: string;
	principal: bigint;
	termMonths: number;
	purpose: string;
	guarantorIds: string[];
}

export interface MeetingSheet {
	heldOn: CalendarDate;
	rows: SheetRow[];
	loans: SheetLoan[];
	/** Paid out of the social fund, each with its reason. */
	grants: Array<{ memberId: string | null; amount: bigint; reason: string }>;
	/** Money in or out of the loan fund that is no member's: bank interest, a notebook. */
	other: Array<{ direction: 'income' | 'cost'; amount: bigint; note: string }>;
	/** Cash moved between the box and the bank. */
	transfers: Array<{ fund: SavingsFund; to: CashPlace; amount: bigint }>;
	/** What was counted. The box of each fund is counted at the end of every meeting. */
	counts: Array<{ moment: 'start' | 'end'; fund: SavingsFund; place: CashPlace; amount: bigint }>;
	note: string;
}

export type SheetProblem =
	| 'date_too_early'
	| 'date_in_future'
	| 'missing_member'
	| 'unknown_member'
	| 'member_twice'
	| 'negative'
	| 'shares_below_min'
	| 'shares_above_max'
	| 'absent_pays'
	| 'repaid_more_than_owed'
	| 'loan_over_limit'
	| 'term_too_long'
	| 'guarantors_needed'
	| 'guarantor_invalid'
	| 'one_loan_per_meeting'
	| 'not_enough_cash'
	| 'reason_needed'
	| 'count_missing'
	| 'count_twice';

/** Where on the sheet a problem is: 'rows.3.shares', 'loans.0.principal', 'counts.1'. */
export interface SheetIssue {
	path: string;
	problem: SheetProblem;
	/** For a loan over the limit: the most this member may borrow today. */
	limit?: bigint;
}

export interface PlannedEntry {
	kind: SavingsEntryKind;
	fund: SavingsFund;
	place: CashPlace | null;
	cash: bigint;
	owed: bigint;
	shares: number;
	savings: bigint;
	memberId: string | null;
	/** An existing loan's id, or `new:N` for the N-th loan of this sheet. */
	loan: string | null;
	note: string | null;
}

export interface PlannedLoan {
	ref: `new:${number}`;
	memberId: string;
	principal: bigint;
	termMonths: number;
	dueOn: CalendarDate;
	purpose: string | null;
	guarantorIds: string[];
}

export interface PlannedCount {
	moment: 'start' | 'end';
	fund: SavingsFund;
	place: CashPlace;
	amount: bigint;
	expected: bigint;
}

export interface MeetingPlan {
	entries: PlannedEntry[];
	loans: PlannedLoan[];
	counts: PlannedCount[];
	/** Cash per fund and place once the meeting is over (the counts, where counted). */
	cash: Record<Till, bigint>;
}

export interface PlanInput {
	rules: SavingsRules;
	books: Books;
	/** Active members: everyone the sheet must have a row for. */
	memberIds: readonly string[];
	cycleStartsOn: CalendarDate;
	/** Today where the group is; a meeting is recorded once it has happened. */
	today: CalendarDate;
	sheet: MeetingSheet;
}

const ATTENDING: readonly Attendance[] = ['present', 'late', 'represented'];

export function planMeeting(
	input: PlanInput
): { ok: true; plan: MeetingPlan } | { ok: false; issues: SheetIssue[] } {
	const { rules, books, sheet } = input;
	const issues: SheetIssue[] = [];
	const refuse = (path: string, problem: SheetProblem, limit?: bigint) =>
		issues.push(limit === undefined ? { path, problem } : { path, problem, limit });
	const entries: PlannedEntry[] = [];
	const cash = { ...books.cash };
	const move = (
		kind: SavingsEntryKind,
		fund: SavingsFund,
		place: CashPlace | null,
		amounts: Partial<Pick<PlannedEntry, 'cash' | 'owed' | 'shares' | 'savings'>>,
		refs: { memberId?: string | null; loan?: string | null; note?: string | null } = {}
	) => {
		const entry: PlannedEntry = {
			kind,
			fund,
			place: amounts.cash ? place : null,
			cash: amounts.cash ?? 0n,
			owed: amounts.owed ?? 0n,
			shares: amounts.shares ?? 0,
			savings: amounts.savings ?? 0n,
			memberId: refs.memberId ?? null,
			loan: refs.loan ?? null,
			note: refs.note ?? null
		};
		if (entry.cash !== 0n) cash[`${fund}:${place!}`] += entry.cash;
		entries.push(entry);
	};

	if (
		sheet.heldOn < input.cycleStartsOn ||
		(books.lastMeetingOn && sheet.heldOn <= books.lastMeetingOn)
	)
		refuse('heldOn', 'date_too_early');
	if (sheet.heldOn > input.today) refuse('heldOn', 'date_in_future');
	// Charges fall due by date: for a date out of order they cannot be worked out at all.
	if (issues.length > 0) return { ok: false, issues };

	// What was in the box when the meeting began, if counted: a difference is on record from now.
	const counts: PlannedCount[] = [];
	const countAt = (moment: 'start' | 'end') => {
		const seen = new Set<Till>();
		sheet.counts.forEach((count, index) => {
			if (count.moment !== moment) return;
			const till: Till = `${count.fund}:${count.place}`;
			if (seen.has(till)) return refuse(`counts.${index}`, 'count_twice');
			if (count.amount < 0n) return refuse(`counts.${index}`, 'negative');
			seen.add(till);
			counts.push({ ...count, expected: cash[till] });
			if (count.amount !== cash[till])
				move('count_difference', count.fund, count.place, { cash: count.amount - cash[till] });
		});
		return seen;
	};
	countAt('start');

	// Each active member once, and nobody else.
	const active = new Set(input.memberIds);
	const seen = new Set<string>();
	sheet.rows.forEach((row, index) => {
		if (!active.has(row.memberId)) return refuse(`rows.${index}`, 'unknown_member');
		if (seen.has(row.memberId)) return refuse(`rows.${index}`, 'member_twice');
		seen.add(row.memberId);
	});
	if (seen.size < active.size) refuse('rows', 'missing_member');

	// Money in from each member: fines, shares, the social fund, repayments; then what is charged.
	const owedAfter = new Map<string, bigint>();
	const savingsAfter = new Map<string, bigint>();
	sheet.rows.forEach((row, index) => {
		if (!active.has(row.memberId)) return;
		const at = (field: string) => `rows.${index}.${field}`;
		const attending = ATTENDING.includes(row.attendance);
		for (const [field, value] of [
			['socialFund', row.socialFund],
			['fineOther', row.fineOther],
			['repaid', row.repaid]
		] as const) {
			if (value < 0n) refuse(at(field), 'negative');
		}
		if (!Number.isInteger(row.shares) || row.shares < 0) refuse(at('shares'), 'negative');
		else if (attending && row.shares < rules.minShares) refuse(at('shares'), 'shares_below_min');
		else if (row.shares > rules.maxShares) refuse(at('shares'), 'shares_above_max');
		if (!attending) {
			if (row.shares > 0) refuse(at('shares'), 'absent_pays');
			if (row.socialFund > 0n) refuse(at('socialFund'), 'absent_pays');
			if (row.repaid > 0n) refuse(at('repaid'), 'absent_pays');
		}

		const member = { memberId: row.memberId };
		const fine =
			row.attendance === 'late'
				? rules.fineLate
				: row.attendance === 'absent'
					? rules.fineAbsent
					: 0n;
		if (fine > 0n)
			move(
				row.attendance === 'late' ? 'fine_late' : 'fine_absent',
				'loan',
				'box',
				{ cash: fine },
				member
			);
		if (row.fineOther > 0n) move('fine_other', 'loan', 'box', { cash: row.fineOther }, member);
		if (row.shares > 0 && attending) {
			const value = BigInt(row.shares) * rules.sharePrice;
			move('shares', 'loan', 'box', { cash: value, shares: row.shares, savings: value }, member);
		}
		if (row.socialFund > 0n && attending)
			move('social_fund', 'social', 'box', { cash: row.socialFund }, member);

		// Repayments go to the oldest loan first; then each loan's charges due today.
		let toRepay = row.repaid > 0n && attending ? row.repaid : 0n;
		let owed = 0n;
		for (const loan of books.loans.filter((l) => l.memberId === row.memberId && l.owed > 0n)) {
			// The ledger and the loan's rule agree on what is owed, unless a charge was corrected
			// away; never repay more than either says.
			const ruleSays = loanStatement(loan.terms, loan.repayments).balance;
			const owedNow = ruleSays < loan.owed ? ruleSays : loan.owed;
			const repaid = toRepay < owedNow ? toRepay : owedNow;
			toRepay -= repaid;
			if (repaid > 0n)
				move(
					'repayment',
					'loan',
					'box',
					{ cash: repaid, owed: -repaid },
					{ ...member, loan: loan.id }
				);
			const statement = loanStatement(loan.terms, [
				...loan.repayments,
				{ on: sheet.heldOn, repaid }
			]);
			const today = statement.lines.at(-1)!;
			if (today.charged > 0n)
				move('charge', 'loan', null, { owed: today.charged }, { ...member, loan: loan.id });
			if (today.penalty > 0n)
				move('penalty', 'loan', null, { owed: today.penalty }, { ...member, loan: loan.id });
			owed += loan.owed - repaid + today.charged + today.penalty;
		}
		if (toRepay > 0n) refuse(at('repaid'), 'repaid_more_than_owed');
		owedAfter.set(row.memberId, owed);
		const before = books.members.get(row.memberId)?.savings ?? 0n;
		savingsAfter.set(
			row.memberId,
			before + (attending ? BigInt(row.shares) * rules.sharePrice : 0n)
		);
	});

	// Money in and out that is no member's.
	sheet.other.forEach((item, index) => {
		if (item.amount <= 0n) return refuse(`other.${index}.amount`, 'negative');
		if (item.note.trim() === '') refuse(`other.${index}.note`, 'reason_needed');
		if (item.direction === 'cost' && item.amount > cash['loan:box'])
			return refuse(`other.${index}.amount`, 'not_enough_cash');
		const signed = item.direction === 'income' ? item.amount : -item.amount;
		move(item.direction, 'loan', 'box', { cash: signed }, { note: item.note.trim() });
	});
	sheet.transfers.forEach((transfer, index) => {
		if (transfer.amount <= 0n) return refuse(`transfers.${index}.amount`, 'negative');
		const from: CashPlace = transfer.to === 'bank' ? 'box' : 'bank';
		if (transfer.amount > cash[`${transfer.fund}:${from}`])
			return refuse(`transfers.${index}.amount`, 'not_enough_cash');
		move('transfer', transfer.fund, from, { cash: -transfer.amount });
		move('transfer', transfer.fund, transfer.to, { cash: transfer.amount });
	});

	// Loans, each within the member's limit and the cash left in the box.
	const plannedLoans: PlannedLoan[] = [];
	const borrowers = new Set<string>();
	sheet.loans.forEach((loan, index) => {
		const at = (field: string) => `loans.${index}.${field}`;
		if (!active.has(loan.memberId)) return refuse(at('memberId'), 'unknown_member');
		if (borrowers.has(loan.memberId)) return refuse(at('memberId'), 'one_loan_per_meeting');
		borrowers.add(loan.memberId);
		if (loan.principal <= 0n) return refuse(at('principal'), 'negative');
		if (
			!Number.isInteger(loan.termMonths) ||
			loan.termMonths < 1 ||
			loan.termMonths > rules.maxTermMonths
		)
			refuse(at('termMonths'), 'term_too_long');
		const guarantors = new Set(loan.guarantorIds);
		if (
			guarantors.size !== loan.guarantorIds.length ||
			loan.guarantorIds.some((id) => id === loan.memberId || !active.has(id))
		)
			refuse(at('guarantorIds'), 'guarantor_invalid');
		else if (guarantors.size < rules.guarantors) refuse(at('guarantorIds'), 'guarantors_needed');
		const limit = loanLimit({
			savings: savingsAfter.get(loan.memberId) ?? 0n,
			owed: owedAfter.get(loan.memberId) ?? 0n,
			multiple: rules.loanMultiple,
			loanFundCash: cash['loan:box']
		});
		if (loan.principal > limit) return refuse(at('principal'), 'loan_over_limit', limit);

		const ref = `new:${plannedLoans.length}` as const;
		plannedLoans.push({
			ref,
			memberId: loan.memberId,
			principal: loan.principal,
			termMonths: loan.termMonths,
			dueOn: addMonths(sheet.heldOn, loan.termMonths),
			purpose: loan.purpose.trim() || null,
			guarantorIds: loan.guarantorIds
		});
		const refs = { memberId: loan.memberId, loan: ref };
		move('loan_out', 'loan', 'box', { cash: -loan.principal, owed: loan.principal }, refs);
		const atIssue =
			rules.chargeMethod === 'flat'
				? chargeOn(loan.principal, rules.rateBp) * BigInt(loan.termMonths)
				: chargeOn(loan.principal, rules.rateBp);
		if (atIssue > 0n) move('charge', 'loan', null, { owed: atIssue }, refs);
		owedAfter.set(loan.memberId, (owedAfter.get(loan.memberId) ?? 0n) + loan.principal + atIssue);
	});

	// Grants from the social fund, each with its reason.
	sheet.grants.forEach((grant, index) => {
		if (grant.memberId !== null && !active.has(grant.memberId))
			return refuse(`grants.${index}.memberId`, 'unknown_member');
		if (grant.amount <= 0n) return refuse(`grants.${index}.amount`, 'negative');
		if (grant.reason.trim() === '') refuse(`grants.${index}.reason`, 'reason_needed');
		if (grant.amount > cash['social:box'])
			return refuse(`grants.${index}.amount`, 'not_enough_cash');
		move(
			'grant',
			'social',
			'box',
			{ cash: -grant.amount },
			{ memberId: grant.memberId, note: grant.reason.trim() }
		);
	});

	// The box of each fund is counted before it is locked; the bank where it has money or a count.
	const counted = countAt('end');
	if (!counted.has('loan:box') || !counted.has('social:box')) refuse('counts', 'count_missing');

	if (issues.length > 0) return { ok: false, issues };
	return { ok: true, plan: { entries, loans: plannedLoans, counts, cash } };
}
