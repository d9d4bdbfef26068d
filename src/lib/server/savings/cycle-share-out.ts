import { sql, type Kysely } from 'kysely';
import type { Currency } from '$lib/money';
import type { Actor } from '../access/actor';
import { can } from '../access/policy';
import { notFound, requireAccess } from '../access/require';
import { RECORDING_OFFICERS } from '../access/savings';
import { sumInt8 } from '../db/aggregates';
import type { DB, SavingsCycleState, SavingsMemberStatus, SavingsOfficer } from '../db/schema';
import { readBooks, type Till } from './books';
import type { CalendarDate } from './calendar-date';
import { loadSavingsGroup, type SavingsContext } from './savings-group-access';
import { rulesFromRow, type SavingsRules } from './savings-rules';
import type { ShareOut, Shortfall } from './share-out';
import { selectJoinedMembers, selectLoanGuarantees, shareOutOfBooks } from './share-out-of-books';
import { readShareOut, type SocialSplit } from './sharing-out';

/*
 * A cycle's share-out as a page or a download shows it: the calculation, who approved it, who has
 * been paid, and, once the cycle closed, what was carried over. The cycle that is not closed comes
 * from readShareOut (sharing-out.ts), the very figures the approvals and payouts use. A closed
 * cycle's is worked out again from its books as they stood before the first payout: its payouts
 * and the money carried out of it are left out, which gives back the figures the officers approved
 * (the approvals keep the fund and the shares, which the tests compare).
 */

export interface ShareOutMemberName {
	id: string;
	bookNumber: number;
	/** Null once erased: shown as "former member". */
	name: string | null;
	officer: SavingsOfficer | null;
	status: SavingsMemberStatus;
	hasAccount: boolean;
}

export interface ShareOutApproval {
	officer: 'chair' | 'secretary';
	/** The officer who approved. */
	memberId: string;
	/** Who recorded it: the officer themselves, or a recording officer for one without a phone. */
	recordedBy: string;
	approvedAt: Date;
}

/** Who holds an office that approves, and whether the reader may record that approval. */
export interface ShareOutApprover {
	officer: 'chair' | 'secretary';
	/** The first active member with the label, as approveShareOut takes it; null when nobody. */
	memberId: string | null;
	/** Whether approveShareOut would take this reader's approval for that officer. */
	readerMayApprove: boolean;
}

export interface UnpaidLoan {
	id: string;
	memberId: string;
	owed: bigint;
	dueOn: CalendarDate;
}

export interface CycleShareOut {
	cycle: {
		id: string;
		number: number;
		state: SavingsCycleState;
		startsOn: CalendarDate;
		closedAt: Date | null;
		currency: Currency;
		cashUnit: bigint;
		socialFundAtShareOut: SavingsRules['socialFundAtShareOut'];
		/** The rules the cycle ended with (its latest version): the next cycle starts on them. */
		rules: SavingsRules;
	};
	/** Why there is no calculation yet (no meeting, no share bought); null when there is one. */
	problem: 'no_meetings' | 'no_shares' | null;
	/**
	 * The calculation. Its `payouts` hold only the lines the reader may see: every member's where
	 * the books are open to them ('savings:view-all-books'), their own otherwise.
	 */
	shareOut: ShareOut | null;
	/**
	 * Guaranteed loans the borrower's payout cannot cover, charged to the guarantors or not: for
	 * the officers, and on a closed cycle those that were charged.
	 */
	shortfalls: Shortfall[];
	/** How many cash units were left over after rounding down, one each to the largest remainders. */
	leftoverUnits: number;
	/** The social fund at share-out; equal parts, so who gets one is no one's secret. */
	social: SocialSplit | null;
	/** Whether `shareOut.payouts` is every member's line, or only the reader's own. */
	allLines: boolean;
	approvals: ShareOutApproval[];
	approvers: ShareOutApprover[];
	/** What each member paid so far was handed (net of what they owed, with any social fund). */
	paid: Map<string, bigint>;
	/** Once closed: what stayed in the box and came out of this cycle's books for the next. */
	carried: { loan: bigint; social: bigint } | null;
	/** Loans still owed, for the officers (who may write one off before the share-out starts). */
	unpaidLoans: UnpaidLoan[];
	/** The latest meeting of the cycle, where a write-off is recorded; null before any. */
	latestMeeting: { id: string; heldOn: CalendarDate } | null;
	/** Every member of the group, in book order, for names. */
	members: ShareOutMemberName[];
	/** The reader's own member id, if they are in the group. */
	me: string | null;
	/** Every cycle of the group, newest first: earlier ones can be downloaded. */
	cycles: Array<{ number: number; state: SavingsCycleState }>;
}

const selectCycles = (db: Kysely<DB>, groupId: string) =>
	db
		.selectFrom('savings_cycle')
		.select(['id', 'number', 'state', 'starts_on', 'closed_at'])
		.where('group_id', '=', groupId)
		.orderBy('number', 'desc')
		.execute();

const selectLatestRules = (db: Kysely<DB>, cycleId: string) =>
	db
		.selectFrom('savings_rules')
		.selectAll()
		.where('cycle_id', '=', cycleId)
		.orderBy('version', 'desc')
		.limit(1)
		.executeTakeFirstOrThrow();

/** The meeting a cycle's payouts and its carrying over are recorded at: its latest. */
const selectLastMeeting = (db: Kysely<DB>, cycleId: string, kind?: 'meeting') => {
	const query = db
		.selectFrom('savings_meeting')
		.select(['id', 'held_on'])
		.where('cycle_id', '=', cycleId)
		.orderBy('held_on', 'desc')
		.limit(1);
	return (kind ? query.where('kind', '=', kind) : query).executeTakeFirst();
};

/**
 * What each member was handed at the share-out so far: minus the sum of their payout entries. Only
 * members whose own payout (the entry on no loan) is recorded: a guarantor's payment puts an entry
 * on the borrower's loan, which does not pay the borrower.
 */
export async function selectPaid(db: Kysely<DB>, cycleId: string): Promise<Map<string, bigint>> {
	const rows = await db
		.selectFrom('savings_entry')
		.select(['member_id', (eb) => sumInt8(eb.ref('cash')).as('cash')])
		.where('cycle_id', '=', cycleId)
		.where('kind', '=', 'payout')
		.groupBy('member_id')
		.having(sql<boolean>`bool_or(loan_id is null)`)
		.execute();
	return new Map(rows.map((row) => [row.member_id!, -row.cash]));
}

const selectApprovals = async (db: Kysely<DB>, cycleId: string): Promise<ShareOutApproval[]> =>
	(
		await db
			.selectFrom('savings_share_out_approval')
			.select(['officer', 'member_id', 'recorded_by', 'approved_at'])
			.where('cycle_id', '=', cycleId)
			.orderBy('approved_at')
			.execute()
	).map((row) => ({
		officer: row.officer,
		memberId: row.member_id,
		recordedBy: row.recorded_by,
		approvedAt: row.approved_at
	}));

/** The share-out of a closed cycle, from its books before the first payout. */
async function closedShareOut(
	db: Kysely<DB>,
	groupId: string,
	cycleId: string,
	rules: SavingsRules
): Promise<Pick<CycleShareOut, 'problem' | 'shareOut' | 'social' | 'carried' | 'shortfalls'>> {
	const last = await selectLastMeeting(db, cycleId);
	if (!last)
		return { problem: 'no_meetings', shareOut: null, social: null, carried: null, shortfalls: [] };
	const books = await readBooks(db, cycleId, { leaveOut: ['payout'] });
	// The money carried out at the close is at the last meeting; what came in from the cycle
	// before (also 'carried_over') is at the cycle's opening, and stays in.
	const carriedOut = await db
		.selectFrom('savings_entry')
		.select(['fund', 'place', (eb) => sumInt8(eb.ref('cash')).as('cash')])
		.where('cycle_id', '=', cycleId)
		.where('meeting_id', '=', last.id)
		.where('kind', '=', 'carried_over')
		.groupBy(['fund', 'place'])
		.execute();
	const cash = { ...books.cash };
	for (const row of carriedOut) {
		if (row.place) cash[`${row.fund}:${row.place}` as Till] -= row.cash;
	}
	const members = await selectJoinedMembers(db, groupId);
	const guarantees = await selectLoanGuarantees(db, cycleId);
	const result = shareOutOfBooks({ ...books, cash }, members, rules.cashUnit, guarantees);
	const socialPaid = await db
		.selectFrom('savings_entry')
		.select(['member_id', (eb) => sumInt8(eb.ref('cash')).as('cash')])
		.where('cycle_id', '=', cycleId)
		.where('kind', '=', 'payout')
		.where('fund', '=', 'social')
		.groupBy('member_id')
		.execute();
	const carried = { loan: 0n, social: 0n };
	for (const row of carriedOut) carried[row.fund] -= row.cash;
	return {
		problem: result.ok ? null : 'no_shares',
		shareOut: result.ok ? result.shareOut : null,
		shortfalls: result.ok ? result.shortfalls.filter((row) => row.charged) : [],
		social: {
			total: cash['social:box'] + cash['social:bank'],
			split: rules.socialFundAtShareOut === 'split',
			// Equal parts: what the members who had one were handed.
			perMember: socialPaid.length > 0 ? -socialPaid[0].cash : 0n,
			members: members
				.filter((member) => socialPaid.some((row) => row.member_id === member.id))
				.map((member) => member.id)
		},
		carried
	};
}

/** Whether approveShareOut would take the reader's approval for this officer (it decides). */
function mayApprove(
	context: SavingsContext,
	holder: { id: string; account_id: string | null } | undefined
): boolean {
	const me = context.member;
	if (!holder || !me || me.status !== 'active' || !me.officer) return false;
	return (
		holder.id === me.id || (holder.account_id === null && RECORDING_OFFICERS.includes(me.officer))
	);
}

/**
 * A cycle's share-out for anyone who may see the group ('savings:view'): the latest cycle unless
 * `cycleNumber` names another. A cycle the group does not have is a 404.
 */
export async function readCycleShareOut(
	db: Kysely<DB>,
	actor: Actor,
	groupId: unknown,
	cycleNumber?: number
): Promise<CycleShareOut> {
	const context = await loadSavingsGroup(db, actor, groupId);
	requireAccess(actor, 'savings:view', context.resource);
	const id = context.group.id;
	const cycles = await selectCycles(db, id);
	const cycle =
		cycleNumber === undefined ? cycles[0] : cycles.find((c) => c.number === cycleNumber);
	if (!cycle) notFound();
	const rules = rulesFromRow(await selectLatestRules(db, cycle.id));
	const allLines = can(actor, 'savings:view-all-books', context.resource);
	const me = context.member?.id ?? null;

	let figures: Pick<CycleShareOut, 'problem' | 'shareOut' | 'social' | 'carried' | 'shortfalls'>;
	if (cycle.state === 'closed') {
		figures = await closedShareOut(db, id, cycle.id, rules);
	} else {
		// The cycle that is not closed: the service's own figures.
		const read = await readShareOut(db, actor, id);
		figures = read.ok
			? {
					problem: null,
					shareOut: read.state.shareOut,
					social: read.state.social,
					carried: null,
					shortfalls: read.state.shortfalls
				}
			: {
					problem: read.problem === 'no_meetings' ? 'no_meetings' : 'no_shares',
					shareOut: null,
					social: null,
					carried: null,
					shortfalls: []
				};
	}
	const [approvals, paid, memberRows, latest] = await Promise.all([
		selectApprovals(db, cycle.id),
		selectPaid(db, cycle.id),
		db
			.selectFrom('savings_member')
			.select(['id', 'book_number', 'name', 'officer', 'status', 'account_id'])
			.where('group_id', '=', id)
			.orderBy('book_number')
			.execute(),
		selectLastMeeting(db, cycle.id, 'meeting')
	]);

	const mayRecord = can(actor, 'savings:record', context.resource);
	const unpaidLoans: UnpaidLoan[] =
		mayRecord && cycle.state === 'open'
			? (await readBooks(db, cycle.id)).loans
					.filter((loan) => loan.owed > 0n)
					.map((loan) => ({
						id: loan.id,
						memberId: loan.memberId,
						owed: loan.owed,
						dueOn: loan.dueOn
					}))
			: [];

	const holder = (officer: 'chair' | 'secretary') =>
		memberRows.find((row) => row.officer === officer && row.status === 'active');
	const approvers = (['chair', 'secretary'] as const).map((officer) => ({
		officer,
		memberId: holder(officer)?.id ?? null,
		readerMayApprove: mayRecord && mayApprove(context, holder(officer))
	}));

	const visible = (memberId: string) => allLines || memberId === me;
	const shareOut = figures.shareOut && {
		...figures.shareOut,
		payouts: figures.shareOut.payouts.filter((payout) => visible(payout.id))
	};
	return {
		cycle: {
			id: cycle.id,
			number: cycle.number,
			state: cycle.state,
			startsOn: cycle.starts_on,
			closedAt: cycle.closed_at,
			currency: rules.currency,
			cashUnit: rules.cashUnit,
			socialFundAtShareOut: rules.socialFundAtShareOut,
			rules
		},
		problem: figures.problem,
		shareOut,
		// Who guarantees whom shows on everyone's lines: for readers who may see every line.
		shortfalls: allLines ? figures.shortfalls : [],
		leftoverUnits: figures.shareOut?.payouts.filter((payout) => payout.roundedUp).length ?? 0,
		social: figures.social,
		allLines,
		approvals,
		approvers,
		paid: new Map([...paid].filter(([memberId]) => visible(memberId))),
		carried: figures.carried,
		unpaidLoans,
		latestMeeting: latest ? { id: latest.id, heldOn: latest.held_on } : null,
		members: memberRows
			.filter((row) => allLines || row.id === me || row.officer !== null)
			.map((row) => ({
				id: row.id,
				bookNumber: row.book_number,
				name: row.name,
				officer: row.officer,
				status: row.status,
				hasAccount: row.account_id !== null
			})),
		me,
		cycles: cycles.map((c) => ({ number: c.number, state: c.state }))
	};
}
