import type { Kysely } from 'kysely';
import { sumInt8 } from '../db/aggregates';
import type { CashPlace, DB, SavingsEntryKind, SavingsFund } from '../db/schema';
import type { CalendarDate } from './calendar-date';
import type { LoanMeeting, LoanTerms } from './service-charge';

/*
 * A cycle's books as the ledger says they stand: every figure is a sum of entries, never a stored
 * balance, so a correction (a reversing entry) changes them the way it should.
 */

export type Till = `${SavingsFund}:${CashPlace}`;
export const TILLS: readonly Till[] = ['loan:box', 'social:box', 'loan:bank', 'social:bank'];

export interface MemberBook {
	shares: number;
	savings: bigint;
}

export interface LoanBook {
	id: string;
	memberId: string;
	terms: LoanTerms;
	owed: bigint;
	/** Every meeting after the issue, in date order, with what was repaid at it (loanStatement). */
	repayments: LoanMeeting[];
	dueOn: CalendarDate;
}

export interface Books {
	cash: Record<Till, bigint>;
	members: Map<string, MemberBook>;
	/** Every loan of the cycle, paid off or not. */
	loans: LoanBook[];
	lastMeetingOn: CalendarDate | null;
}

/**
 * `leaveOut`: kinds of entry to read the books without, such as the share-out's own payouts when
 * working out the share-out they follow.
 */
export async function readBooks(
	db: Kysely<DB>,
	cycleId: string,
	options: { leaveOut?: readonly SavingsEntryKind[] } = {}
): Promise<Books> {
	const leaveOut = options.leaveOut ?? [];
	const entries = () => {
		const query = db.selectFrom('savings_entry as e').where('e.cycle_id', '=', cycleId);
		return leaveOut.length > 0 ? query.where('e.kind', 'not in', leaveOut) : query;
	};
	const [tills, members, loans, repayments, owed, days] = await Promise.all([
		entries()
			.select(['e.fund', 'e.place', (eb) => sumInt8(eb.ref('e.cash')).as('cash')])
			.where('e.place', 'is not', null)
			.groupBy(['e.fund', 'e.place'])
			.execute(),
		entries()
			.select([
				'e.member_id',
				(eb) => sumInt8(eb.cast<bigint>('e.shares', 'int8')).as('shares'),
				(eb) => sumInt8(eb.ref('e.savings')).as('savings')
			])
			.where('e.member_id', 'is not', null)
			.groupBy('e.member_id')
			.execute(),
		db
			.selectFrom('savings_loan as l')
			.innerJoin('savings_meeting as m', 'm.id', 'l.meeting_id')
			.selectAll('l')
			.select('m.held_on as entered_on')
			.where('m.cycle_id', '=', cycleId)
			.orderBy('l.issued_on')
			.orderBy('l.id')
			.execute(),
		entries()
			.innerJoin('savings_meeting as m', 'm.id', 'e.meeting_id')
			.select(['e.loan_id', 'm.held_on', (eb) => sumInt8(eb.ref('e.cash')).as('repaid')])
			.where('e.kind', '=', 'repayment')
			.groupBy(['e.loan_id', 'm.held_on'])
			.orderBy('m.held_on')
			.execute(),
		entries()
			.select(['e.loan_id', (eb) => sumInt8(eb.ref('e.owed')).as('owed')])
			.where('e.loan_id', 'is not', null)
			.groupBy('e.loan_id')
			.execute(),
		db
			.selectFrom('savings_meeting')
			.select('held_on')
			.where('cycle_id', '=', cycleId)
			.orderBy('held_on')
			.execute()
	]);
	const meetingDays = days.map((row) => row.held_on);

	const cash = Object.fromEntries(TILLS.map((till) => [till, 0n])) as Record<Till, bigint>;
	for (const row of tills) cash[`${row.fund}:${row.place!}`] = row.cash;

	const owedByLoan = new Map(owed.map((row) => [row.loan_id!, row.owed]));
	const repaid = new Map(repayments.map((row) => [`${row.loan_id}:${row.held_on}`, row.repaid]));
	// Every meeting counts, repaid at or not: a charge falls due at the first one after its day.
	const meetingsAfter = (loanId: string, from: CalendarDate): LoanMeeting[] =>
		meetingDays
			.filter((on) => on > from)
			.map((on) => ({ on, repaid: repaid.get(`${loanId}:${on}`) ?? 0n }));

	return {
		cash,
		members: new Map(
			members.map((row) => [row.member_id!, { shares: Number(row.shares), savings: row.savings }])
		),
		loans: loans.map((loan) => ({
			id: loan.id,
			memberId: loan.member_id,
			owed: owedByLoan.get(loan.id) ?? 0n,
			repayments: meetingsAfter(loan.id, loan.brought_in ? loan.entered_on : loan.issued_on),
			dueOn: loan.due_on,
			terms: {
				principal: loan.principal,
				issuedOn: loan.issued_on,
				monthlyRateBp: loan.rate_bp,
				method: loan.charge_method,
				termMonths: loan.term_months,
				broughtInOn: loan.brought_in ? loan.entered_on : undefined,
				latePenalty:
					loan.late_penalty === 'percent'
						? { kind: 'percent', monthlyRateBp: loan.late_penalty_bp }
						: loan.late_penalty === 'fixed'
							? { kind: 'fixed', amount: loan.late_penalty_amount }
							: { kind: 'none' }
			}
		})),
		lastMeetingOn: meetingDays.at(-1) ?? null
	};
}
