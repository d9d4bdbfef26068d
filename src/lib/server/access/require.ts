import { error, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import type { AccountActor, Actor } from './actor';
import { can, type Action, type Resources } from './policy';

/** The answer for anything that does not exist, or that the actor may not know exists. */
export function notFound(): never {
	error(404, m.error_not_found());
}

/**
 * Throws a 404 unless `can` says yes: someone who may not act on a thing is not told it exists.
 */
export function requireAccess<A extends Action>(
	actor: Actor,
	action: A,
	...resource: Resources[A] extends undefined ? [] : [Resources[A]]
): asserts actor is AccountActor {
	if (!can(actor, action, ...resource)) notFound();
}

/** For pages that need a signed-in member: anyone else goes to sign in, and comes back after. */
export function requireSignedIn(actor: Actor, url: URL): asserts actor is AccountActor {
	if (actor.kind !== 'account') {
		redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
	}
}
