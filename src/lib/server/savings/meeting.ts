import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '../access/actor';
import { requireAccess } from '../access/require';
import type { DB } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { repeatSafe } from '../forms/repeat-safe';
import { readBooks, type Till } from './books';
import type { CalendarDate } from './calendar-date';
import { planMeeting, type MeetingPlan, type MeetingSheet, type SheetIssue } from './meeting-plan';
import { noticeMembers } from './notices';
import { loadSavingsGroup, type CurrentCycle } from './savings-group-access';
import { MIN_MEMBERS } from './setup';

/** What the group reads aloud before the box is locked. */
export interface MeetingSummary {
	meetingId: string;
	heldOn: CalendarDate;
	/** Cash per fund and place once the meeting is over. */
	cash: Record<Till, bigint>;
	/** Lent at this meeting, and how many loans. */
	lent: bigint;
	loans: number;
	/** Counted minus expected, over every count of the meeting: zero when the box agreed. */
	difference: bigint;
}

export type MeetingRefusal =
	| { ok: false; problem: 'sheet'; issues: SheetIssue[] }
	| { ok: false; problem: 'meeting_exists' }
	| { ok: false; problem: 'too_few_members' }
	| { ok: false; problem: 'no_open_cycle' };

/**
 * Records a whole meeting in one transaction: attendance, every member's money, loans, grants,
 * other income and costs, moves to and from the bank, and the cash counted. The server works out
 * every amount from the sheet and the books; a count that differs is recorded as a difference.
 * Repeat-safe by the sheet's key: a resend, or the same sheet twice at once, records once and
 * answers with the first result.
 */
export async function recordMeeting(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string,
	sheet: MeetingSheet,
	options: { formKey: string; now: Date; today: CalendarDate }
): Promise<{ ok: true; summary: MeetingSummary; repeated: boolean } | MeetingRefusal> {
	const { result, repeated } = await inTransaction(db, async (trx) => {
		// The group's row, locked: one meeting is written at a time, against books that stand still.
		const context = await loadSavingsGroup(trx, actor, groupId, { lock: true });
		requireAccess(actor, 'savings:record', context.resource);
		return repeatSafe(
			trx,
			{ scope: 'savings-meeting', key: options.formKey, now: options.now },
			() => writeMeeting(trx, groupId, context.cycle, context.member!.id, sheet, options.today)
		);
	});
	return result.ok ? { ...result, repeated } : result;
}

async function writeMeeting(
	trx: Transaction<DB>,
	groupId: string,
	cycle: CurrentCycle | null,
	recorderId: string,
	sheet: MeetingSheet,
	today: CalendarDate
): Promise<{ ok: true; summary: MeetingSummary } | MeetingRefusal> {
	if (!cycle || cycle.state !== 'open') return { ok: false, problem: 'no_open_cycle' };
	const taken = await trx
		.selectFrom('savings_meeting')
		.select('id')
		.where('group_id', '=', groupId)
		.where('held_on', '=', sheet.heldOn)
		.executeTakeFirst();
	if (taken) return { ok: false, problem: 'meeting_exists' };
	const members = await trx
		.selectFrom('savings_member')
		.select('id')
		.where('group_id', '=', groupId)
		.where('status', '=', 'active')
		.orderBy('book_number')
		.execute();
	if (members.length < MIN_MEMBERS) return { ok: false, problem: 'too_few_members' };

	const books = await readBooks(trx, cycle.id);
	const planned = planMeeting({
		rules: cycle.rules,
		books,
		memberIds: members.map((m) => m.id),
		cycleStartsOn: cycle.startsOn,
		today,
		sheet
	});
	if (!planned.ok) return { ok: false, problem: 'sheet', issues: planned.issues };

	const meeting = await trx
		.insertInto('savings_meeting')
		.values({
			group_id: groupId,
			cycle_id: cycle.id,
			held_on: sheet.heldOn,
			kind: 'meeting',
			rules_id: cycle.rulesId,
			note: sheet.note.trim() || null,
			recorded_by: recorderId
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	await trx
		.insertInto('savings_attendance')
		.values(
			sheet.rows.map((row) => ({
				meeting_id: meeting.id,
				member_id: row.memberId,
				status: row.attendance
			}))
		)
		.execute();
	await writePlan(
		trx,
		{ groupId, cycle, meetingId: meeting.id, recorderId, heldOn: sheet.heldOn },
		planned.plan
	);

	await noticeMembers(trx, {
		groupId,
		kind: 'meeting',
		meetingId: meeting.id,
		memberIds: sheet.rows.map((row) => row.memberId)
	});

	const lent = planned.plan.loans.reduce((sum, loan) => sum + loan.principal, 0n);
	const difference = planned.plan.counts.reduce((sum, c) => sum + c.amount - c.expected, 0n);
	return {
		ok: true,
		summary: {
			meetingId: meeting.id,
			heldOn: sheet.heldOn,
			cash: planned.plan.cash,
			lent,
			loans: planned.plan.loans.length,
			difference
		}
	};
}

/** Writes a plan's loans (on the cycle's rules), entries and counts for one meeting. */
export async function writePlan(
	trx: Transaction<DB>,
	at: {
		groupId: string;
		cycle: CurrentCycle;
		meetingId: string;
		recorderId: string;
		heldOn: CalendarDate;
	},
	plan: Pick<MeetingPlan, 'entries' | 'loans' | 'counts'>,
	options: { broughtIn?: boolean; issuedOn?: (ref: string) => CalendarDate } = {}
): Promise<void> {
	const { rules } = at.cycle;
	const loanIds = new Map<string, string>();
	for (const loan of plan.loans) {
		const row = await trx
			.insertInto('savings_loan')
			.values({
				group_id: at.groupId,
				meeting_id: at.meetingId,
				member_id: loan.memberId,
				principal: loan.principal,
				currency: rules.currency,
				issued_on: options.issuedOn?.(loan.ref) ?? at.heldOn,
				due_on: loan.dueOn,
				rate_bp: rules.rateBp,
				charge_method: rules.chargeMethod,
				term_months: loan.termMonths,
				late_penalty: rules.latePenalty,
				late_penalty_bp: rules.latePenalty === 'percent' ? rules.latePenaltyBp : 0,
				late_penalty_amount: rules.latePenalty === 'fixed' ? rules.latePenaltyAmount : 0n,
				purpose: loan.purpose,
				brought_in: options.broughtIn ?? false
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		loanIds.set(loan.ref, row.id);
		if (loan.guarantorIds.length > 0) {
			await trx
				.insertInto('savings_loan_guarantor')
				.values(loan.guarantorIds.map((memberId) => ({ loan_id: row.id, member_id: memberId })))
				.execute();
		}
	}
	if (plan.entries.length > 0) {
		await trx
			.insertInto('savings_entry')
			.values(
				plan.entries.map((entry) => ({
					group_id: at.groupId,
					cycle_id: at.cycle.id,
					meeting_id: at.meetingId,
					member_id: entry.memberId,
					loan_id: entry.loan === null ? null : (loanIds.get(entry.loan) ?? entry.loan),
					kind: entry.kind,
					fund: entry.fund,
					place: entry.place,
					currency: rules.currency,
					cash: entry.cash,
					owed: entry.owed,
					shares: entry.shares,
					savings: entry.savings,
					note: entry.note,
					recorded_by: at.recorderId
				}))
			)
			.execute();
	}
	if (plan.counts.length > 0) {
		await trx
			.insertInto('savings_cash_count')
			.values(
				plan.counts.map((count) => ({
					meeting_id: at.meetingId,
					fund: count.fund,
					place: count.place,
					moment: count.moment,
					amount: count.amount,
					expected: count.expected
				}))
			)
			.execute();
	}
}
