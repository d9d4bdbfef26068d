import type { GroupRole, JoinRule, MembershipStatus, MessageStatus } from '../db/schema';
import { isSignedIn, isStaff, type Actor } from './actor';
import type { Rules } from './rule';

/** A group as a permission sees it: how one joins, and the actor's own membership, if any. */
export interface GroupResource {
	joinRule: JoinRule;
	membership: { role: GroupRole; status: MembershipStatus } | null;
}

/** Peer-support groups: what members, facilitators and staff may do in one. */
export interface GroupResources {
	'group:create': undefined;
	'group:list-all': undefined;
	/** Settings, facilitators, group-bound invitation codes. */
	'group:manage': GroupResource;
	/** Read the discussion and what belongs to the group. */
	'group:view': GroupResource;
	/** Post, flag, propose and vote, ask for help: the things members do. */
	'group:take-part': GroupResource;
	/** The review queue, hold, mute, remove, notes, polls, crisis alerts. */
	'group:moderate': GroupResource;
	'group:request-join': GroupResource;
	'group:leave': GroupResource;
}

export const activeMember = (group: GroupResource) => group.membership?.status === 'active';

/** An active facilitator or co-facilitator of the group. */
export const facilitates = (group: GroupResource) =>
	activeMember(group) && group.membership?.role !== 'member';

export const groupRules: Rules<GroupResources> = {
	'group:create': isStaff,
	'group:list-all': isStaff,
	'group:manage': isStaff,
	// Coordinators and admins look after every group; a facilitator only their own.
	'group:view': (actor, group) => isSignedIn(actor) && (activeMember(group) || isStaff(actor)),
	'group:take-part': (actor, group) => isSignedIn(actor) && activeMember(group),
	'group:moderate': (actor, group) => isSignedIn(actor) && (facilitates(group) || isStaff(actor)),
	// Someone removed by a facilitator does not ask again; someone who left may come back.
	'group:request-join': (actor, group) =>
		isSignedIn(actor) &&
		group.joinRule === 'request' &&
		(group.membership === null || group.membership.status === 'left'),
	'group:leave': (actor, group) => isSignedIn(actor) && activeMember(group)
};

/**
 * Whether a viewer gets a message of the group at all (in full or as a placeholder whose words are
 * gone): moderators every message; members every one but the held messages of others, which only
 * their author and the moderators know exist. `membershipId` is the viewer's own membership in the
 * group, if any. The SQL that lists messages (groups/messages.ts) must agree; a test holds it to.
 */
export function mayReadMessage(
	actor: Actor,
	group: GroupResource,
	membershipId: string | null,
	message: { status: MessageStatus; authorId: string }
): boolean {
	if (!groupRules['group:view'](actor, group)) return false;
	if (groupRules['group:moderate'](actor, group)) return true;
	return message.status !== 'held' || message.authorId === membershipId;
}
