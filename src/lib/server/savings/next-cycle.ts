import type { Kysely } from 'kysely';
import type { Currency } from '$lib/money';
import type { Actor } from '../access/actor';
import { requireAccess } from '../access/require';
import type { DB } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { repeatSafe } from '../forms/repeat-safe';
import type { CalendarDate } from './calendar-date';
import { selectPaid } from './cycle-share-out';
import { noticeMembers } from './notices';
import { loadSavingsGroup } from './savings-group-access';
import { rulesColumns, rulesProblems, type SavingsRules } from './savings-rules';

/*
 * The next cycle, once the last one closed. Its first record (an 'opening' on its first day)
 * brings in what the last one carried over, and the shares that members who stay buy with part of
 * their payout: a carry-in, not a meeting's purchase, so the most shares per meeting do not bound
 * it; what the member was handed at the share-out does.
 */

/** The most shares one member may put in; far above any payout, it keeps the count an integer. */
export const MAX_REINVEST_SHARES = 100_000;

/** A member who stays and may put part of their payout into the next cycle. */
export interface Reinvestable {
	id: string;
	bookNumber: number;
	/** Null once erased; such a member has left, so is never listed. */
	name: string | null;
	/** What they were handed at the last share-out, net of what they owed. */
	payout: bigint;
}

export interface ReinvestIssue {
	memberId: string;
	/**
	 * `not_paid`: not an active member who was handed more than nothing at the last share-out;
	 * `over_payout`: the shares cost more than that payout.
	 */
	problem: 'out_of_range' | 'not_paid' | 'over_payout';
}

export type NextCycleRefusal =
	| { ok: false; problem: 'cycle_still_open' | 'rules' }
	| { ok: false; problem: 'reinvest'; issues: ReinvestIssue[] };

/** The last cycle of the group, which is closed when no cycle is running. */
const selectLastCycle = (db: Kysely<DB>, groupId: string) =>
	db
		.selectFrom('savings_cycle')
		.select(['id', 'number'])
		.where('group_id', '=', groupId)
		.orderBy('number', 'desc')
		.executeTakeFirstOrThrow();

/** Active members handed more than nothing at that cycle's share-out, in book order. */
async function selectReinvestable(
	db: Kysely<DB>,
	groupId: string,
	cycleId: string
): Promise<Reinvestable[]> {
	// From the ledger's payout entries: never a figure the form sends.
	const paid = await selectPaid(db, cycleId);
	const members = await db
		.selectFrom('savings_member')
		.select(['id', 'book_number', 'name'])
		.where('group_id', '=', groupId)
		.where('status', '=', 'active')
		.orderBy('book_number')
		.execute();
	return members
		.filter((member) => (paid.get(member.id) ?? 0n) > 0n)
		.map((member) => ({
			id: member.id,
			bookNumber: member.book_number,
			name: member.name,
			payout: paid.get(member.id)!
		}));
}

/**
 * Who may put part of their payout into the next cycle, for the form that starts it: for the
 * group's recording officers, once the last cycle closed (an empty list before).
 */
export async function readReinvestable(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string
): Promise<Reinvestable[]> {
	const context = await loadSavingsGroup(db, actor, groupId);
	requireAccess(actor, 'savings:record', context.resource);
	if (context.cycle) return [];
	const last = await selectLastCycle(db, groupId);
	return selectReinvestable(db, groupId, last.id);
}

/**
 * Starts the next cycle on its own rules, once the last one closed. What the last one carried over
 * comes in as the new cycle's first record (an 'opening' on its first day), labelled; so do the
 * shares each member in `reinvest` buys with part of their payout (member id to shares, at the new
 * share price): their shares and savings, and the cash into the loan fund's box.
 */
export async function startNextCycle(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string,
	input: {
		startsOn: CalendarDate;
		rules: SavingsRules;
		reinvest?: ReadonlyMap<string, number>;
		formKey: string;
		now: Date;
	}
): Promise<{ ok: true; cycleId: string } | NextCycleRefusal> {
	const { result } = await inTransaction(db, async (trx) => {
		const context = await loadSavingsGroup(trx, actor, groupId, { lock: true });
		requireAccess(actor, 'savings:record', context.resource);
		return repeatSafe(
			trx,
			{ scope: 'savings-cycle-next', key: input.formKey, now: input.now },
			async () => {
				const refuse = (problem: 'cycle_still_open' | 'rules') => ({ ok: false, problem }) as const;
				if (context.cycle) return refuse('cycle_still_open');
				if (Object.keys(rulesProblems(input.rules)).length > 0) return refuse('rules');
				const previous = await selectLastCycle(trx, groupId);
				const carried = await trx
					.selectFrom('savings_entry')
					.select(['fund', 'place', 'currency', 'cash'])
					.where('cycle_id', '=', previous.id)
					.where('kind', '=', 'carried_over')
					.execute();
				const currencies = new Set<Currency>(carried.map((row) => row.currency));

				const price = input.rules.sharePrice;
				const reinvestable = new Map(
					(await selectReinvestable(trx, groupId, previous.id)).map((m) => [m.id, m.payout])
				);
				const issues: ReinvestIssue[] = [];
				const bought: Array<{ memberId: string; shares: number; value: bigint }> = [];
				for (const [memberId, shares] of input.reinvest ?? []) {
					const issue = (problem: ReinvestIssue['problem']) => issues.push({ memberId, problem });
					if (!Number.isInteger(shares) || shares < 0 || shares > MAX_REINVEST_SHARES) {
						issue('out_of_range');
						continue;
					}
					if (shares === 0) continue;
					const payout = reinvestable.get(memberId);
					if (payout === undefined) issue('not_paid');
					else if (BigInt(shares) * price > payout) issue('over_payout');
					else bought.push({ memberId, shares, value: BigInt(shares) * price });
				}
				if (issues.length > 0) return { ok: false, problem: 'reinvest', issues } as const;
				if (bought.length > 0) {
					const paidIn = await trx
						.selectFrom('savings_entry')
						.select('currency')
						.distinct()
						.where('cycle_id', '=', previous.id)
						.where('kind', '=', 'payout')
						.execute();
					for (const row of paidIn) currencies.add(row.currency);
				}
				// Money brought in stays in the currency it was counted and paid out in.
				if ([...currencies].some((currency) => currency !== input.rules.currency))
					return refuse('rules');

				const cycle = await trx
					.insertInto('savings_cycle')
					.values({ group_id: groupId, number: previous.number + 1, starts_on: input.startsOn })
					.returning('id')
					.executeTakeFirstOrThrow();
				const rules = await trx
					.insertInto('savings_rules')
					.values({ cycle_id: cycle.id, version: 1, ...rulesColumns(input.rules) })
					.returning('id')
					.executeTakeFirstOrThrow();
				if (carried.length === 0 && bought.length === 0)
					return { ok: true, cycleId: cycle.id } as const;

				const at = { group_id: groupId, cycle_id: cycle.id, recorded_by: context.member!.id };
				const meeting = await trx
					.insertInto('savings_meeting')
					.values({
						...at,
						held_on: input.startsOn,
						kind: 'opening',
						rules_id: rules.id,
						note: `cycle ${previous.number}`
					})
					.returning('id')
					.executeTakeFirstOrThrow();
				const entries = [
					...carried.map((row) => ({
						...at,
						meeting_id: meeting.id,
						currency: row.currency,
						kind: 'carried_over' as const,
						fund: row.fund,
						place: row.place,
						cash: -row.cash,
						note: `cycle ${previous.number}`
					})),
					// Shares brought in, as at an opening; this time paid for in cash into the box.
					...bought.map((line) => ({
						...at,
						meeting_id: meeting.id,
						currency: input.rules.currency,
						member_id: line.memberId,
						kind: 'opening_shares' as const,
						fund: 'loan' as const,
						place: 'box' as const,
						cash: line.value,
						shares: line.shares,
						savings: line.value,
						note: `share-out of cycle ${previous.number}`
					}))
				];
				await trx.insertInto('savings_entry').values(entries).execute();
				await noticeMembers(trx, {
					groupId,
					kind: 'meeting',
					meetingId: meeting.id,
					memberIds: bought.map((line) => line.memberId)
				});
				return { ok: true, cycleId: cycle.id } as const;
			}
		);
	});
	return result;
}
