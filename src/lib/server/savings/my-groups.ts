import { sql, type Kysely, type QueryCreator } from 'kysely';
import type { Actor } from '../access/actor';
import { requireAccess } from '../access/require';
import { sumInt8 } from '../db/aggregates';
import type { DB, SavingsCurrency } from '../db/schema';

/*
 * The lists on /savings: the member's own savings groups, the groups offered to circles they
 * belong to, and, for staff, every group. Amounts stay bigint minor units; the route formats them.
 */

export interface OwnSavingsGroup {
	id: string;
	name: string;
	practice: boolean;
	/** Whether they are still in it: a member who left keeps reading their book. */
	active: boolean;
	/** Their own savings in the current cycle, with its currency; null between cycles. */
	savings: { amount: bigint; currency: SavingsCurrency } | null;
}

/** The current cycle of a group (not closed), with its latest rules' currency. */
const currentCycle = (db: QueryCreator<DB>) =>
	db
		.selectFrom('savings_cycle as c')
		.innerJoin('savings_rules as r', 'r.cycle_id', 'c.id')
		.select(['c.id', 'c.group_id', 'r.currency'])
		.where('c.state', '<>', 'closed')
		.distinctOn('c.group_id')
		.orderBy('c.group_id')
		.orderBy('r.version', 'desc');

/** The savings groups the actor is in (or was, and may still read), newest membership first. */
export async function listOwnSavingsGroups(
	db: Kysely<DB>,
	actor: Actor
): Promise<OwnSavingsGroup[]> {
	requireAccess(actor, 'account:manage-own');
	const rows = await db
		.with('cycle', currentCycle)
		.selectFrom('savings_member as sm')
		.innerJoin('savings_group as g', 'g.id', 'sm.group_id')
		.leftJoin('cycle', 'cycle.group_id', 'g.id')
		.select((eb) => [
			'g.id',
			'g.name',
			'g.practice',
			'sm.status',
			'cycle.currency',
			eb
				.selectFrom('savings_entry as e')
				.select((eb) => sumInt8(eb.ref('e.savings')).as('savings'))
				.whereRef('e.member_id', '=', 'sm.id')
				.whereRef('e.cycle_id', '=', 'cycle.id')
				.as('savings')
		])
		.where('sm.account_id', '=', actor.id)
		.where('sm.erased_at', 'is', null)
		.orderBy('sm.created_at', 'desc')
		.execute();
	return rows.map((row) => ({
		id: row.id,
		name: row.name,
		practice: row.practice,
		active: row.status === 'active',
		savings: row.currency ? { amount: row.savings ?? 0n, currency: row.currency } : null
	}));
}

export interface SavingsOffer {
	id: string;
	name: string;
	practice: boolean;
	circleName: string;
}

/**
 * Savings groups started from circles the actor is an active member of, which they have not
 * joined: each may be joined from /savings (joinFromCircle).
 */
export async function listSavingsOffers(db: Kysely<DB>, actor: Actor): Promise<SavingsOffer[]> {
	requireAccess(actor, 'account:manage-own');
	return db
		.selectFrom('savings_group as g')
		.innerJoin('peer_group as c', 'c.id', 'g.circle_id')
		.innerJoin('group_member as gm', 'gm.group_id', 'c.id')
		.select(['g.id', 'g.name', 'g.practice', 'c.name as circleName'])
		.where('gm.account_id', '=', actor.id)
		.where('gm.status', '=', 'active')
		.where(({ not, exists, selectFrom }) =>
			not(
				exists(
					selectFrom('savings_member as sm')
						.select(sql`1`.as('one'))
						.whereRef('sm.group_id', '=', 'g.id')
						.where('sm.account_id', '=', actor.id)
				)
			)
		)
		.orderBy('g.created_at', 'desc')
		.execute();
}

export interface SavingsGroupForStaff {
	id: string;
	name: string;
	practice: boolean;
	members: number;
	circleName: string | null;
}

/** Every savings group, for staff, who look after all of them: newest first. */
export async function listAllSavingsGroups(
	db: Kysely<DB>,
	actor: Actor
): Promise<SavingsGroupForStaff[]> {
	requireAccess(actor, 'savings:create');
	const rows = await db
		.selectFrom('savings_group as g')
		.leftJoin('peer_group as c', 'c.id', 'g.circle_id')
		.select((eb) => [
			'g.id',
			'g.name',
			'g.practice',
			'c.name as circleName',
			eb
				.selectFrom('savings_member as sm')
				.select((eb) => eb.fn.countAll<bigint>().as('n'))
				.whereRef('sm.group_id', '=', 'g.id')
				.where('sm.status', '=', 'active')
				.as('members')
		])
		.orderBy('g.created_at', 'desc')
		.execute();
	return rows.map((row) => ({
		id: row.id,
		name: row.name,
		practice: row.practice,
		members: Number(row.members ?? 0),
		circleName: row.circleName
	}));
}

/**
 * The circles the actor facilitates, from which they may start a savings group for its members
 * (/savings/new?circle=). Staff start stand-alone groups instead; they are offered none here.
 */
export async function listCirclesToStartFrom(
	db: Kysely<DB>,
	actor: Actor
): Promise<{ id: string; name: string }[]> {
	requireAccess(actor, 'account:manage-own');
	return db
		.selectFrom('group_member as gm')
		.innerJoin('peer_group as c', 'c.id', 'gm.group_id')
		.select(['c.id', 'c.name'])
		.where('gm.account_id', '=', actor.id)
		.where('gm.status', '=', 'active')
		.where('gm.role', '<>', 'member')
		.orderBy('c.name')
		.execute();
}
