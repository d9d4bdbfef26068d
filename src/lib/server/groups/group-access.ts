import type { Kysely } from 'kysely';
import type { Actor } from '../access/actor';
import type { GroupResource } from '../access/policy';
import { notFound } from '../access/require';
import { isUuid } from '../db/ids';
import type { DB } from '../db/schema';

export type GroupRow = Awaited<ReturnType<typeof selectGroup>>;
export type MembershipRow = NonNullable<Awaited<ReturnType<typeof selectMembership>>>;

export interface GroupContext {
	group: NonNullable<GroupRow>;
	/** The actor's own membership row, in any status, or null. */
	membership: MembershipRow | null;
	/** What the policy looks at. */
	resource: GroupResource;
}

const selectGroup = (db: Kysely<DB>, groupId: string, lock: boolean) => {
	const query = db.selectFrom('peer_group').selectAll().where('id', '=', groupId);
	return (lock ? query.forUpdate() : query).executeTakeFirst();
};

const selectMembership = (db: Kysely<DB>, groupId: string, accountId: string, lock: boolean) => {
	const query = db
		.selectFrom('group_member')
		.selectAll()
		.where('group_id', '=', groupId)
		.where('account_id', '=', accountId);
	return (lock ? query.forUpdate() : query).executeTakeFirst();
};

/**
 * The group and the actor's place in it, for a permission check. A malformed or unknown id is a
 * 404, as is any group the caller then may not see. `lock` takes both rows for update, which
 * serialises writes to one group (message numbers, the size cap).
 */
export async function loadGroup(
	db: Kysely<DB>,
	actor: Actor,
	groupId: unknown,
	options: { lock?: boolean } = {}
): Promise<GroupContext> {
	if (!isUuid(groupId)) notFound();
	const lock = options.lock ?? false;
	const group = await selectGroup(db, groupId, lock);
	if (!group) notFound();
	const membership =
		actor.kind === 'account'
			? ((await selectMembership(db, groupId, actor.id, lock)) ?? null)
			: null;
	// Frozen, so that what a later access check reads is what the database said.
	const context: GroupContext = Object.freeze({
		group: Object.freeze(group),
		membership: membership && Object.freeze(membership),
		resource: Object.freeze({
			joinRule: group.join_rule,
			membership: membership && Object.freeze({ role: membership.role, status: membership.status })
		})
	});
	madeFor.set(context, actor);
	return context;
}

/** A group by its id, or the context a page already loaded for the same actor. */
export type GroupRef = string | GroupContext;

/** The actor each context was loaded for: a context is only ever one that loadGroup returned. */
const madeFor = new WeakMap<GroupContext, Actor>();

/**
 * The context of a group given by id (loaded now) or already loaded, so that a page that reads
 * several things about one group looks it up once. A context is taken only when loadGroup made it
 * for this very actor; anything else is a programming error and is refused. The caller still
 * checks access on what it gets.
 */
export async function resolveGroup(
	db: Kysely<DB>,
	actor: Actor,
	group: GroupRef
): Promise<GroupContext> {
	if (typeof group === 'string') return loadGroup(db, actor, group);
	if (madeFor.get(group) !== actor) {
		throw new Error('a group context can only be used by the actor it was loaded for');
	}
	return group;
}
