import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '../access/actor';
import { requireAccess } from '../access/require';
import { RECORDING_OFFICERS } from '../access/savings';
import type { DB, SavingsEntryKind } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { repeatSafe } from '../forms/repeat-safe';
import { readBooks, TILLS, type Books } from './books';
import { noticeMembers } from './notices';
import { loadSavingsGroup, type CurrentCycle, type SavingsContext } from './savings-group-access';
import type { SavingsRules } from './savings-rules';
import type { ShareOut, Shortfall } from './share-out';
import {
	selectJoinedMembers,
	selectLoanGuarantees,
	shareOutOfBooks,
	type JoinedMember,
	type LoanGuarantee
} from './share-out-of-books';

/*
 * The end of a cycle, as groups do it: the books are frozen and the share-out calculated, the
 * chair and the secretary approve it, each member is paid (what they owe comes off their payout),
 * and the cycle closes. What is left (less than one cash unit, a social fund the group keeps)
 * is carried into the next cycle as a labelled entry.
 */

export interface SocialSplit {
	/** The social fund's cash; split equally among active members when the rules say so. */
	total: bigint;
	split: boolean;
	perMember: bigint;
	members: string[];
}

export interface ShareOutState {
	shareOut: ShareOut;
	social: SocialSplit;
	/** Guaranteed loans the borrower's payout cannot cover, charged to the guarantors or not. */
	shortfalls: Shortfall[];
	approvals: Array<{ officer: 'chair' | 'secretary'; memberId: string; approvedAt: Date }>;
	/** Members already paid. */
	paid: Set<string>;
	/** The last meeting of the cycle, where the payouts are recorded. */
	lastMeetingId: string;
}

export type ShareOutProblem =
	| 'no_meetings'
	| 'money_in_bank'
	| 'no_shares'
	| 'not_sharing_out'
	| 'already_approved'
	| 'not_that_officer'
	| 'not_approved'
	| 'already_paid'
	| 'nothing_to_pay'
	| 'not_all_paid';

type Refusal = { ok: false; problem: ShareOutProblem };

/**
 * What the share-out writes: the payouts (with the loans they repay). The calculation reads the
 * books without them, as they stood before the first payout.
 */
const SHARE_OUT_KINDS: readonly SavingsEntryKind[] = ['payout'];
const refuse = (problem: ShareOutProblem): Refusal => ({ ok: false, problem });

/** The share-out as the books stand, and what has been approved and paid of it. */
export async function currentState(
	trx: Kysely<DB>,
	groupId: string,
	cycle: CurrentCycle
): Promise<ShareOutState | Refusal> {
	// As the books stood before the first payout: the share-out's own entries follow from it.
	const books = await readBooks(trx, cycle.id, { leaveOut: SHARE_OUT_KINDS });
	const last = await trx
		.selectFrom('savings_meeting')
		.select('id')
		.where('cycle_id', '=', cycle.id)
		.orderBy('held_on', 'desc')
		.limit(1)
		.executeTakeFirst();
	if (!last) return refuse('no_meetings');
	const members = await selectJoinedMembers(trx, groupId);
	const guarantees = await selectLoanGuarantees(trx, cycle.id);
	const calculated = calculate(books, members, cycle.rules, guarantees);
	if (!calculated) return refuse('no_shares');
	const approvals = await trx
		.selectFrom('savings_share_out_approval')
		.select(['officer', 'member_id', 'approved_at'])
		.where('cycle_id', '=', cycle.id)
		.execute();
	// A member is paid once their own payout entry (the one on no loan) is recorded: a guarantor's
	// payment puts an entry on the borrower's loan before the borrower may be paid.
	const paid = await trx
		.selectFrom('savings_entry')
		.select('member_id')
		.distinct()
		.where('cycle_id', '=', cycle.id)
		.where('kind', '=', 'payout')
		.where('loan_id', 'is', null)
		.execute();
	return {
		...calculated,
		approvals: approvals.map((a) => ({
			officer: a.officer,
			memberId: a.member_id,
			approvedAt: a.approved_at
		})),
		paid: new Set(paid.map((row) => row.member_id!)),
		lastMeetingId: last.id
	};
}

function calculate(
	books: Books,
	members: readonly JoinedMember[],
	rules: SavingsRules,
	guarantees: ReadonlyMap<string, LoanGuarantee>
): Pick<ShareOutState, 'shareOut' | 'social' | 'shortfalls'> | null {
	const result = shareOutOfBooks(books, members, rules.cashUnit, guarantees);
	if (!result.ok) return null;
	const total = books.cash['social:box'] + books.cash['social:bank'];
	const active = members.filter((member) => member.status === 'active').map((member) => member.id);
	const split = rules.socialFundAtShareOut === 'split' && active.length > 0;
	// Equal parts in whole cash units; what is less than a unit each stays for the next cycle.
	const perMember = split ? (total / BigInt(active.length) / rules.cashUnit) * rules.cashUnit : 0n;
	return {
		shareOut: result.shareOut,
		social: { total, split, perMember, members: split ? active : [] },
		shortfalls: result.shortfalls
	};
}

/** The share-out as it would be, or is: for the page, whatever the cycle's state. */
export async function readShareOut(
	db: Kysely<DB>,
	actor: Actor,
	groupId: unknown
): Promise<{ ok: true; state: ShareOutState; cycle: CurrentCycle } | Refusal> {
	const context = await loadSavingsGroup(db, actor, groupId);
	requireAccess(actor, 'savings:view', context.resource);
	if (!context.cycle) return refuse('not_sharing_out');
	const state = await currentState(db, context.group.id, context.cycle);
	return 'ok' in state ? state : { ok: true, state, cycle: context.cycle };
}

/** Runs `work` as a recording officer of the group, locked, repeat-safe by the form's key. */
async function asRecorder<T>(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string,
	use: { scope: string; formKey: string; now: Date },
	work: (
		trx: Transaction<DB>,
		context: SavingsContext & { cycle: CurrentCycle }
	) => Promise<T | Refusal>
): Promise<T | Refusal> {
	const { result } = await inTransaction(db, async (trx) => {
		const context = await loadSavingsGroup(trx, actor, groupId, { lock: true });
		requireAccess(actor, 'savings:record', context.resource);
		return repeatSafe(trx, { scope: use.scope, key: use.formKey, now: use.now }, async () => {
			if (!context.cycle) return refuse('not_sharing_out');
			return work(trx, context as SavingsContext & { cycle: CurrentCycle });
		});
	});
	return result;
}

/** Freezes the books: no more meetings or corrections this cycle, until reopened. */
export async function startShareOut(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string,
	use: { formKey: string; now: Date }
): Promise<{ ok: true } | Refusal> {
	return asRecorder(
		db,
		actor,
		groupId,
		{ scope: 'savings-share-out-start', ...use },
		async (trx, { cycle }) => {
			if (cycle.state !== 'open') return refuse('not_sharing_out');
			const books = await readBooks(trx, cycle.id);
			// Payouts are counted out of the box: the bank's money comes back at a meeting first.
			if (books.cash['loan:bank'] !== 0n || books.cash['social:bank'] !== 0n)
				return refuse('money_in_bank');
			const state = await currentState(trx, groupId, cycle);
			if ('ok' in state) return state;
			await trx
				.updateTable('savings_cycle')
				.set({ state: 'sharing_out' })
				.where('id', '=', cycle.id)
				.execute();
			return { ok: true } as const;
		}
	);
}

/** Back to recording, to put a mistake right: only before anyone approved. */
export async function reopenCycle(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string,
	use: { formKey: string; now: Date }
): Promise<{ ok: true } | Refusal> {
	return asRecorder(
		db,
		actor,
		groupId,
		{ scope: 'savings-share-out-reopen', ...use },
		async (trx, { cycle }) => {
			if (cycle.state !== 'sharing_out') return refuse('not_sharing_out');
			const approved = await trx
				.selectFrom('savings_share_out_approval')
				.select('officer')
				.where('cycle_id', '=', cycle.id)
				.executeTakeFirst();
			if (approved) return refuse('already_approved');
			await trx
				.updateTable('savings_cycle')
				.set({ state: 'open' })
				.where('id', '=', cycle.id)
				.execute();
			return { ok: true } as const;
		}
	);
}

/**
 * The chair's or the secretary's approval. An officer with an account approves for themselves; a
 * recording officer records it for one who has no phone.
 */
export async function approveShareOut(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string,
	input: { officer: 'chair' | 'secretary'; formKey: string; now: Date }
): Promise<{ ok: true } | Refusal> {
	const use = { scope: 'savings-share-out-approve', formKey: input.formKey, now: input.now };
	return asRecorder(db, actor, groupId, use, async (trx, { cycle, member }) => {
		if (cycle.state !== 'sharing_out') return refuse('not_sharing_out');
		const holder = await trx
			.selectFrom('savings_member')
			.select(['id', 'account_id'])
			.where('group_id', '=', groupId)
			.where('officer', '=', input.officer)
			.where('status', '=', 'active')
			.orderBy('book_number')
			.executeTakeFirst();
		const mayApprove =
			holder &&
			(holder.id === member!.id ||
				(holder.account_id === null && RECORDING_OFFICERS.includes(member!.officer!)));
		if (!mayApprove) return refuse('not_that_officer');
		const state = await currentState(trx, groupId, cycle);
		if ('ok' in state) return state;
		const inserted = await trx
			.insertInto('savings_share_out_approval')
			.values({
				group_id: groupId,
				cycle_id: cycle.id,
				officer: input.officer,
				member_id: holder.id,
				recorded_by: member!.id,
				fund: state.shareOut.fund,
				total_shares: state.shareOut.totalShares
			})
			.onConflict((conflict) => conflict.columns(['cycle_id', 'officer']).doNothing())
			.returning('officer')
			.executeTakeFirst();
		return inserted ? ({ ok: true } as const) : refuse('already_approved');
	});
}

/**
 * Pays one member, once both officers approved: their shares' value, less what they owe (their
 * loans are repaid from it, and their parts of loans charged to them as a guarantor), and their
 * part of the social fund when it is split.
 */
export async function payOut(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string,
	input: { memberId: string; formKey: string; now: Date }
): Promise<{ ok: true; net: bigint } | Refusal> {
	const use = { scope: 'savings-share-out-pay', formKey: input.formKey, now: input.now };
	return asRecorder(db, actor, groupId, use, async (trx, { cycle, member }) => {
		if (cycle.state !== 'sharing_out') return refuse('not_sharing_out');
		const state = await currentState(trx, groupId, cycle);
		if ('ok' in state) return state;
		if (state.approvals.length < 2) return refuse('not_approved');
		if (state.paid.has(input.memberId)) return refuse('already_paid');
		const payout = state.shareOut.payouts.find((p) => p.id === input.memberId);
		const social = state.social.members.includes(input.memberId) ? state.social.perMember : 0n;
		if (!payout && social === 0n) return refuse('nothing_to_pay');

		// As the calculation read them: a guarantor paid first has already paid into a loan.
		const books = await readBooks(trx, cycle.id, { leaveOut: SHARE_OUT_KINDS });
		const own = books.members.get(input.memberId) ?? { shares: 0, savings: 0n };
		const charged = state.shortfalls.filter((row) => row.charged);
		const at = {
			group_id: groupId,
			cycle_id: cycle.id,
			meeting_id: state.lastMeetingId,
			member_id: input.memberId,
			currency: cycle.rules.currency,
			recorded_by: member!.id
		};
		// A 'payout' entry marks the member paid, even when only the social fund pays them.
		await trx
			.insertInto('savings_entry')
			.values({
				...at,
				kind: 'payout',
				fund: 'loan',
				place: payout && payout.gross !== 0n ? 'box' : null,
				cash: -(payout?.gross ?? 0n),
				shares: -own.shares,
				savings: -own.savings
			})
			.execute();
		// What they owe comes off their payout: each loan is repaid from it, less what the group
		// charged to its guarantors.
		for (const loan of books.loans.filter((l) => l.memberId === input.memberId && l.owed > 0n)) {
			const amount = loan.owed - (charged.find((row) => row.loanId === loan.id)?.shortfall ?? 0n);
			if (amount === 0n) continue;
			await trx
				.insertInto('savings_entry')
				.values({
					...at,
					kind: 'payout',
					fund: 'loan',
					place: 'box',
					cash: amount,
					owed: -amount,
					loan_id: loan.id
				})
				.execute();
		}
		// A guarantor's part: the cash comes off their payout, the balance off the borrower's loan.
		for (const row of charged) {
			const part = row.parts.find((p) => p.memberId === input.memberId)?.amount ?? 0n;
			if (part === 0n) continue;
			await trx
				.insertInto('savings_entry')
				.values([
					{ ...at, kind: 'payout', fund: 'loan', place: 'box', cash: part, loan_id: row.loanId },
					{
						...at,
						member_id: row.borrowerId,
						kind: 'payout',
						fund: 'loan',
						place: null,
						owed: -part,
						loan_id: row.loanId
					}
				])
				.execute();
		}
		if (social > 0n) {
			await trx
				.insertInto('savings_entry')
				.values({ ...at, kind: 'payout', fund: 'social', place: 'box', cash: -social })
				.execute();
		}
		await noticeMembers(trx, {
			groupId,
			kind: 'payout',
			meetingId: state.lastMeetingId,
			memberIds: [input.memberId]
		});
		return { ok: true, net: (payout?.net ?? 0n) + social } as const;
	});
}

/**
 * Closes the cycle once everyone is paid. What stays in the box (less than one cash unit each,
 * or the social fund the group keeps) leaves this cycle's books as 'carried_over', to come into
 * the next cycle's.
 */
export async function closeCycle(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string,
	use: { formKey: string; now: Date }
): Promise<{ ok: true; carried: { loan: bigint; social: bigint } } | Refusal> {
	return asRecorder(
		db,
		actor,
		groupId,
		{ scope: 'savings-cycle-close', ...use },
		async (trx, { cycle, member }) => {
			if (cycle.state !== 'sharing_out') return refuse('not_sharing_out');
			const state = await currentState(trx, groupId, cycle);
			if ('ok' in state) return state;
			const due = [...state.shareOut.payouts.map((p) => p.id), ...state.social.members];
			if (due.some((id) => !state.paid.has(id))) return refuse('not_all_paid');
			const books = await readBooks(trx, cycle.id);
			for (const till of TILLS) {
				if (books.cash[till] === 0n) continue;
				const [fund, place] = till.split(':') as ['loan' | 'social', 'box' | 'bank'];
				await trx
					.insertInto('savings_entry')
					.values({
						group_id: groupId,
						cycle_id: cycle.id,
						meeting_id: state.lastMeetingId,
						kind: 'carried_over',
						fund,
						place,
						currency: cycle.rules.currency,
						cash: -books.cash[till],
						note: `cycle ${cycle.number + 1}`,
						recorded_by: member!.id
					})
					.execute();
			}
			await trx
				.updateTable('savings_cycle')
				.set({ state: 'closed', closed_at: use.now })
				.where('id', '=', cycle.id)
				.execute();
			const carried = {
				loan: books.cash['loan:box'] + books.cash['loan:bank'],
				social: books.cash['social:box'] + books.cash['social:bank']
			};
			return { ok: true, carried } as const;
		}
	);
}
