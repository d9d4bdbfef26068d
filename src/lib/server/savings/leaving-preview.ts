import type { Kysely } from 'kysely';
import type { Currency } from '$lib/money';
import type { Actor } from '../access/actor';
import { notFound, requireAccess } from '../access/require';
import { isUuid } from '../db/ids';
import type { DB } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { readBooks } from './books';
import type { CalendarDate } from './calendar-date';
import { latestMeeting } from './latest-meeting';
import { leaverProfit, type LeavingProblem } from './leaving';
import { loadSavingsGroup } from './savings-group-access';
import { selectJoinedMembers } from './share-out-of-books';

/** What memberLeaves would do, worked out the same way, for the officers to read out first. */
export interface LeavingPreview {
	member: { id: string; name: string | null; bookNumber: number };
	currency: Currency | null;
	/** The meeting they would leave at (the latest recorded), or null when there is none yet. */
	meeting: { id: string; heldOn: CalendarDate } | null;
	shares: number;
	savings: bigint;
	/** What they still owe on their loans: repaid out of their savings. */
	owed: bigint;
	/** Their part of the group's profit to date (what their shares earned above their savings). */
	profit: bigint;
	/** Whether the constitution gives a leaver their part of the profit too. */
	takesProfit: boolean;
	/** The cash handed to them: savings (and profit, if they take it) minus what they owe. */
	paidOut: bigint;
	/** Their part of the profit that stays with the group. */
	staysWithGroup: bigint;
	/** Why memberLeaves would refuse now, or null when it would go ahead. */
	problem: LeavingProblem | null;
}

/**
 * The confirmation step before a member leaves mid-cycle: who leaves, at which meeting, what they
 * are paid and what stays with the group. Needs what memberLeaves needs ('savings:record'); a
 * member who is not an active member of this group is a 404.
 */
export async function previewLeaving(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string,
	memberId: unknown
): Promise<LeavingPreview> {
	return inTransaction(db, async (trx) => {
		const context = await loadSavingsGroup(trx, actor, groupId);
		requireAccess(actor, 'savings:record', context.resource);
		if (!isUuid(memberId)) notFound();
		const row = await trx
			.selectFrom('savings_member')
			.select(['id', 'name', 'book_number'])
			.where('id', '=', memberId)
			.where('group_id', '=', context.group.id)
			.where('status', '=', 'active')
			.executeTakeFirst();
		if (!row) notFound();
		const member = { id: row.id, name: row.name, bookNumber: row.book_number };
		const { cycle } = context;
		const meeting = cycle?.state === 'open' ? await latestMeeting(trx, cycle.id) : undefined;
		if (!cycle || !meeting) {
			return {
				member,
				currency: cycle?.rules.currency ?? null,
				meeting: null,
				shares: 0,
				savings: 0n,
				owed: 0n,
				profit: 0n,
				takesProfit: cycle?.rules.leaverTakes === 'savings_and_profit',
				paidOut: 0n,
				staysWithGroup: 0n,
				problem: 'not_latest_meeting'
			};
		}
		const { rules } = cycle;
		const books = await readBooks(trx, cycle.id);
		const book = books.members.get(member.id) ?? { shares: 0, savings: 0n };
		const owed = books.loans
			.filter((loan) => loan.memberId === member.id && loan.owed > 0n)
			.reduce((sum, loan) => sum + loan.owed, 0n);
		const profit = leaverProfit(
			books,
			await selectJoinedMembers(trx, context.group.id),
			member.id,
			rules.cashUnit
		);
		const takesProfit = rules.leaverTakes === 'savings_and_profit';
		const payout = book.savings + (takesProfit ? profit : 0n);
		const paidOut = payout - owed;
		return {
			member,
			currency: rules.currency,
			meeting,
			shares: book.shares,
			savings: book.savings,
			owed,
			profit,
			takesProfit,
			paidOut: paidOut > 0n ? paidOut : 0n,
			staysWithGroup: takesProfit ? 0n : profit,
			problem:
				owed > payout
					? 'owes_more_than_saved'
					: paidOut > books.cash['loan:box']
						? 'not_enough_cash'
						: null
		};
	});
}
