import type { GroupRole, JoinRule, MembershipStatus, SiteRole } from '../db/schema';
import { isStaff, type Actor } from './actor';

/** A group as a permission sees it: how one joins, and the actor's own membership, if any. */
export interface GroupResource {
	joinRule: JoinRule;
	membership: { role: GroupRole; status: MembershipStatus } | null;
}

/**
 * Every permission question in one place: `can(actor, action, resource)`. Each action names the
 * resource it needs, so a caller cannot forget what the rule looks at.
 */
export interface Resources {
	/** Their own account: settings, data, deletion. */
	'account:manage-own': undefined;
	'account:list': undefined;
	'account:set-role': { id: string; role: SiteRole; newRole: SiteRole };
	'reset-code:issue': { id: string; role: SiteRole };
	/** A code for the site, or (group set) one that also invites into that group. */
	'invitation:create': { group: GroupResource | null };
	'invitation:list': undefined;
	/** A code, by whoever issued it; `group` when it invites into a group. */
	'invitation:revoke': { issuedBy: string | null; group: GroupResource | null };
	'settings:manage': undefined;
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
	'referral:manage': undefined;
}

export type Action = keyof Resources;

type Rule<A extends Action> = (actor: Actor, resource: Resources[A]) => boolean;

const signedIn = (actor: Actor) => actor.kind === 'account';
const isAdmin = (actor: Actor) => actor.kind === 'account' && actor.role === 'admin';

const activeMember = (group: GroupResource) => group.membership?.status === 'active';
const facilitates = (group: GroupResource) =>
	activeMember(group) && group.membership?.role !== 'member';

const RULES: { [A in Action]: Rule<A> } = {
	'account:manage-own': signedIn,
	'account:list': isStaff,
	// Nobody changes their own role. Coordinators move people between member and coordinator;
	// only admins make or unmake admins.
	'account:set-role': (actor, target) =>
		actor.kind === 'account' &&
		actor.id !== target.id &&
		(isAdmin(actor) ||
			(actor.role === 'coordinator' && target.role !== 'admin' && target.newRole !== 'admin')),
	// A reset code for a staff account would hand over staff powers: admins only.
	'reset-code:issue': (actor, target) =>
		actor.kind === 'account' &&
		actor.id !== target.id &&
		(isAdmin(actor) || (actor.role === 'coordinator' && target.role === 'member')),
	// Facilitators invite into their own group; only staff hand out codes that join the site alone.
	'invitation:create': (actor, { group }) =>
		isStaff(actor) || (group !== null && signedIn(actor) && facilitates(group)),
	'invitation:list': isStaff,
	// Admins stop any code, staff their own, facilitators those that invite into their group.
	'invitation:revoke': (actor, invitation) =>
		isAdmin(actor) ||
		(isStaff(actor) && actor.kind === 'account' && actor.id === invitation.issuedBy) ||
		(invitation.group !== null && signedIn(actor) && facilitates(invitation.group)),
	'settings:manage': isAdmin,
	'group:create': isStaff,
	'group:list-all': isStaff,
	'group:manage': isStaff,
	// Coordinators and admins look after every group; a facilitator only their own.
	'group:view': (actor, group) => signedIn(actor) && (activeMember(group) || isStaff(actor)),
	'group:take-part': (actor, group) => signedIn(actor) && activeMember(group),
	'group:moderate': (actor, group) => signedIn(actor) && (facilitates(group) || isStaff(actor)),
	// Someone removed by a facilitator does not ask again; someone who left may come back.
	'group:request-join': (actor, group) =>
		signedIn(actor) &&
		group.joinRule === 'request' &&
		(group.membership === null || group.membership.status === 'left'),
	'group:leave': (actor, group) => signedIn(actor) && activeMember(group),
	'referral:manage': isStaff
};

export function can<A extends Action>(
	actor: Actor,
	action: A,
	...[resource]: Resources[A] extends undefined ? [] : [Resources[A]]
): boolean {
	return RULES[action](actor, resource as Resources[A]);
}
