import type { Kysely } from 'kysely';
import type { Actor } from '../access/actor';
import { requireAccess } from '../access/require';
import { isUuid } from '../db/ids';
import type { DB } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { repeatSafe } from '../forms/repeat-safe';
import { loadSavingsGroup } from './savings-group-access';
import { currentState } from './sharing-out';

/*
 * At share-out a loan the borrower's payout cannot cover may be charged to its guarantors, as the
 * method allows, with the group's agreement: each pays an equal part of the shortfall from their
 * own payout (share-out.ts). Only the decision is kept; the amounts follow from the books. It may
 * be undone until the chair or the secretary approves. Reopening the books keeps it: the group
 * decided who bears the shortfall, and the page shows the amounts again before anyone approves.
 */

export type GuaranteeChargeProblem =
	| 'agreement_needed'
	| 'not_sharing_out'
	| 'already_approved'
	| 'not_found'
	| 'no_guarantors'
	| 'no_shortfall'
	| 'already_decided'
	| 'not_decided';

export interface GuaranteeChargeInput {
	loanId: string;
	/** True: charge the shortfall to the guarantors; false: undo that. */
	charge: boolean;
	/** The group agreed to it: needed to charge, not to undo. */
	groupAgreed: boolean;
	formKey: string;
}

export async function decideGuaranteeCharge(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string,
	input: GuaranteeChargeInput,
	now: Date
): Promise<{ ok: true } | { ok: false; problem: GuaranteeChargeProblem }> {
	const { result } = await inTransaction(db, async (trx) => {
		const context = await loadSavingsGroup(trx, actor, groupId, { lock: true });
		requireAccess(actor, 'savings:record', context.resource);
		const scope = 'savings-guarantee-charge';
		return repeatSafe(trx, { scope, key: input.formKey, now }, async () => {
			const refuse = (problem: GuaranteeChargeProblem) => ({ ok: false, problem }) as const;
			if (input.charge && !input.groupAgreed) return refuse('agreement_needed');
			const cycle = context.cycle;
			if (cycle?.state !== 'sharing_out') return refuse('not_sharing_out');
			const approved = await trx
				.selectFrom('savings_share_out_approval')
				.select('officer')
				.where('cycle_id', '=', cycle.id)
				.executeTakeFirst();
			if (approved) return refuse('already_approved');

			const loan = isUuid(input.loanId)
				? await trx
						.selectFrom('savings_loan as l')
						.innerJoin('savings_meeting as m', 'm.id', 'l.meeting_id')
						.select('l.id')
						.where('l.id', '=', input.loanId)
						.where('l.group_id', '=', groupId)
						.where('m.cycle_id', '=', cycle.id)
						.executeTakeFirst()
				: undefined;
			if (!loan) return refuse('not_found');
			const guarantor = await trx
				.selectFrom('savings_loan_guarantor')
				.select('member_id')
				.where('loan_id', '=', loan.id)
				.executeTakeFirst();
			if (!guarantor) return refuse('no_guarantors');
			const state = await currentState(trx, groupId, cycle);
			if ('ok' in state) return refuse('no_shortfall');
			const shortfall = state.shortfalls.find((row) => row.loanId === loan.id);
			if (input.charge && !shortfall) return refuse('no_shortfall');

			const latest = await trx
				.selectFrom('savings_guarantee_charge')
				.select(['number', 'charged'])
				.where('loan_id', '=', loan.id)
				.orderBy('number', 'desc')
				.executeTakeFirst();
			const charged = latest?.charged ?? false;
			if (input.charge && charged) return refuse('already_decided');
			if (!input.charge && !charged) return refuse('not_decided');
			// The group's row lock serialises deciders; the key on (loan, number) holds even without it.
			const inserted = await trx
				.insertInto('savings_guarantee_charge')
				.values({
					group_id: groupId,
					cycle_id: cycle.id,
					loan_id: loan.id,
					number: (latest?.number ?? 0) + 1,
					charged: input.charge,
					recorded_by: context.member!.id
				})
				.onConflict((conflict) => conflict.columns(['loan_id', 'number']).doNothing())
				.returning('number')
				.executeTakeFirst();
			if (!inserted) return refuse(input.charge ? 'already_decided' : 'not_decided');
			return { ok: true } as const;
		});
	});
	return result;
}
