import type { Kysely } from 'kysely';
import type { Actor } from '../access/actor';
import type { SavingsResource } from '../access/policy';
import { notFound } from '../access/require';
import { isUuid } from '../db/ids';
import type { DB } from '../db/schema';
import { rulesFromRow, type SavingsRules } from './savings-rules';

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

/**
 * A savings group, the actor's place in it and its current cycle, for a permission check. A
 * malformed or unknown id is a 404, as is a group the caller then may not see. `lock` takes the
 * group's row for update, which serialises everything that writes to its books.
 */
export async function loadSavingsGroup(
	db: Kysely<DB>,
	actor: Actor,
	groupId: unknown,
	options: { lock?: boolean } = {}
): Promise<SavingsContext> {
	if (!isUuid(groupId)) notFound();
	const group = await selectGroup(db, groupId, options.lock ?? false);
	if (!group) notFound();
	const member =
		actor.kind === 'account' ? ((await selectOwnMembership(db, groupId, actor.id)) ?? null) : null;
	const current = await selectCurrentCycle(db, groupId);
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
	return Object.freeze({
		group: Object.freeze(group),
		member: member && Object.freeze(member),
		cycle: cycle && Object.freeze(cycle),
		resource: Object.freeze({
			openBooks: group.open_books,
			membership: member && Object.freeze({ status: member.status, officer: member.officer })
		})
	});
}
