import type { SiteRole } from '../db/schema';
import { isAdmin, isSignedIn, isStaff } from './actor';
import { facilitates, type GroupResource } from './groups';
import type { Rules } from './rule';

/** Accounts and their roles, reset codes, invitation codes, and the site's settings. */
export interface AccountResources {
	/** Their own account: settings, data, deletion. */
	'account:manage-own': undefined;
	'account:list': undefined;
	'account:set-role': { id: string };
	'reset-code:issue': { id: string; role: SiteRole };
	/** A code for the site, or (group set) one that also invites into that group. */
	'invitation:create': { group: GroupResource | null };
	'invitation:list': undefined;
	/** Codes of more than a few uses, and any number of them at once. */
	'invitation:create-many': undefined;
	/** A code, by whoever issued it; `group` when it invites into a group. */
	'invitation:revoke': { issuedBy: string | null; group: GroupResource | null };
	'settings:manage': undefined;
}

export const accountRules: Rules<AccountResources> = {
	'account:manage-own': isSignedIn,
	'account:list': isStaff,
	// Only admins change roles, never their own: a coordinator who could make coordinators could
	// hand staff powers (every circle, reset codes) to anyone, and keep them by making more.
	'account:set-role': (actor, target) =>
		actor.kind === 'account' && actor.id !== target.id && isAdmin(actor),
	// A reset code for a staff account would hand over staff powers: admins only.
	'reset-code:issue': (actor, target) =>
		actor.kind === 'account' &&
		actor.id !== target.id &&
		(isAdmin(actor) || (actor.role === 'coordinator' && target.role === 'member')),
	// Facilitators invite into their own group; only staff hand out codes that join the site alone.
	'invitation:create': (actor, { group }) =>
		isStaff(actor) || (group !== null && isSignedIn(actor) && facilitates(group)),
	'invitation:list': isStaff,
	// A facilitator who is a member can make accounts with a circle's codes: a few at a time.
	'invitation:create-many': isStaff,
	// Admins stop any code, staff their own and any circle's (they see every facilitator's),
	// facilitators those that invite into their group.
	'invitation:revoke': (actor, invitation) =>
		isAdmin(actor) ||
		(isStaff(actor) && actor.kind === 'account' && actor.id === invitation.issuedBy) ||
		(isStaff(actor) && invitation.group !== null) ||
		(invitation.group !== null && isSignedIn(actor) && facilitates(invitation.group)),
	'settings:manage': isAdmin
};
