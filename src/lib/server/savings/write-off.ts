import type { Kysely } from 'kysely';
import type { Actor } from '../access/actor';
import { requireAccess } from '../access/require';
import { sumInt8 } from '../db/aggregates';
import { isUuid } from '../db/ids';
import type { DB } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { repeatSafe } from '../forms/repeat-safe';
import { latestMeeting } from './latest-meeting';
import { loadSavingsGroup } from './savings-group-access';

export interface WriteOff {
	loanId: string;
	/** The meeting that agreed it: the latest one recorded in the open cycle. */
	meetingId: string;
	/** Why, in the officer's words: kept on the entry and shown beside it. */
	reason: string;
	/** The method lets only the group write a loan off, never an officer alone. */
	groupAgreed: boolean;
	formKey: string;
}

export type WriteOffProblem =
	'reason_needed' | 'agreement_needed' | 'not_latest_meeting' | 'not_found' | 'nothing_owed';

/**
 * Writes off what is still owed on a loan that will not be repaid, with the reason and the group's
 * agreement, at a meeting. No cash moves: the loss falls on the fund, and so on every member's
 * share of it at share-out.
 */
export async function writeOffLoan(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string,
	writeOff: WriteOff,
	now: Date
): Promise<{ ok: true; writtenOff: bigint } | { ok: false; problem: WriteOffProblem }> {
	const { result } = await inTransaction(db, async (trx) => {
		const context = await loadSavingsGroup(trx, actor, groupId, { lock: true });
		requireAccess(actor, 'savings:record', context.resource);
		return repeatSafe(trx, { scope: 'savings-write-off', key: writeOff.formKey, now }, async () => {
			const refuse = (problem: WriteOffProblem) => ({ ok: false, problem }) as const;
			const reason = writeOff.reason.trim();
			if (reason === '') return refuse('reason_needed');
			if (!writeOff.groupAgreed) return refuse('agreement_needed');
			const cycle = context.cycle;
			const meeting = cycle?.state === 'open' ? await latestMeeting(trx, cycle.id) : undefined;
			if (!cycle || !meeting || meeting.id !== writeOff.meetingId)
				return refuse('not_latest_meeting');

			const loan = isUuid(writeOff.loanId)
				? await trx
						.selectFrom('savings_loan as l')
						.innerJoin('savings_meeting as m', 'm.id', 'l.meeting_id')
						.select(['l.id', 'l.member_id'])
						.where('l.id', '=', writeOff.loanId)
						.where('l.group_id', '=', groupId)
						.where('m.cycle_id', '=', cycle.id)
						.executeTakeFirst()
				: undefined;
			if (!loan) return refuse('not_found');
			const { owed } = await trx
				.selectFrom('savings_entry')
				.select((eb) => sumInt8(eb.ref('owed')).as('owed'))
				.where('loan_id', '=', loan.id)
				.executeTakeFirstOrThrow();
			if (owed <= 0n) return refuse('nothing_owed');

			await trx
				.insertInto('savings_entry')
				.values({
					group_id: groupId,
					cycle_id: cycle.id,
					meeting_id: meeting.id,
					member_id: loan.member_id,
					loan_id: loan.id,
					kind: 'write_off',
					fund: 'loan',
					place: null,
					currency: cycle.rules.currency,
					cash: 0n,
					owed: -owed,
					note: reason,
					recorded_by: context.member!.id
				})
				.execute();
			return { ok: true, writtenOff: owed } as const;
		});
	});
	return result;
}
