import type { SiteRole } from '../db/schema';

/** Who is asking: nobody signed in, or an account with its site role. */
export type Actor = { kind: 'anonymous' } | AccountActor;

export interface AccountActor {
	kind: 'account';
	id: string;
	pseudonym: string;
	role: SiteRole;
	/** The session the request came with, so that signing out ends this one only. */
	sessionId: string;
}

export const ANONYMOUS: Actor = { kind: 'anonymous' };

export const isStaff = (actor: Actor) =>
	actor.kind === 'account' && (actor.role === 'coordinator' || actor.role === 'admin');

export const isSignedIn = (actor: Actor) => actor.kind === 'account';

export const isAdmin = (actor: Actor) => actor.kind === 'account' && actor.role === 'admin';
