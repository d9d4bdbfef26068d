import { sql, type Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Currency } from '$lib/money';
import type { Actor } from '../access/actor';
import { can } from '../access/policy';
import { notFound, requireAccess } from '../access/require';
import { sumInt8 } from '../db/aggregates';
import { isUuid } from '../db/ids';
import type {
	Attendance,
	CashPlace,
	DB,
	SavingsEntryKind,
	SavingsFund,
	SavingsMemberStatus
} from '../db/schema';
import { TILLS, type Till } from './books';
import type { CalendarDate } from './calendar-date';
import { resolveSavingsGroup } from './savings-group-access';

/*
 * What was recorded at a group's meetings: the list of a cycle's meetings, and one meeting in
 * full (each member's line, loans, grants, counts, corrections). Read-only; every figure is a sum
 * of ledger entries. Anyone who may see the group reads these; other members' lines and loans
 * only where the books are open to them ('savings:view-all-books'), as on paper.
 */

export interface MeetingListItem {
	id: string;
	heldOn: CalendarDate;
	kind: 'meeting' | 'opening';
	/** Present, late or represented. */
	attended: number;
	/** Everyone on the attendance sheet. */
	onSheet: number;
	/** Cash in the box, both funds, once the meeting was over (corrections included). */
	inBox: bigint;
	/** Counted minus expected over the meeting's counts. */
	difference: bigint;
}

export interface MeetingList {
	/** The current cycle, or the last one when none is running; null before any. */
	cycle: { number: number; state: 'open' | 'sharing_out' | 'closed'; currency: Currency } | null;
	/** Newest first. */
	meetings: MeetingListItem[];
}

const ATTENDED: readonly Attendance[] = ['present', 'late', 'represented'];

/** The current cycle's meetings (the last cycle's, when none is running), newest first. */
export async function listMeetings(
	db: Kysely<DB>,
	actor: Actor,
	/** Its id, or the context already loaded for this actor (a SavingsRef). */
	group: unknown
): Promise<MeetingList> {
	const context = await resolveSavingsGroup(db, actor, group);
	requireAccess(actor, 'savings:view', context.resource);
	const cycle = await db
		.selectFrom('savings_cycle as c')
		.innerJoin('savings_rules as r', 'r.cycle_id', 'c.id')
		.select(['c.id', 'c.number', 'c.state', 'r.currency'])
		.where('c.group_id', '=', context.group.id)
		.orderBy('c.number', 'desc')
		.orderBy('r.version', 'desc')
		.limit(1)
		.executeTakeFirst();
	if (!cycle) return { cycle: null, meetings: [] };

	const rows = await db
		.selectFrom('savings_meeting as m')
		.leftJoin(
			db
				.selectFrom('savings_entry as e')
				.select([
					'e.meeting_id',
					sumInt8(sql<bigint>`case when e.place = 'box' then e.cash else 0 end`).as('box')
				])
				.where('e.cycle_id', '=', cycle.id)
				.groupBy('e.meeting_id')
				.as('e'),
			'e.meeting_id',
			'm.id'
		)
		.leftJoin(
			db
				.selectFrom('savings_attendance as a')
				.innerJoin('savings_meeting as am', 'am.id', 'a.meeting_id')
				.select([
					'a.meeting_id',
					sumInt8(sql<bigint>`case when a.status in (${sql.join(ATTENDED)}) then 1 else 0 end`).as(
						'attended'
					),
					(eb) => eb.fn.countAll<bigint>().as('on_sheet')
				])
				.where('am.cycle_id', '=', cycle.id)
				.groupBy('a.meeting_id')
				.as('a'),
			'a.meeting_id',
			'm.id'
		)
		.leftJoin(
			db
				.selectFrom('savings_cash_count as k')
				.innerJoin('savings_meeting as km', 'km.id', 'k.meeting_id')
				.select(['k.meeting_id', sumInt8(sql<bigint>`k.amount - k.expected`).as('difference')])
				.where('km.cycle_id', '=', cycle.id)
				.groupBy('k.meeting_id')
				.as('k'),
			'k.meeting_id',
			'm.id'
		)
		.select(['m.id', 'm.held_on', 'm.kind', 'e.box', 'a.attended', 'a.on_sheet', 'k.difference'])
		.where('m.cycle_id', '=', cycle.id)
		.orderBy('m.held_on')
		.execute();

	let inBox = 0n;
	const meetings = rows.map((row) => {
		inBox += row.box ?? 0n;
		return {
			id: row.id,
			heldOn: row.held_on,
			kind: row.kind,
			attended: Number(row.attended ?? 0n),
			onSheet: Number(row.on_sheet ?? 0n),
			inBox,
			difference: row.difference ?? 0n
		};
	});
	return {
		cycle: { number: cycle.number, state: cycle.state, currency: cycle.currency },
		meetings: meetings.reverse()
	};
}

/** Entries that are facts of their own, never corrected (as correction.ts decides). */
const NOT_CORRECTABLE: readonly SavingsEntryKind[] = [
	'count_difference',
	'transfer',
	'payout',
	'leaver_payout',
	'carried_over'
];
/** Entries whose amount a correction may restate (correction.ts); the rest are only reversed. */
const RESTATE_AMOUNT: readonly SavingsEntryKind[] = [
	'social_fund',
	'fine_late',
	'fine_absent',
	'fine_other',
	'repayment',
	'grant',
	'income',
	'cost'
];

export interface MeetingEntry {
	id: string;
	kind: SavingsEntryKind;
	fund: SavingsFund;
	place: CashPlace | null;
	cash: bigint;
	owed: bigint;
	shares: number;
	/** What shares bought or brought in added to the member's savings. */
	savings: bigint;
	/** Null for the group's own money, or another member's grant where the books are closed. */
	memberId: string | null;
	loanId: string | null;
	/** A grant's reason, an income's source; null where it is not the reader's to see. */
	note: string | null;
	recordedBy: string | null;
	recordedAt: Date;
	/** When this entry was corrected: the reversal, by whom, when and why. */
	reversed: { id: string; by: string | null; at: Date; reason: string | null } | null;
	/** When this entry is the right one recorded by a correction: the entry it replaces. */
	replaces: string | null;
	/** Whether the reader may correct it now, and how: a new number of shares, or an amount. */
	correct: 'shares' | 'amount' | 'reverse' | null;
}

export interface MeetingMemberLine {
	id: string;
	/** Null once erased: "former member". */
	name: string | null;
	bookNumber: number;
	status: SavingsMemberStatus;
	attendance: Attendance | null;
	/** Their entries at this meeting, corrections folded into what they correct. */
	entries: MeetingEntry[];
}

export interface MeetingLoan {
	id: string;
	memberId: string;
	name: string | null;
	principal: bigint;
	termMonths: number;
	dueOn: CalendarDate;
	purpose: string | null;
	broughtIn: boolean;
	guarantors: (string | null)[];
}

export interface MeetingRecord {
	id: string;
	heldOn: CalendarDate;
	kind: 'meeting' | 'opening';
	note: string | null;
	recordedBy: string | null;
	recordedAt: Date;
	currency: Currency;
	sharePrice: bigint;
	/** Whether the reader sees every member's line (open books, an officer, or staff). */
	allBooks: boolean;
	/** Members on the attendance sheet or with an entry here, in book order, as the reader may see. */
	members: MeetingMemberLine[];
	/** Loans issued (or brought in) here, as the reader may see them. */
	loans: MeetingLoan[];
	/** Grants from the social fund; another member's only as an amount where the books are closed. */
	grants: MeetingEntry[];
	/** The group's own money: income, costs, moves between box and bank, counts that differed. */
	group: MeetingEntry[];
	counts: Array<{
		moment: 'start' | 'end';
		fund: SavingsFund;
		place: CashPlace;
		amount: bigint;
		expected: bigint;
	}>;
	/** What the group reads aloud before the box is locked: group totals, for every reader. */
	summary: {
		/** Cash per fund and place once the meeting was over. */
		cash: Record<Till, bigint>;
		/** Still owed on loans once the meeting was over. */
		owed: bigint;
		/** Lent at this meeting, and how many loans. */
		lent: bigint;
		loans: number;
		difference: bigint;
		/** Present, late or represented; and everyone on the attendance sheet. */
		attended: number;
		onSheet: number;
	};
}

const GROUP_KINDS: readonly SavingsEntryKind[] = [
	'income',
	'cost',
	'transfer',
	'count_difference',
	'opening_cash'
];

/** One meeting in full, as the reader may see it; a 404 for a meeting not of this group. */
export async function readMeeting(
	db: Kysely<DB>,
	actor: Actor,
	/** Its id, or the context already loaded for this actor (a SavingsRef). */
	group: unknown,
	meetingId: unknown
): Promise<MeetingRecord> {
	const context = await resolveSavingsGroup(db, actor, group);
	requireAccess(actor, 'savings:view', context.resource);
	if (!isUuid(meetingId)) notFound();
	const meeting = await db
		.selectFrom('savings_meeting as m')
		.innerJoin('savings_rules as r', 'r.id', 'm.rules_id')
		.leftJoin('savings_member as by', 'by.id', 'm.recorded_by')
		.select([
			'm.id',
			'm.cycle_id',
			'm.held_on',
			'm.kind',
			'm.note',
			'm.recorded_at',
			'by.name as recorded_by',
			'r.currency',
			'r.share_price'
		])
		// Its loans, cash counts and the group's totals after it come along, each a JSON list (with
		// int8 as text, which JSON numbers could round): one round trip, not four.
		.select((eb) => [
			jsonArrayFrom(
				eb
					.selectFrom('savings_loan as l')
					.select([
						'l.id',
						'l.member_id',
						sql<string>`l.principal::text`.as('principal'),
						'l.term_months',
						'l.due_on',
						'l.purpose',
						'l.brought_in',
						// Each loan's guarantors, in book order.
						sql<Array<string | null>>`array(
							select s.name from savings_loan_guarantor g
							join savings_member s on s.id = g.member_id
							where g.loan_id = l.id order by s.book_number, s.id
						)`.as('guarantors')
					])
					.whereRef('l.meeting_id', '=', 'm.id')
					.orderBy('l.id')
			).as('loans'),
			jsonArrayFrom(
				eb
					.selectFrom('savings_cash_count as k')
					.select([
						'k.moment',
						'k.fund',
						'k.place',
						sql<string>`k.amount::text`.as('amount'),
						sql<string>`k.expected::text`.as('expected')
					])
					.whereRef('k.meeting_id', '=', 'm.id')
			).as('counts'),
			jsonArrayFrom(
				eb
					.selectFrom('savings_entry as e')
					.innerJoin('savings_meeting as upto', 'upto.id', 'e.meeting_id')
					.select([
						'e.fund',
						'e.place',
						sql<string>`${sumInt8(sql.ref<bigint>('e.cash'))}::text`.as('cash'),
						sql<string>`${sumInt8(sql.ref<bigint>('e.owed'))}::text`.as('owed')
					])
					.whereRef('e.cycle_id', '=', 'm.cycle_id')
					.whereRef('upto.held_on', '<=', 'm.held_on')
					.groupBy(['e.fund', 'e.place'])
			).as('after')
		])
		.where('m.id', '=', meetingId)
		.where('m.group_id', '=', context.group.id)
		.executeTakeFirst();
	if (!meeting) notFound();
	const loans = meeting.loans.map((loan) => ({ ...loan, principal: BigInt(loan.principal) }));
	const counts = meeting.counts.map((c) => ({
		...c,
		amount: BigInt(c.amount),
		expected: BigInt(c.expected)
	}));
	const after = meeting.after.map((row) => ({
		...row,
		cash: BigInt(row.cash),
		owed: BigInt(row.owed)
	}));

	const allBooks = can(actor, 'savings:view-all-books', context.resource);
	const me = context.member?.id ?? null;
	const mayCorrect =
		can(actor, 'savings:record', context.resource) &&
		context.cycle?.id === meeting.cycle_id &&
		context.cycle.state === 'open';

	// Reads joined where one statement can carry them: each is a round trip on a busy page.
	const [members, entries] = await Promise.all([
		db
			.selectFrom('savings_member as s')
			.leftJoin('savings_attendance as a', (join) =>
				join.onRef('a.member_id', '=', 's.id').on('a.meeting_id', '=', meeting.id)
			)
			.select(['s.id', 's.name', 's.book_number', 's.status', 'a.status as attendance'])
			.where('s.group_id', '=', context.group.id)
			.orderBy('s.book_number')
			.execute(),
		db
			.selectFrom('savings_entry as e')
			.leftJoin('savings_member as by', 'by.id', 'e.recorded_by')
			.select([
				'e.id',
				'e.kind',
				'e.fund',
				'e.place',
				'e.cash',
				'e.owed',
				'e.shares',
				'e.savings',
				'e.member_id',
				'e.loan_id',
				'e.note',
				'e.reverses',
				'e.recorded_by',
				'e.recorded_at',
				'by.name as recorder'
			])
			.where('e.meeting_id', '=', meeting.id)
			.orderBy('e.seq')
			.execute()
	]);

	const nameOf = new Map(members.map((m) => [m.id, m.name]));
	const sees = (memberId: string | null) => allBooks || memberId === null || memberId === me;

	// Corrections: a reversal names its original; the right entry, if any, was written beside the
	// reversal in the same transaction (same kind, member, loan and moment, by the same officer).
	const reversals = new Map(entries.filter((e) => e.reverses).map((e) => [e.reverses!, e]));
	const replaced = new Map<string, string>();
	for (const [originalId, reversal] of reversals) {
		const original = entries.find((e) => e.id === originalId);
		const restated = entries.find(
			(e) =>
				e.reverses === null &&
				e.id !== originalId &&
				e.kind === reversal.kind &&
				e.member_id === reversal.member_id &&
				e.loan_id === reversal.loan_id &&
				e.recorded_by === reversal.recorded_by &&
				e.recorded_at.getTime() === reversal.recorded_at.getTime() &&
				!replaced.has(e.id)
		);
		if (original && restated) replaced.set(restated.id, originalId);
	}

	const view = (e: (typeof entries)[number]): MeetingEntry => {
		const reversal = reversals.get(e.id);
		const hidden = !sees(e.member_id);
		return {
			id: e.id,
			kind: e.kind,
			fund: e.fund,
			place: e.place,
			cash: e.cash,
			owed: e.owed,
			shares: e.shares,
			savings: e.savings,
			memberId: hidden ? null : e.member_id,
			loanId: hidden ? null : e.loan_id,
			note: hidden ? null : e.note,
			recordedBy: e.recorder,
			recordedAt: e.recorded_at,
			reversed: reversal
				? {
						id: reversal.id,
						by: reversal.recorder,
						at: reversal.recorded_at,
						reason: hidden ? null : reversal.note
					}
				: null,
			replaces: replaced.get(e.id) ?? null,
			correct:
				mayCorrect && !reversal && !NOT_CORRECTABLE.includes(e.kind)
					? e.kind === 'shares'
						? 'shares'
						: RESTATE_AMOUNT.includes(e.kind)
							? 'amount'
							: 'reverse'
					: null
		};
	};
	// A reversal is shown with the entry it reverses, never as a line of its own.
	const shown = entries.filter((e) => e.reverses === null);

	const attendance = members.flatMap((m) => (m.attendance ? [{ status: m.attendance }] : []));
	const lines: MeetingMemberLine[] = members
		.filter((m) => sees(m.id))
		.map((m) => ({
			id: m.id,
			name: m.name,
			bookNumber: m.book_number,
			status: m.status,
			attendance: m.attendance,
			entries: shown
				.filter((e) => e.member_id === m.id && e.kind !== 'grant' && !GROUP_KINDS.includes(e.kind))
				.map(view)
		}))
		.filter((line) => line.attendance !== null || line.entries.length > 0);

	const cash = Object.fromEntries(TILLS.map((till) => [till, 0n])) as Record<Till, bigint>;
	let owed = 0n;
	for (const row of after) {
		if (row.place) cash[`${row.fund}:${row.place}`] += row.cash;
		owed += row.owed;
	}
	// A loan counts as lent here while its issue stands (it was not corrected away).
	const lentByLoan = new Map<string, bigint>();
	for (const e of entries)
		if (e.kind === 'loan_out' && e.loan_id)
			lentByLoan.set(e.loan_id, (lentByLoan.get(e.loan_id) ?? 0n) - e.cash);
	const standing = [...lentByLoan.values()].filter((amount) => amount !== 0n);

	return {
		id: meeting.id,
		heldOn: meeting.held_on,
		kind: meeting.kind,
		note: meeting.note,
		recordedBy: meeting.recorded_by,
		recordedAt: meeting.recorded_at,
		currency: meeting.currency,
		sharePrice: meeting.share_price,
		allBooks,
		members: lines,
		loans: loans
			.filter((loan) => sees(loan.member_id))
			.map((loan) => ({
				id: loan.id,
				memberId: loan.member_id,
				name: nameOf.get(loan.member_id) ?? null,
				principal: loan.principal,
				termMonths: loan.term_months,
				dueOn: loan.due_on,
				purpose: loan.purpose,
				broughtIn: loan.brought_in,
				guarantors: loan.guarantors
			})),
		grants: shown.filter((e) => e.kind === 'grant').map(view),
		group: shown.filter((e) => GROUP_KINDS.includes(e.kind)).map(view),
		counts: counts
			.sort(
				(a, b) =>
					Number(a.moment === 'end') - Number(b.moment === 'end') ||
					TILLS.indexOf(`${a.fund}:${a.place}`) - TILLS.indexOf(`${b.fund}:${b.place}`)
			)
			.map((c) => ({ ...c })),
		summary: {
			cash,
			owed,
			lent: standing.reduce((sum, amount) => sum + amount, 0n),
			loans: standing.length,
			difference: counts.reduce((sum, c) => sum + c.amount - c.expected, 0n),
			attended: attendance.filter((a) => ATTENDED.includes(a.status)).length,
			onSheet: attendance.length
		}
	};
}
