import type { Kysely } from 'kysely';
import type { Actor } from '../access/actor';
import { requireAccess } from '../access/require';
import { isUuid } from '../db/ids';
import type { DB } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { repeatSafe } from '../forms/repeat-safe';
import { readBooks, type Books } from './books';
import { selectJoinedMembers, shareOutOfBooks, type JoinedMember } from './share-out-of-books';
import { latestMeeting } from './latest-meeting';
import { loadSavingsGroup } from './savings-group-access';

export interface Leaving {
	memberId: string;
	/** The meeting they leave at: the latest one recorded in the open cycle. */
	meetingId: string;
	formKey: string;
}

export type LeavingProblem =
	'not_latest_meeting' | 'not_member' | 'owes_more_than_saved' | 'not_enough_cash';

/**
 * A member leaving mid-cycle, at a meeting, in one transaction. The method pays them their savings;
 * what they owe on loans is repaid from that payout (a repayment entry per loan), so the cash
 * handed over is savings minus owed. Their share of the profit to date stays with the group unless
 * the constitution says a leaver takes it too. They are then marked as left, from that meeting.
 */
export async function memberLeaves(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string,
	leaving: Leaving,
	now: Date
): Promise<{ ok: true; paidOut: bigint } | { ok: false; problem: LeavingProblem }> {
	const { result } = await inTransaction(db, async (trx) => {
		const context = await loadSavingsGroup(trx, actor, groupId, { lock: true });
		requireAccess(actor, 'savings:record', context.resource);
		return repeatSafe(trx, { scope: 'savings-leaver', key: leaving.formKey, now }, async () => {
			const refuse = (problem: LeavingProblem) => ({ ok: false, problem }) as const;
			const cycle = context.cycle;
			const meeting = cycle?.state === 'open' ? await latestMeeting(trx, cycle.id) : undefined;
			if (!cycle || !meeting || meeting.id !== leaving.meetingId)
				return refuse('not_latest_meeting');

			const leaver = isUuid(leaving.memberId)
				? await trx
						.selectFrom('savings_member')
						.select('id')
						.where('id', '=', leaving.memberId)
						.where('group_id', '=', groupId)
						.where('status', '=', 'active')
						.executeTakeFirst()
				: undefined;
			if (!leaver) return refuse('not_member');

			const { rules } = cycle;
			const books = await readBooks(trx, cycle.id);
			const book = books.members.get(leaver.id) ?? { shares: 0, savings: 0n };
			const loans = books.loans.filter((loan) => loan.memberId === leaver.id && loan.owed > 0n);
			const owed = loans.reduce((sum, loan) => sum + loan.owed, 0n);
			const profit =
				rules.leaverTakes === 'savings_and_profit'
					? leaverProfit(books, await selectJoinedMembers(trx, groupId), leaver.id, rules.cashUnit)
					: 0n;
			const payout = book.savings + profit;
			if (owed > payout) return refuse('owes_more_than_saved');
			const paidOut = payout - owed;
			if (paidOut > books.cash['loan:box']) return refuse('not_enough_cash');

			const at = {
				group_id: groupId,
				cycle_id: cycle.id,
				meeting_id: meeting.id,
				member_id: leaver.id,
				fund: 'loan',
				currency: rules.currency,
				recorded_by: context.member!.id
			} as const;
			await trx
				.insertInto('savings_entry')
				.values([
					{
						...at,
						kind: 'leaver_payout',
						place: book.savings === 0n ? null : 'box',
						cash: -book.savings,
						shares: -book.shares,
						savings: -book.savings
					},
					...(profit > 0n
						? [
								{
									...at,
									kind: 'leaver_payout',
									place: 'box',
									cash: -profit,
									note: 'profit'
								} as const
							]
						: []),
					...loans.map(
						(loan) =>
							({
								...at,
								kind: 'repayment',
								place: 'box',
								cash: loan.owed,
								owed: -loan.owed,
								loan_id: loan.id
							}) as const
					)
				])
				.execute();
			await trx
				.updateTable('savings_member')
				.set({ status: 'left', left_on: meeting.heldOn })
				.where('id', '=', leaver.id)
				.execute();
			return { ok: true, paidOut } as const;
		});
	});
	return result;
}

/**
 * What the leaver's shares would draw at a share-out today beyond their savings: their part of the
 * whole loan fund (cash in the box and the bank, and every balance owed), worked out by `shareOut`
 * over every member so it is in whole cash units exactly as it would be then. Never below zero: a
 * fund that has lost money does not take from a leaver's savings here.
 */
export function leaverProfit(
	books: Books,
	members: readonly JoinedMember[],
	leaverId: string,
	cashUnit: bigint
): bigint {
	const result = shareOutOfBooks(books, members, cashUnit);
	if (!result.ok) return 0n;
	const gross = result.shareOut.payouts.find((payout) => payout.id === leaverId)?.gross ?? 0n;
	const savings = books.members.get(leaverId)?.savings ?? 0n;
	return gross > savings ? gross - savings : 0n;
}
