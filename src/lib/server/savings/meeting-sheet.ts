import type { Kysely } from 'kysely';
import type { Actor } from '../access/actor';
import { requireAccess } from '../access/require';
import type { DB, SavingsOfficer } from '../db/schema';
import { readBooks, TILLS, type Books, type Till } from './books';
import type { CalendarDate } from './calendar-date';
import type { MeetingRefusal } from './meeting';
import { planMeeting, type MeetingPlan, type MeetingSheet } from './meeting-plan';
import { loadSavingsGroup, type CurrentCycle } from './savings-group-access';
import { MIN_MEMBERS } from './setup';

/*
 * The meeting sheet before it is recorded: what the secretary needs to fill it in (the members,
 * what each owes, the rules, the cash the books expect), and a check of a filled-in sheet against
 * the books that writes nothing (the sheet's "Check" step). Officers who record only.
 */

export interface SheetMember {
	id: string;
	/** Null once erased. */
	name: string | null;
	bookNumber: number;
	officer: SavingsOfficer | null;
	shares: number;
	savings: bigint;
	/** Owed on their loans before this meeting. */
	owed: bigint;
}

export interface MeetingSheetStart {
	/** The open cycle; null when none is open (nothing can be recorded). */
	cycle: Pick<CurrentCycle, 'id' | 'number' | 'startsOn' | 'rules'> | null;
	/** Active members in book order: one row each on the sheet. */
	members: SheetMember[];
	/** Cash per fund and place as the books stand. */
	cash: Record<Till, bigint>;
	lastMeetingOn: CalendarDate | null;
	/** Whether the cycle has any meeting or opening balances yet (opening balances come first). */
	started: boolean;
}

/** What the secretary starts the sheet from. */
export async function readMeetingSheet(
	db: Kysely<DB>,
	actor: Actor,
	groupId: unknown
): Promise<MeetingSheetStart> {
	const context = await loadSavingsGroup(db, actor, groupId);
	requireAccess(actor, 'savings:record', context.resource);
	const { cycle } = context;
	const rows = await db
		.selectFrom('savings_member')
		.select(['id', 'name', 'book_number', 'officer'])
		.where('group_id', '=', context.group.id)
		.where('status', '=', 'active')
		.orderBy('book_number')
		.execute();
	const empty = Object.fromEntries(TILLS.map((till) => [till, 0n])) as Record<Till, bigint>;
	const books: Books =
		cycle && cycle.state === 'open'
			? await readBooks(db, cycle.id)
			: { cash: empty, members: new Map(), loans: [], lastMeetingOn: null };
	const owed = new Map<string, bigint>();
	for (const loan of books.loans)
		owed.set(loan.memberId, (owed.get(loan.memberId) ?? 0n) + loan.owed);
	return {
		cycle:
			cycle && cycle.state === 'open'
				? { id: cycle.id, number: cycle.number, startsOn: cycle.startsOn, rules: cycle.rules }
				: null,
		members: rows.map((row) => ({
			id: row.id,
			name: row.name,
			bookNumber: row.book_number,
			officer: row.officer,
			shares: books.members.get(row.id)?.shares ?? 0,
			savings: books.members.get(row.id)?.savings ?? 0n,
			owed: owed.get(row.id) ?? 0n
		})),
		cash: books.cash,
		lastMeetingOn: books.lastMeetingOn,
		started: books.lastMeetingOn !== null
	};
}

/** A meeting's money, added up from its plan: what the check step and the summary show. */
export interface MeetingTotals {
	sharesBought: number;
	moneyIn: { shares: bigint; socialFund: bigint; fines: bigint; repaid: bigint; income: bigint };
	moneyOut: { lent: bigint; grants: bigint; costs: bigint };
	loans: number;
	/** Service charges and late penalties added to what borrowers owe (no cash moves). */
	charged: bigint;
	/**
	 * Each fund and place that holds or held money, or was counted: what the books had before the
	 * meeting, what they expect at its end, and what was counted at the end (null if not counted).
	 */
	tills: Array<{ till: Till; before: bigint; expected: bigint; counted: bigint | null }>;
	/** Counted minus expected, over every count of the meeting. */
	difference: bigint;
}

export function meetingTotals(plan: MeetingPlan, before: Record<Till, bigint>): MeetingTotals {
	const sum = (kinds: readonly string[], pick: (e: MeetingPlan['entries'][number]) => bigint) =>
		plan.entries.filter((e) => kinds.includes(e.kind)).reduce((total, e) => total + pick(e), 0n);
	const cash = (e: { cash: bigint }) => e.cash;
	const paid = (e: { cash: bigint }) => -e.cash;
	const tills = TILLS.map((till) => {
		const end = plan.counts.find((c) => c.moment === 'end' && `${c.fund}:${c.place}` === till);
		return {
			till,
			before: before[till],
			expected: end ? end.expected : plan.cash[till],
			counted: end ? end.amount : null
		};
	}).filter(
		(t) => t.till.endsWith(':box') || t.before !== 0n || t.expected !== 0n || t.counted !== null
	);
	return {
		sharesBought: plan.entries
			.filter((e) => e.kind === 'shares')
			.reduce((total, e) => total + e.shares, 0),
		moneyIn: {
			shares: sum(['shares'], cash),
			socialFund: sum(['social_fund'], cash),
			fines: sum(['fine_late', 'fine_absent', 'fine_other'], cash),
			repaid: sum(['repayment'], cash),
			income: sum(['income'], cash)
		},
		moneyOut: {
			lent: sum(['loan_out'], paid),
			grants: sum(['grant'], paid),
			costs: sum(['cost'], paid)
		},
		loans: plan.loans.length,
		charged: sum(['charge', 'penalty'], (e) => e.owed),
		tills,
		difference: plan.counts.reduce((total, c) => total + c.amount - c.expected, 0n)
	};
}

/**
 * Checks a sheet against the books as recordMeeting would, and writes nothing: the totals it
 * would record, or the same refusal.
 */
export async function checkMeetingSheet(
	db: Kysely<DB>,
	actor: Actor,
	groupId: unknown,
	sheet: MeetingSheet,
	today: CalendarDate
): Promise<{ ok: true; totals: MeetingTotals } | MeetingRefusal> {
	const context = await loadSavingsGroup(db, actor, groupId);
	requireAccess(actor, 'savings:record', context.resource);
	const { cycle } = context;
	if (!cycle || cycle.state !== 'open') return { ok: false, problem: 'no_open_cycle' };
	const [taken, members, books] = await Promise.all([
		db
			.selectFrom('savings_meeting')
			.select('id')
			.where('group_id', '=', context.group.id)
			.where('held_on', '=', sheet.heldOn)
			.executeTakeFirst(),
		db
			.selectFrom('savings_member')
			.select('id')
			.where('group_id', '=', context.group.id)
			.where('status', '=', 'active')
			.orderBy('book_number')
			.execute(),
		readBooks(db, cycle.id)
	]);
	if (taken) return { ok: false, problem: 'meeting_exists' };
	if (members.length < MIN_MEMBERS) return { ok: false, problem: 'too_few_members' };
	const planned = planMeeting({
		rules: cycle.rules,
		books,
		memberIds: members.map((m) => m.id),
		cycleStartsOn: cycle.startsOn,
		today,
		sheet
	});
	if (!planned.ok) return { ok: false, problem: 'sheet', issues: planned.issues };
	return { ok: true, totals: meetingTotals(planned.plan, books.cash) };
}
