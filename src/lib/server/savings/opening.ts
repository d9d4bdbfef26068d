import type { Kysely } from 'kysely';
import { MAX_AMOUNT } from '$lib/money';
import type { Actor } from '../access/actor';
import { requireAccess } from '../access/require';
import type { CashPlace, DB, SavingsFund } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { repeatSafe } from '../forms/repeat-safe';
import { addMonths, type CalendarDate } from './calendar-date';
import { writePlan } from './meeting';
import type { PlannedEntry, PlannedLoan } from './meeting-plan';
import { loadSavingsGroup } from './savings-group-access';

/** What a group that kept its books on paper brings in, once, before its first meeting here. */
export interface OpeningBalances {
	/** The day the paper books were closed and these were counted. */
	heldOn: CalendarDate;
	/** Each member's shares to date. */
	shares: Array<{ memberId: string; shares: number }>;
	/** Loans still outstanding: what is owed today, and the terms they were issued on. */
	loans: Array<{ memberId: string; owed: bigint; issuedOn: CalendarDate; termMonths: number }>;
	/** The cash of each fund in each place. */
	cash: Array<{ fund: SavingsFund; place: CashPlace; amount: bigint }>;
	/** Where the figures come from ("from the green notebook, checked by the chair"). */
	note: string;
	formKey: string;
}

export type OpeningIssue = {
	path: string;
	problem: 'unknown_member' | 'out_of_range' | 'date_invalid' | 'note_needed';
};

/**
 * Records the opening balances as the cycle's first record, in one transaction: shares as they
 * stand (their cash is in the box or lent out), loans brought in with their terms (nothing charged
 * again for what fell due on paper), and the cash of each fund and place.
 */
export async function recordOpening(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string,
	opening: OpeningBalances,
	now: Date
): Promise<
	| { ok: true; meetingId: string }
	| { ok: false; problem: 'already_started' }
	| { ok: false; problem: 'opening'; issues: OpeningIssue[] }
> {
	const { result } = await inTransaction(db, async (trx) => {
		const context = await loadSavingsGroup(trx, actor, groupId, { lock: true });
		requireAccess(actor, 'savings:record', context.resource);
		return repeatSafe(trx, { scope: 'savings-opening', key: opening.formKey, now }, async () => {
			const cycle = context.cycle;
			const started = await trx
				.selectFrom('savings_meeting')
				.select('id')
				.where('group_id', '=', groupId)
				.executeTakeFirst();
			if (!cycle || cycle.state !== 'open' || started)
				return { ok: false, problem: 'already_started' } as const;

			const members = await trx
				.selectFrom('savings_member')
				.select('id')
				.where('group_id', '=', groupId)
				.where('status', '=', 'active')
				.execute();
			const active = new Set(members.map((m) => m.id));
			const issues: OpeningIssue[] = [];
			const refuse = (path: string, problem: OpeningIssue['problem']) =>
				issues.push({ path, problem });
			if (opening.note.trim() === '') refuse('note', 'note_needed');
			if (opening.heldOn < cycle.startsOn) refuse('heldOn', 'date_invalid');

			const { rules } = cycle;
			const entries: PlannedEntry[] = [];
			const entry = (e: Partial<PlannedEntry> & Pick<PlannedEntry, 'kind'>): PlannedEntry => ({
				fund: 'loan',
				place: null,
				cash: 0n,
				owed: 0n,
				shares: 0,
				savings: 0n,
				memberId: null,
				loan: null,
				note: null,
				...e
			});
			opening.shares.forEach((line, index) => {
				if (!active.has(line.memberId)) return refuse(`shares.${index}.memberId`, 'unknown_member');
				if (!Number.isInteger(line.shares) || line.shares < 0 || line.shares > 100_000)
					return refuse(`shares.${index}.shares`, 'out_of_range');
				if (line.shares === 0) return;
				const savings = BigInt(line.shares) * rules.sharePrice;
				entries.push(
					entry({ kind: 'opening_shares', memberId: line.memberId, shares: line.shares, savings })
				);
			});
			const loans: PlannedLoan[] = [];
			const issuedOn = new Map<string, CalendarDate>();
			opening.loans.forEach((loan, index) => {
				if (!active.has(loan.memberId)) return refuse(`loans.${index}.memberId`, 'unknown_member');
				if (loan.owed <= 0n || loan.owed > MAX_AMOUNT)
					return refuse(`loans.${index}.owed`, 'out_of_range');
				if (loan.issuedOn >= opening.heldOn)
					return refuse(`loans.${index}.issuedOn`, 'date_invalid');
				if (!Number.isInteger(loan.termMonths) || loan.termMonths < 1 || loan.termMonths > 24)
					return refuse(`loans.${index}.termMonths`, 'out_of_range');
				const ref = `new:${loans.length}` as const;
				issuedOn.set(ref, loan.issuedOn);
				loans.push({
					ref,
					memberId: loan.memberId,
					principal: loan.owed,
					termMonths: loan.termMonths,
					dueOn: addMonths(loan.issuedOn, loan.termMonths),
					purpose: null,
					guarantorIds: []
				});
				entries.push(
					entry({ kind: 'opening_loan', memberId: loan.memberId, loan: ref, owed: loan.owed })
				);
			});
			opening.cash.forEach((till, index) => {
				if (till.amount < 0n || till.amount > MAX_AMOUNT)
					return refuse(`cash.${index}.amount`, 'out_of_range');
				if (till.amount === 0n) return;
				entries.push(
					entry({ kind: 'opening_cash', fund: till.fund, place: till.place, cash: till.amount })
				);
			});
			if (issues.length > 0) return { ok: false, problem: 'opening', issues } as const;

			const meeting = await trx
				.insertInto('savings_meeting')
				.values({
					group_id: groupId,
					cycle_id: cycle.id,
					held_on: opening.heldOn,
					kind: 'opening',
					rules_id: cycle.rulesId,
					note: opening.note.trim(),
					recorded_by: context.member!.id
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			await writePlan(
				trx,
				{
					groupId,
					cycle,
					meetingId: meeting.id,
					recorderId: context.member!.id,
					heldOn: opening.heldOn
				},
				{ entries, loans, counts: [] },
				{ broughtIn: true, issuedOn: (ref) => issuedOn.get(ref)! }
			);
			return { ok: true, meetingId: meeting.id } as const;
		});
	});
	return result;
}
