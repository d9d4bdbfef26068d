import { sql, type Kysely } from 'kysely';
import type { Actor } from '../access/actor';
import { requireAccess } from '../access/require';
import { sumInt8 } from '../db/aggregates';
import type { CashPlace, DB, SavingsFund, SavingsMeets } from '../db/schema';
import type { CalendarDate } from './calendar-date';
import type { SavingsChartPoint } from './savings-chart';
import { resolveSavingsGroup, type CurrentCycle } from './savings-group-access';
import type { SavingsRules } from './savings-rules';

/*
 * The figures on a savings group's home page, for its current cycle: the funds, the loans, what a
 * share would fetch today, who came to the last meetings, the cash differences and the chart.
 * Every figure is a sum of ledger entries, worked out in three aggregate queries (per meeting, per
 * loan, the last meetings' attendance), so the page costs the same after three years of meetings.
 * Amounts stay bigint minor units; the route formats them.
 */

export interface DashboardGroup {
	id: string;
	name: string;
	meets: SavingsMeets;
	openBooks: boolean;
	practice: boolean;
	circleId: string | null;
}

export interface DashboardCycle {
	number: number;
	startsOn: CalendarDate;
	state: CurrentCycle['state'];
	rules: SavingsRules;
}

export interface MeetingAttendance {
	heldOn: CalendarDate;
	present: number;
	late: number;
	absent: number;
	represented: number;
}

export interface CycleDashboard {
	group: DashboardGroup;
	cycle: DashboardCycle;
	/** Lent out: what is still owed on loans, which comes back to the fund. */
	loanFund: { box: bigint; bank: bigint; lentOut: bigint; total: bigint };
	socialFund: { box: bigint; bank: bigint; total: bigint };
	/** Loans with something owed; overdue ones are past their due date as well. */
	loans: { outstanding: number; owed: bigint; overdue: number; overdueOwed: bigint };
	/** Across the cycle's members. */
	savings: { shares: bigint; amount: bigint };
	/**
	 * What each share would fetch if the group shared out today (share-out.ts): the loan fund over
	 * the shares, exactly, and its floor in minor units (null with no shares).
	 */
	projectedValuePerShare: { fund: bigint; shares: bigint; perShare: bigint | null };
	/** The last 4 meetings (not the opening balances), newest first. */
	attendance: MeetingAttendance[];
	/** Counted minus expected over the last meeting's cash counts; null before any meeting. */
	lastMeeting: { heldOn: CalendarDate; difference: bigint } | null;
	/** Every unexplained cash difference of the cycle, added up: never hidden. */
	differences: bigint;
	/** Running totals after each meeting, the opening balances included, in date order. */
	chart: { points: SavingsChartPoint[] };
}

export type Dashboard = CycleDashboard | { group: DashboardGroup; cycle: null };

const LAST_MEETINGS = 4;

export async function readDashboard(
	db: Kysely<DB>,
	actor: Actor,
	/** Its id, or the context already loaded for this actor (a SavingsRef). */
	groupRef: unknown,
	today: CalendarDate
): Promise<Dashboard> {
	const context = await resolveSavingsGroup(db, actor, groupRef);
	requireAccess(actor, 'savings:view', context.resource);
	const { group, cycle } = context;
	const dashboardGroup: DashboardGroup = {
		id: group.id,
		name: group.name,
		meets: group.meets,
		openBooks: group.open_books,
		practice: group.practice,
		circleId: group.circle_id
	};
	if (!cycle) return { group: dashboardGroup, cycle: null };

	const [meetings, loans, lastMeetings] = await Promise.all([
		selectRunningTotals(db, group.id, cycle.id),
		selectLoans(db, group.id, cycle.id, today),
		selectLastMeetings(db, group.id, cycle.id)
	]);

	const totals = meetings.at(-1) ?? NO_MEETING;
	const lentOut = loans.owed;
	const loanFund = totals.loan_box + totals.loan_bank + lentOut;
	const last = lastMeetings[0];
	return {
		group: dashboardGroup,
		cycle: {
			number: cycle.number,
			startsOn: cycle.startsOn,
			state: cycle.state,
			rules: cycle.rules
		},
		loanFund: { box: totals.loan_box, bank: totals.loan_bank, lentOut, total: loanFund },
		socialFund: {
			box: totals.social_box,
			bank: totals.social_bank,
			total: totals.social_box + totals.social_bank
		},
		loans: {
			outstanding: Number(loans.outstanding),
			owed: loans.owed,
			overdue: Number(loans.overdue),
			overdueOwed: loans.overdue_owed
		},
		savings: { shares: totals.shares, amount: totals.savings },
		projectedValuePerShare: {
			fund: loanFund,
			shares: totals.shares,
			perShare: totals.shares > 0n ? floorDivide(loanFund, totals.shares) : null
		},
		attendance: lastMeetings.map((row) => ({
			heldOn: row.held_on,
			present: Number(row.present),
			late: Number(row.late),
			absent: Number(row.absent),
			represented: Number(row.represented)
		})),
		lastMeeting: last ? { heldOn: last.held_on, difference: last.difference } : null,
		differences: totals.differences,
		chart: {
			points: meetings.map((row) => ({
				on: row.held_on,
				savings: row.savings,
				loanFund: row.loan_box + row.loan_bank + row.owed
			}))
		}
	};
}

/** An entry's cash in one fund and place; null (which sum() skips) for any other entry. */
const cashIn = (fund: SavingsFund, place: CashPlace) =>
	sql<bigint>`case when e.fund = ${fund} and e.place = ${place} then e.cash end`;

/** After each meeting, in date order: the running total of a sum per meeting. */
const runningTotal = (column: string) =>
	sql<bigint>`coalesce(sum(${sql.ref(column)}) over (order by m.held_on), 0)::int8`;

/**
 * Each meeting of the cycle, the opening balances included, with the books as they stood after
 * it: the cash of each till, what was owed, members' shares and savings, and the cash differences
 * so far. The last row is the books today. A meeting with no entries still has its row. The
 * entries are added up per meeting once (materialized): when the planner's statistics predate a
 * bulk of new entries, it otherwise adds them up again for every meeting (half a second for
 * three years of weekly meetings).
 */
const selectRunningTotals = (db: Kysely<DB>, groupId: string, cycleId: string) =>
	db
		.with(
			(cte) => cte('per_meeting').materialized(),
			(db) =>
				db
					.selectFrom('savings_entry as e')
					.select((eb) => [
						'e.meeting_id',
						sumInt8(cashIn('loan', 'box')).as('loan_box'),
						sumInt8(cashIn('loan', 'bank')).as('loan_bank'),
						sumInt8(cashIn('social', 'box')).as('social_box'),
						sumInt8(cashIn('social', 'bank')).as('social_bank'),
						sumInt8(eb.ref('e.owed')).as('owed'),
						sumInt8(eb.cast<bigint>('e.shares', 'int8')).as('shares'),
						sumInt8(eb.ref('e.savings')).as('savings'),
						sumInt8(sql`case when e.kind = 'count_difference' then e.cash end`).as('differences')
					])
					.where('e.group_id', '=', groupId)
					.where('e.cycle_id', '=', cycleId)
					.groupBy('e.meeting_id')
		)
		.selectFrom('savings_meeting as m')
		.leftJoin('per_meeting as t', 't.meeting_id', 'm.id')
		.select([
			'm.held_on',
			runningTotal('t.loan_box').as('loan_box'),
			runningTotal('t.loan_bank').as('loan_bank'),
			runningTotal('t.social_box').as('social_box'),
			runningTotal('t.social_bank').as('social_bank'),
			runningTotal('t.owed').as('owed'),
			runningTotal('t.shares').as('shares'),
			runningTotal('t.savings').as('savings'),
			runningTotal('t.differences').as('differences')
		])
		.where('m.group_id', '=', groupId)
		.where('m.cycle_id', '=', cycleId)
		.orderBy('m.held_on')
		.execute();

type RunningTotals = Awaited<ReturnType<typeof selectRunningTotals>>[number];

const NO_MEETING: Omit<RunningTotals, 'held_on'> = {
	loan_box: 0n,
	loan_bank: 0n,
	social_box: 0n,
	social_bank: 0n,
	owed: 0n,
	shares: 0n,
	savings: 0n,
	differences: 0n
};

/**
 * The loans that still have something owed in this cycle's ledger, and those of them past their
 * due date: counted and added up. Found through the group's members (savings_loan has no index
 * on its group) and each loan's own entries, so the cost follows the loans, not the ledger.
 */
const selectLoans = (db: Kysely<DB>, groupId: string, cycleId: string, today: CalendarDate) =>
	db
		.selectFrom('savings_member as sm')
		.innerJoin('savings_loan as l', 'l.member_id', 'sm.id')
		.innerJoinLateral(
			(eb) =>
				eb
					.selectFrom('savings_entry as e')
					.select((eb) => sumInt8(eb.ref('e.owed')).as('owed'))
					.whereRef('e.loan_id', '=', 'l.id')
					.where('e.cycle_id', '=', cycleId)
					.as('loan'),
			(join) => join.onTrue()
		)
		.select((eb) => [
			eb.fn.countAll<bigint>().as('outstanding'),
			sumInt8(eb.ref('loan.owed')).as('owed'),
			eb.fn.countAll<bigint>().filterWhere('l.due_on', '<', today).as('overdue'),
			sumInt8(sql<bigint>`case when l.due_on < ${today} then loan.owed end`).as('overdue_owed')
		])
		.where('sm.group_id', '=', groupId)
		.where('l.group_id', '=', groupId)
		.where('loan.owed', '>', 0n)
		.executeTakeFirstOrThrow();

/** The last meetings of the cycle, newest first: who came, and what the counts found. */
const selectLastMeetings = (db: Kysely<DB>, groupId: string, cycleId: string) =>
	db
		.selectFrom((eb) =>
			eb
				.selectFrom('savings_meeting')
				.select(['id', 'held_on'])
				.where('group_id', '=', groupId)
				.where('cycle_id', '=', cycleId)
				.where('kind', '=', 'meeting')
				.orderBy('held_on', 'desc')
				.limit(LAST_MEETINGS)
				.as('m')
		)
		.leftJoin('savings_attendance as a', 'a.meeting_id', 'm.id')
		.select((eb) => [
			'm.held_on',
			eb.fn.countAll<bigint>().filterWhere('a.status', '=', 'present').as('present'),
			eb.fn.countAll<bigint>().filterWhere('a.status', '=', 'late').as('late'),
			eb.fn.countAll<bigint>().filterWhere('a.status', '=', 'absent').as('absent'),
			eb.fn.countAll<bigint>().filterWhere('a.status', '=', 'represented').as('represented'),
			sql<bigint>`(select ${sumInt8(sql`c.amount - c.expected`)} from savings_cash_count c
				where c.meeting_id = m.id)`.as('difference')
		])
		.groupBy(['m.id', 'm.held_on'])
		.orderBy('m.held_on', 'desc')
		.execute();

/** The floor of a / b for b > 0 (bigint division truncates towards zero). */
function floorDivide(a: bigint, b: bigint): bigint {
	const quotient = a / b;
	return a % b < 0n ? quotient - 1n : quotient;
}
