import type { SiteRole } from '../db/schema';
import { isStaff, type Actor } from './actor';

/**
 * Every permission question in one place: `can(actor, action, resource)`. Each action names the
 * resource it needs, so a caller cannot forget what the rule looks at. Group roles (facilitator,
 * member of a group) join as group resources when groups exist.
 */
export interface Resources {
	/** Their own account: settings, data, deletion. */
	'account:manage-own': undefined;
	'account:list': undefined;
	'account:set-role': { id: string; role: SiteRole; newRole: SiteRole };
	'reset-code:issue': { id: string; role: SiteRole };
	'invitation:create': undefined;
	'invitation:list': undefined;
	'invitation:revoke': { issuedBy: string | null };
	'settings:manage': undefined;
}

export type Action = keyof Resources;

type Rule<A extends Action> = (actor: Actor, resource: Resources[A]) => boolean;

const signedIn = (actor: Actor) => actor.kind === 'account';
const isAdmin = (actor: Actor) => actor.kind === 'account' && actor.role === 'admin';

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
	'invitation:create': isStaff,
	'invitation:list': isStaff,
	'invitation:revoke': (actor, invitation) =>
		isAdmin(actor) ||
		(isStaff(actor) && actor.kind === 'account' && actor.id === invitation.issuedBy),
	'settings:manage': isAdmin
};

export function can<A extends Action>(
	actor: Actor,
	action: A,
	...[resource]: Resources[A] extends undefined ? [] : [Resources[A]]
): boolean {
	return RULES[action](actor, resource as Resources[A]);
}
