import { sql, type Kysely } from 'kysely';
import type { Currency } from '$lib/money';
import type { Actor } from '../access/actor';
import { can } from '../access/policy';
import { notFound, requireAccess } from '../access/require';
import { sumInt8 } from '../db/aggregates';
import { isUuid } from '../db/ids';
import type {
	Attendance,
	DB,
	SavingsEntryKind,
	SavingsMemberStatus,
	SavingsOfficer
} from '../db/schema';
import type { CalendarDate } from './calendar-date';
import { loadSavingsGroup } from './savings-group-access';
import { readBooks } from './books';
import { selectLoanGuarantees, shareOutOfBooks } from './share-out-of-books';

/*
 * A member's passbook (their line at every meeting of the cycle, their loans, what they would take
 * home if the group shared out today) and the members' table. Every figure is a sum of ledger
 * entries, so a correction nets out and the book shows what stands. Someone may read their own
 * book; others' books need 'savings:view-all-books', as the paper ledger is open or closed.
 */

export interface PassbookMember {
	id: string;
	/** Null once erased: the page says "former member". */
	name: string | null;
	bookNumber: number;
	officer: SavingsOfficer | null;
	status: SavingsMemberStatus;
	joinedOn: CalendarDate;
	leftOn: CalendarDate | null;
}

/** What the member did at one meeting, each figure the sum of their entries there. */
export interface PassbookLine {
	heldOn: CalendarDate;
	kind: 'meeting' | 'opening';
	attendance: Attendance | null;
	sharesBought: number;
	savingsAdded: bigint;
	socialFund: bigint;
	/** Late, absent and other fines. */
	fines: bigint;
	repaid: bigint;
	/** Service charges and late penalties. */
	charged: bigint;
	/** Lent at this meeting, or brought in at the opening. */
	borrowed: bigint;
	/** Handed to them on leaving or at the share-out. */
	paidOut: bigint;
	/** Whether an entry of theirs here was corrected: the line shows what stands. */
	corrected: boolean;
}

export interface PassbookLoan {
	id: string;
	issuedOn: CalendarDate;
	dueOn: CalendarDate;
	principal: bigint;
	owed: bigint;
	/** Service charges and penalties so far. */
	charged: bigint;
	overdue: boolean;
	broughtIn: boolean;
	/** Guarantors' names in book order; null for a former member. */
	guarantors: (string | null)[];
}

export interface Passbook {
	member: PassbookMember;
	/** The current cycle's; null when no cycle is running, and then everything below is empty. */
	currency: Currency | null;
	sharePrice: bigint | null;
	lines: PassbookLine[];
	/**
	 * Where an opening line comes from: the paper book (a group's first cycle, before any
	 * meeting) or, in a later cycle, the shares put in from the last cycle's share-out.
	 */
	openingFrom: 'paper_book' | 'last_cycle' | null;
	totals: { shares: number; savings: bigint; socialFund: bigint; fines: bigint; owed: bigint };
	loans: PassbookLoan[];
	/** Their payout (net of what they owe) if the group shared out today; null with no shares. */
	projected: bigint | null;
}

export interface MembersTableRow {
	id: string;
	name: string | null;
	bookNumber: number;
	officer: SavingsOfficer | null;
	status: SavingsMemberStatus;
	/** The day they left, for a member who left. */
	leftOn: CalendarDate | null;
	hasAccount: boolean;
	/** Null where the books are closed to the reader and the row is not theirs. */
	shares: number | null;
	savings: bigint | null;
	owed: bigint | null;
}

export interface MembersTable {
	currency: Currency | null;
	members: MembersTableRow[];
	totals: { shares: number; savings: bigint; owed: bigint };
}

const SHARE_KINDS: readonly SavingsEntryKind[] = ['shares', 'opening_shares'];
const FINE_KINDS: readonly SavingsEntryKind[] = ['fine_late', 'fine_absent', 'fine_other'];
const CHARGE_KINDS: readonly SavingsEntryKind[] = ['charge', 'penalty'];
const BORROW_KINDS: readonly SavingsEntryKind[] = ['loan_out', 'opening_loan'];
const PAYOUT_KINDS: readonly SavingsEntryKind[] = ['leaver_payout', 'payout'];

/** The sum of one column of the entries (aliased `e`) of the given kinds. */
const sumOf = (column: 'cash' | 'owed' | 'savings', kinds: readonly SavingsEntryKind[]) =>
	sumInt8(
		sql<bigint>`case when e.kind in (${sql.join(kinds)}) then ${sql.ref(`e.${column}`)} else 0 end`
	);
const sharesOf = (kinds: readonly SavingsEntryKind[] | null) =>
	sumInt8(
		kinds
			? sql<bigint>`case when e.kind in (${sql.join(kinds)}) then e.shares::int8 else 0 end`
			: sql<bigint>`e.shares::int8`
	);

interface MemberSums {
	shares: number;
	savings: bigint;
	socialFund: bigint;
	fines: bigint;
	owed: bigint;
}
const NO_SUMS: MemberSums = { shares: 0, savings: 0n, socialFund: 0n, fines: 0n, owed: 0n };

/** Each member's sums over the cycle (or one member's), in one statement. */
async function cycleSums(db: Kysely<DB>, cycleId: string, memberId?: string) {
	const rows = await db
		.selectFrom('savings_entry as e')
		.$if(memberId !== undefined, (query) => query.where('e.member_id', '=', memberId!))
		.select([
			'e.member_id',
			sharesOf(null).as('shares'),
			(eb) => sumInt8(eb.ref('e.savings')).as('savings'),
			sumOf('cash', ['social_fund']).as('social_fund'),
			sumOf('cash', FINE_KINDS).as('fines'),
			(eb) => sumInt8(eb.ref('e.owed')).as('owed')
		])
		.where('e.cycle_id', '=', cycleId)
		.groupBy('e.member_id')
		.execute();
	const members = new Map<string, MemberSums>();
	for (const row of rows) {
		if (row.member_id === null) continue;
		members.set(row.member_id, {
			shares: Number(row.shares),
			savings: row.savings,
			socialFund: row.social_fund,
			fines: row.fines,
			owed: row.owed
		});
	}
	return members;
}

const selectMembers = (db: Kysely<DB>, groupId: string) =>
	db
		.selectFrom('savings_member')
		.select([
			'id',
			'name',
			'book_number',
			'officer',
			'status',
			'account_id',
			'joined_on',
			'left_on'
		])
		.where('group_id', '=', groupId)
		.orderBy('book_number')
		.execute();

/**
 * One member's passbook for the current cycle. Their own with 'savings:view'; anyone else's with
 * 'savings:view-all-books'. A member id that is malformed, unknown or of another group is a 404,
 * as is a book the actor may not read.
 */
export async function readPassbook(
	db: Kysely<DB>,
	actor: Actor,
	groupId: unknown,
	memberId: unknown,
	today: CalendarDate
): Promise<Passbook> {
	const context = await loadSavingsGroup(db, actor, groupId);
	requireAccess(actor, 'savings:view', context.resource);
	if (!isUuid(memberId)) notFound();
	if (context.member?.id !== memberId && !can(actor, 'savings:view-all-books', context.resource))
		notFound();
	const members = await selectMembers(db, context.group.id);
	const row = members.find((m) => m.id === memberId);
	if (!row) notFound();
	const member: PassbookMember = {
		id: row.id,
		name: row.name,
		bookNumber: row.book_number,
		officer: row.officer,
		status: row.status,
		joinedOn: row.joined_on,
		leftOn: row.left_on
	};

	const { cycle } = context;
	if (!cycle) {
		const empty = {
			currency: null,
			sharePrice: null,
			lines: [],
			openingFrom: null,
			loans: [],
			projected: null
		};
		return { member, ...empty, totals: { ...NO_SUMS } };
	}
	const [sums, shared, lines, loans, guarantors, guarantees] = await Promise.all([
		cycleSums(db, cycle.id, memberId),
		// As the books stood before the share-out's first payout, which is what a share-out divides.
		readBooks(db, cycle.id, { leaveOut: ['payout'] }),
		selectLines(db, cycle.id, memberId),
		selectLoans(db, cycle.id, memberId),
		selectGuarantors(db, cycle.id, memberId),
		selectLoanGuarantees(db, cycle.id)
	]);

	// The share-out as it would run today (or runs, once the group is sharing out), over every
	// member, so the figure is exactly theirs, with any loan's shortfall the group charged to them
	// as a guarantor.
	const projection = shareOutOfBooks(shared, members, cycle.rules.cashUnit, guarantees);

	return {
		member,
		currency: cycle.rules.currency,
		sharePrice: cycle.rules.sharePrice,
		openingFrom: cycle.number > 1 ? 'last_cycle' : 'paper_book',
		lines: lines.map((line) => ({
			heldOn: line.held_on,
			kind: line.kind,
			attendance: line.attendance,
			sharesBought: Number(line.shares_bought ?? 0n),
			savingsAdded: line.savings_added ?? 0n,
			socialFund: line.social_fund ?? 0n,
			fines: line.fines ?? 0n,
			repaid: line.repaid ?? 0n,
			charged: line.charged ?? 0n,
			borrowed: line.borrowed ?? 0n,
			paidOut: -(line.paid_out ?? 0n),
			corrected: line.corrected ?? false
		})),
		totals: { ...(sums.get(memberId) ?? NO_SUMS) },
		loans: loans.map((loan) => {
			const owed = loan.owed ?? 0n;
			return {
				id: loan.id,
				issuedOn: loan.issued_on,
				dueOn: loan.due_on,
				principal: loan.principal,
				owed,
				charged: loan.charged ?? 0n,
				overdue: today > loan.due_on && owed > 0n,
				broughtIn: loan.brought_in,
				guarantors: guarantors.filter((g) => g.loan_id === loan.id).map((g) => g.name)
			};
		}),
		projected: projection.ok
			? (projection.shareOut.payouts.find((payout) => payout.id === memberId)?.net ?? 0n)
			: null
	};
}

/** Every meeting of the cycle where the member has an entry or was on the attendance sheet. */
const selectLines = (db: Kysely<DB>, cycleId: string, memberId: string) =>
	db
		.selectFrom('savings_meeting as m')
		.leftJoin(
			db
				.selectFrom('savings_entry as e')
				.select([
					'e.meeting_id',
					sharesOf(SHARE_KINDS).as('shares_bought'),
					sumOf('savings', SHARE_KINDS).as('savings_added'),
					sumOf('cash', ['social_fund']).as('social_fund'),
					sumOf('cash', FINE_KINDS).as('fines'),
					sumOf('cash', ['repayment']).as('repaid'),
					sumOf('owed', CHARGE_KINDS).as('charged'),
					sumOf('owed', BORROW_KINDS).as('borrowed'),
					sumOf('cash', PAYOUT_KINDS).as('paid_out'),
					// A reversal has the member and meeting of the entry it reverses.
					sql<boolean>`bool_or(e.reverses is not null)`.as('corrected')
				])
				.where('e.cycle_id', '=', cycleId)
				.where('e.member_id', '=', memberId)
				.groupBy('e.meeting_id')
				.as('e'),
			'e.meeting_id',
			'm.id'
		)
		.leftJoin('savings_attendance as a', (join) =>
			join.onRef('a.meeting_id', '=', 'm.id').on('a.member_id', '=', memberId)
		)
		.select([
			'm.held_on',
			'm.kind',
			'a.status as attendance',
			'e.shares_bought',
			'e.savings_added',
			'e.social_fund',
			'e.fines',
			'e.repaid',
			'e.charged',
			'e.borrowed',
			'e.paid_out',
			'e.corrected'
		])
		.where('m.cycle_id', '=', cycleId)
		.where((eb) => eb.or([eb('e.meeting_id', 'is not', null), eb('a.status', 'is not', null)]))
		.orderBy('m.held_on')
		.execute();

const selectLoans = (db: Kysely<DB>, cycleId: string, memberId: string) =>
	db
		.selectFrom('savings_loan as l')
		.innerJoin('savings_meeting as m', 'm.id', 'l.meeting_id')
		.leftJoin(
			db
				.selectFrom('savings_entry as e')
				.select([
					'e.loan_id',
					(eb) => sumInt8(eb.ref('e.owed')).as('owed'),
					sumOf('owed', CHARGE_KINDS).as('charged')
				])
				.where('e.cycle_id', '=', cycleId)
				.where('e.member_id', '=', memberId)
				.where('e.loan_id', 'is not', null)
				.groupBy('e.loan_id')
				.as('s'),
			's.loan_id',
			'l.id'
		)
		.select([
			'l.id',
			'l.issued_on',
			'l.due_on',
			'l.principal',
			'l.brought_in',
			's.owed',
			's.charged'
		])
		.where('m.cycle_id', '=', cycleId)
		.where('l.member_id', '=', memberId)
		.orderBy('l.issued_on')
		.orderBy('l.id')
		.execute();

const selectGuarantors = (db: Kysely<DB>, cycleId: string, memberId: string) =>
	db
		.selectFrom('savings_loan_guarantor as g')
		.innerJoin('savings_loan as l', 'l.id', 'g.loan_id')
		.innerJoin('savings_meeting as m', 'm.id', 'l.meeting_id')
		.innerJoin('savings_member as s', 's.id', 'g.member_id')
		.select(['g.loan_id', 's.name'])
		.where('m.cycle_id', '=', cycleId)
		.where('l.member_id', '=', memberId)
		.orderBy('s.book_number')
		.execute();

/**
 * Every member of the group, active and left, in book order. Their shares, savings and what they
 * owe are shown to whoever may read all the books; anyone else sees only their own. The group's
 * totals are everyone's.
 */
export async function readMembersTable(
	db: Kysely<DB>,
	actor: Actor,
	groupId: unknown
): Promise<MembersTable> {
	const context = await loadSavingsGroup(db, actor, groupId);
	requireAccess(actor, 'savings:view', context.resource);
	const allBooks = can(actor, 'savings:view-all-books', context.resource);
	const { cycle } = context;
	const [members, sums] = await Promise.all([
		selectMembers(db, context.group.id),
		cycle ? cycleSums(db, cycle.id) : new Map<string, MemberSums>()
	]);

	const totals = { shares: 0, savings: 0n, owed: 0n };
	const rows = members.map((m): MembersTableRow => {
		const figures = sums.get(m.id) ?? NO_SUMS;
		totals.shares += figures.shares;
		totals.savings += figures.savings;
		totals.owed += figures.owed;
		const shown = allBooks || m.id === context.member?.id;
		return {
			id: m.id,
			name: m.name,
			bookNumber: m.book_number,
			officer: m.officer,
			status: m.status,
			leftOn: m.left_on,
			hasAccount: m.account_id !== null,
			shares: shown ? figures.shares : null,
			savings: shown ? figures.savings : null,
			owed: shown ? figures.owed : null
		};
	});
	return { currency: cycle?.rules.currency ?? null, members: rows, totals };
}
