import type { Kysely, Selectable } from 'kysely';
import type { Actor } from '../access/actor';
import type { GroupResource } from '../access/policy';
import { notFound } from '../access/require';
import { compiledOnce } from '../db/compiled-once';
import { isUuid } from '../db/ids';
import type { DB, GroupMemberTable } from '../db/schema';
import { prefixedColumns, splitJoinedRow } from '../db/joined-row';

export type GroupRow = Awaited<ReturnType<typeof selectGroup>>;
export type MembershipRow = Selectable<GroupMemberTable>;

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

/** Every column of a membership row (the object fails to compile when the table changes). */
const MEMBER_COLUMNS = Object.keys({
	id: true,
	group_id: true,
	account_id: true,
	role: true,
	status: true,
	display_name: true,
	display_name_key: true,
	agreement_accepted_at: true,
	joined_at: true,
	approved_posts: true,
	muted_until: true,
	mute_reason: true,
	last_posted_at: true,
	created_at: true,
	last_read_seq: true,
	topics_seen_at: true,
	help_seen_at: true
} satisfies Record<keyof Selectable<GroupMemberTable>, true>);

/** Where the membership's columns go in the joined row, apart from the group's. */
const AS_MEMBER = 'member__';

/**
 * The group and the account's membership of it in one statement: every page of a group begins
 * with this, so it is one round trip, not two. Locked, both rows are taken for update, the group's
 * first (as everywhere), and only where the membership exists: PostgreSQL cannot lock the missing
 * side of an outer join.
 */
const groupAndMembership = (lock: boolean) =>
	compiledOnce(['groupId', 'accountId'], (db, { groupId, accountId }) => {
		const query = lock
			? db
					.selectFrom('peer_group')
					.innerJoin('group_member as me', (join) =>
						join.onRef('me.group_id', '=', 'peer_group.id').on('me.account_id', '=', accountId)
					)
					.forUpdate()
			: db
					.selectFrom('peer_group')
					.leftJoin('group_member as me', (join) =>
						join.onRef('me.group_id', '=', 'peer_group.id').on('me.account_id', '=', accountId)
					);
		return query
			.selectAll('peer_group')
			.select(prefixedColumns('me', MEMBER_COLUMNS, AS_MEMBER))
			.where('peer_group.id', '=', groupId);
	});
const readGroupAndMembership = groupAndMembership(false);
const lockGroupAndMembership = groupAndMembership(true);

async function selectGroupAndMembership(
	db: Kysely<DB>,
	groupId: string,
	accountId: string,
	lock: boolean
) {
	const lookup = lock ? lockGroupAndMembership : readGroupAndMembership;
	const [row] = await lookup(db, { groupId, accountId });
	if (!row) return undefined;
	const { own, joined } = splitJoinedRow(row, [AS_MEMBER]);
	return {
		group: own as NonNullable<GroupRow>,
		membership: joined[AS_MEMBER] as MembershipRow | null
	};
}

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
	let group: GroupRow;
	let membership: MembershipRow | null = null;
	const both =
		actor.kind === 'account'
			? await selectGroupAndMembership(db, groupId, actor.id, lock)
			: undefined;
	if (both) {
		({ group, membership } = both);
	} else {
		// No such group, or (locked) no membership to lock with it: the group alone.
		group = await selectGroup(db, groupId, lock);
		if (!group) notFound();
	}
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
	// Anything not shaped like a context is taken as an id: what a socket sent may be any value,
	// and a malformed id is a 404.
	if (typeof group !== 'object' || group === null || !('resource' in group))
		return loadGroup(db, actor, group);
	if (madeFor.get(group) !== actor) {
		throw new Error('a group context can only be used by the actor it was loaded for');
	}
	return group;
}
