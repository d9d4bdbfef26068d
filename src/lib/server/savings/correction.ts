import type { Kysely } from 'kysely';
import { MAX_AMOUNT } from '$lib/money';
import type { Actor } from '../access/actor';
import { notFound, requireAccess } from '../access/require';
import { sumInt8 } from '../db/aggregates';
import { isUuid } from '../db/ids';
import type { DB, SavingsEntryKind } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { repeatSafe } from '../forms/repeat-safe';
import { readBooks, type Books } from './books';
import { noticeMembers } from './notices';
import { loanStatement } from './service-charge';
import { loadSavingsGroup } from './savings-group-access';

/**
 * Entries that are facts of their own, never corrected: a count that differed (the box held what
 * it held), a move between box and bank (two halves), and what the share-out and a leaver's
 * payout wrote (their own workflows).
 */
const NOT_CORRECTABLE: readonly SavingsEntryKind[] = [
	'count_difference',
	'transfer',
	'payout',
	'leaver_payout',
	'carried_over'
];

/** Entries whose amount a member paid or was paid, which a correction may restate. */
const RESTATABLE: readonly SavingsEntryKind[] = [
	'shares',
	'social_fund',
	'fine_late',
	'fine_absent',
	'fine_other',
	'repayment',
	'grant',
	'income',
	'cost'
];

export interface Correction {
	entryId: string;
	/** Why, in the officer's words: kept with the reversal and shown beside it. */
	reason: string;
	/**
	 * What should have been recorded: shares bought (for a share entry) or the amount, in minor
	 * units. Left out, the entry is only reversed (it should not have been there at all).
	 */
	restated?: { shares: number } | { amount: bigint };
	formKey: string;
}

export type CorrectionProblem =
	| 'reason_needed'
	| 'cannot_correct'
	| 'already_corrected'
	| 'is_a_correction'
	| 'cycle_closed'
	| 'cannot_restate'
	| 'out_of_range'
	| 'owed_below_zero';

/**
 * Corrects a recorded entry the only way the ledger allows: a reversing entry (the same kind,
 * every change negated, naming the original, with who and why) and, when given, the right entry
 * beside it. Nothing is changed or deleted. Officers who record do this, in the current cycle.
 */
export async function correctEntry(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string,
	correction: Correction,
	now: Date
): Promise<
	| { ok: true; reversalId: string; restatedId: string | null }
	| { ok: false; problem: CorrectionProblem }
> {
	const { result } = await inTransaction(db, async (trx) => {
		const context = await loadSavingsGroup(trx, actor, groupId, { lock: true });
		requireAccess(actor, 'savings:record', context.resource);
		if (!isUuid(correction.entryId)) notFound();
		const original = await trx
			.selectFrom('savings_entry as e')
			.innerJoin('savings_meeting as m', 'm.id', 'e.meeting_id')
			.innerJoin('savings_rules as r', 'r.id', 'm.rules_id')
			.selectAll('e')
			.select(['r.share_price', 'r.max_shares', 'm.held_on'])
			.where('e.id', '=', correction.entryId)
			.where('e.group_id', '=', groupId)
			.executeTakeFirst();
		if (!original) notFound();

		return repeatSafe(
			trx,
			{ scope: 'savings-correction', key: correction.formKey, now },
			async () => {
				const refuse = (problem: CorrectionProblem) => ({ ok: false, problem }) as const;
				const reason = correction.reason.trim();
				if (reason === '') return refuse('reason_needed');
				if (original.reverses !== null) return refuse('is_a_correction');
				if (NOT_CORRECTABLE.includes(original.kind)) return refuse('cannot_correct');
				if (context.cycle?.id !== original.cycle_id || context.cycle.state !== 'open')
					return refuse('cycle_closed');
				const reversed = await trx
					.selectFrom('savings_entry')
					.select('id')
					.where('reverses', '=', original.id)
					.executeTakeFirst();
				if (reversed) return refuse('already_corrected');

				const restated = correction.restated;
				let replacement: { cash: bigint; owed: bigint; shares: number; savings: bigint } | null =
					null;
				if (restated) {
					if (!RESTATABLE.includes(original.kind)) return refuse('cannot_restate');
					if ('shares' in restated) {
						if (original.kind !== 'shares') return refuse('cannot_restate');
						if (
							!Number.isInteger(restated.shares) ||
							restated.shares < 0 ||
							restated.shares > original.max_shares
						)
							return refuse('out_of_range');
						const value = BigInt(restated.shares) * original.share_price;
						replacement = { cash: value, owed: 0n, shares: restated.shares, savings: value };
					} else {
						if (original.kind === 'shares') return refuse('cannot_restate');
						if (restated.amount < 0n || restated.amount > MAX_AMOUNT) return refuse('out_of_range');
						// Money out of a fund is recorded as negative cash, as the original was.
						const sign = original.cash < 0n ? -1n : 1n;
						const owedSign = original.owed < 0n ? -1n : original.owed > 0n ? 1n : 0n;
						replacement = {
							cash: sign * restated.amount,
							owed: owedSign * restated.amount,
							shares: 0,
							savings: 0n
						};
					}
				}

				if (original.loan_id) {
					const { owed } = await trx
						.selectFrom('savings_entry')
						.select((eb) => sumInt8(eb.ref('owed')).as('owed'))
						.where('loan_id', '=', original.loan_id)
						.executeTakeFirstOrThrow();
					if (owed - original.owed + (replacement?.owed ?? 0n) < 0n)
						return refuse('owed_below_zero');
				}
				if (
					original.kind === 'repayment' &&
					!repaysWithinBalance(
						await readBooks(trx, original.cycle_id),
						original,
						replacement?.cash ?? 0n
					)
				)
					return refuse('owed_below_zero');

				const recorder = context.member!.id;
				const same = {
					group_id: original.group_id,
					cycle_id: original.cycle_id,
					meeting_id: original.meeting_id,
					member_id: original.member_id,
					loan_id: original.loan_id,
					kind: original.kind,
					fund: original.fund,
					currency: original.currency,
					recorded_by: recorder
				};
				const reversal = await trx
					.insertInto('savings_entry')
					.values({
						...same,
						place: original.place,
						cash: -original.cash,
						owed: -original.owed,
						shares: -original.shares,
						savings: -original.savings,
						note: reason,
						reverses: original.id
					})
					.returning('id')
					.executeTakeFirstOrThrow();
				let restatedId: string | null = null;
				if (replacement && (replacement.cash !== 0n || replacement.owed !== 0n)) {
					const row = await trx
						.insertInto('savings_entry')
						.values({
							...same,
							...replacement,
							place: replacement.cash === 0n ? null : (original.place ?? 'box'),
							note: original.note
						})
						.returning('id')
						.executeTakeFirstOrThrow();
					restatedId = row.id;
				}
				if (original.member_id) {
					await noticeMembers(trx, {
						groupId,
						kind: 'correction',
						meetingId: original.meeting_id,
						memberIds: [original.member_id]
					});
				}
				return { ok: true, reversalId: reversal.id, restatedId } as const;
			}
		);
	});
	return result;
}

/**
 * Whether the loan's meetings, with this repayment restated, still repay no more at each meeting
 * than was owed then: the rule that works out later charges replays them in order.
 */
function repaysWithinBalance(
	books: Books,
	original: { loan_id: string | null; held_on: string; cash: bigint },
	restated: bigint
): boolean {
	const loan = books.loans.find((l) => l.id === original.loan_id);
	if (!loan) return true;
	const history = loan.repayments.map((meeting) =>
		meeting.on === original.held_on
			? { ...meeting, repaid: meeting.repaid - original.cash + restated }
			: meeting
	);
	try {
		loanStatement(loan.terms, history);
		return true;
	} catch (error) {
		if (error instanceof RangeError) return false;
		throw error;
	}
}
