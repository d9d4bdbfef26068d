import type { Kysely, Selectable } from 'kysely';
import type { Actor } from '../access/actor';
import type { SavingsResource } from '../access/policy';
import { notFound } from '../access/require';
import { isUuid } from '../db/ids';
import type { DB, SavingsMemberTable, SavingsRulesTable } from '../db/schema';
import { rulesFromRow, type SavingsRules } from './savings-rules';
import { prefixedColumns, splitJoinedRow } from '../db/joined-row';

const selectGroup = (db: Kysely<DB>, groupId: string, lock: boolean) => {
	const query = db.selectFrom('savings_group').selectAll().where('id', '=', groupId);
	return (lock ? query.forUpdate() : query).executeTakeFirst();
};

const selectOwnMembership = (db: Kysely<DB>, groupId: string, accountId: string) =>
	db
		.selectFrom('savings_member')
		.selectAll()
		.where('group_id', '=', groupId)
		.where('account_id', '=', accountId)
		.executeTakeFirst();

/** The cycle that is not closed, if any, with its latest rules. */
const selectCurrentCycle = (db: Kysely<DB>, groupId: string) =>
	db
		.selectFrom('savings_cycle as c')
		.innerJoin('savings_rules as r', 'r.cycle_id', 'c.id')
		.select(['c.number', 'c.starts_on', 'c.state'])
		.selectAll('r')
		.where('c.group_id', '=', groupId)
		.where('c.state', '<>', 'closed')
		.orderBy('r.version', 'desc')
		.limit(1)
		.executeTakeFirst();

type GroupRow = NonNullable<Awaited<ReturnType<typeof selectGroup>>>;
type MemberRow = NonNullable<Awaited<ReturnType<typeof selectOwnMembership>>>;

export interface CurrentCycle {
	id: string;
	number: number;
	startsOn: string;
	state: 'open' | 'sharing_out';
	rulesId: string;
	rulesVersion: number;
	rules: SavingsRules;
}

export interface SavingsContext {
	group: GroupRow;
	/** The actor's own savings membership, in any status, or null. */
	member: MemberRow | null;
	cycle: CurrentCycle | null;
	resource: SavingsResource;
}

/** Every column of a table, as a list (the object fails to compile when the table changes). */
const columnsOf = <T>(columns: Record<keyof Selectable<T>, true>) => Object.keys(columns);

const MEMBER_COLUMNS = columnsOf<SavingsMemberTable>({
	id: true,
	group_id: true,
	account_id: true,
	name: true,
	name_key: true,
	book_number: true,
	officer: true,
	status: true,
	joined_on: true,
	left_on: true,
	erased_at: true,
	created_at: true
});

const RULES_COLUMNS = columnsOf<SavingsRulesTable>({
	id: true,
	cycle_id: true,
	version: true,
	currency: true,
	share_price: true,
	min_shares: true,
	max_shares: true,
	social_fund_per_meeting: true,
	rate_bp: true,
	charge_method: true,
	loan_multiple: true,
	max_term_months: true,
	fine_late: true,
	fine_absent: true,
	fine_other: true,
	cash_unit: true,
	social_fund_at_share_out: true,
	late_penalty: true,
	late_penalty_bp: true,
	late_penalty_amount: true,
	guarantors: true,
	leaver_takes: true,
	reason: true,
	changed_by: true,
	created_at: true
});

/** Where the membership's and the cycle's columns go in the joined row, apart from the group's. */
const AS_MEMBER = 'member__';
const AS_CYCLE = 'cycle__';

type CycleRow = NonNullable<Awaited<ReturnType<typeof selectCurrentCycle>>>;

/**
 * The group, the account's membership and the current cycle in one statement: every page of a
 * savings group begins with this, so it is one round trip, not three.
 */
async function selectGroupMemberAndCycle(db: Kysely<DB>, groupId: string, accountId: string) {
	const row = await db
		.selectFrom('savings_group as g')
		.leftJoin('savings_member as me', (join) =>
			join.onRef('me.group_id', '=', 'g.id').on('me.account_id', '=', accountId)
		)
		.leftJoinLateral(
			(eb) =>
				eb
					.selectFrom('savings_cycle as c')
					.innerJoin('savings_rules as r', 'r.cycle_id', 'c.id')
					.select(['c.number', 'c.starts_on', 'c.state'])
					.selectAll('r')
					.whereRef('c.group_id', '=', 'g.id')
					.where('c.state', '<>', 'closed')
					.orderBy('r.version', 'desc')
					.limit(1)
					.as('cur'),
			(join) => join.onTrue()
		)
		.selectAll('g')
		.select(prefixedColumns('me', MEMBER_COLUMNS, AS_MEMBER))
		.select(prefixedColumns('cur', [...RULES_COLUMNS, 'number', 'starts_on', 'state'], AS_CYCLE))
		.where('g.id', '=', groupId)
		.executeTakeFirst();
	if (!row) return undefined;
	const { own, joined } = splitJoinedRow(row, [AS_MEMBER, AS_CYCLE]);
	return {
		group: own as GroupRow,
		member: joined[AS_MEMBER] as MemberRow | null,
		cycle: (joined[AS_CYCLE] ?? undefined) as CycleRow | undefined
	};
}

/**
 * A savings group, the actor's place in it and its current cycle, for a permission check. A
 * malformed or unknown id is a 404, as is a group the caller then may not see. `lock` takes the
 * group's row for update, which serialises everything that writes to its books (and reads the
 * three apart: PostgreSQL cannot lock the missing side of an outer join).
 */
export async function loadSavingsGroup(
	db: Kysely<DB>,
	actor: Actor,
	groupId: unknown,
	options: { lock?: boolean } = {}
): Promise<SavingsContext> {
	if (!isUuid(groupId)) notFound();
	const lock = options.lock ?? false;
	let group: GroupRow | undefined;
	let member: MemberRow | null = null;
	let current: CycleRow | undefined;
	if (actor.kind === 'account' && !lock) {
		const all = await selectGroupMemberAndCycle(db, groupId, actor.id);
		if (!all) notFound();
		({ group, member, cycle: current } = all);
	} else {
		group = await selectGroup(db, groupId, lock);
		if (!group) notFound();
		if (actor.kind === 'account')
			member = (await selectOwnMembership(db, groupId, actor.id)) ?? null;
		current = await selectCurrentCycle(db, groupId);
	}
	const cycle: CurrentCycle | null = current
		? {
				id: current.cycle_id,
				number: current.number,
				startsOn: current.starts_on,
				state: current.state as CurrentCycle['state'],
				rulesId: current.id,
				rulesVersion: current.version,
				rules: rulesFromRow(current)
			}
		: null;
	// Frozen, so that what a later access check reads is what the database said.
	const context: SavingsContext = Object.freeze({
		group: Object.freeze(group),
		member: member && Object.freeze(member),
		cycle: cycle && Object.freeze(cycle),
		resource: Object.freeze({
			openBooks: group.open_books,
			membership: member && Object.freeze({ status: member.status, officer: member.officer })
		})
	});
	madeFor.set(context, actor);
	return context;
}

/** A savings group by its id, or the context a page already loaded for the same actor. */
export type SavingsRef = string | SavingsContext;

/** The actor each context was loaded for: a context is only ever one that loadSavingsGroup made. */
const madeFor = new WeakMap<SavingsContext, Actor>();

/**
 * The context of a savings group given by id (loaded now) or already loaded, so that a request
 * that reads several things about one group looks it up once. A context is taken only when
 * loadSavingsGroup made it for this very actor; anything else is a programming error and is
 * refused. The caller still checks access on what it gets.
 */
export async function resolveSavingsGroup(
	db: Kysely<DB>,
	actor: Actor,
	group: unknown
): Promise<SavingsContext> {
	// Anything not shaped like a context is taken as an id: a malformed id is a 404.
	if (typeof group !== 'object' || group === null || !('resource' in group))
		return loadSavingsGroup(db, actor, group);
	if (madeFor.get(group as SavingsContext) !== actor) {
		throw new Error('a savings context can only be used by the actor it was loaded for');
	}
	return group as SavingsContext;
}
