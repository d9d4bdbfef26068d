import { redirect, type RequestHandler } from '@sveltejs/kit';
import { leaveNow } from '$lib/server/accounts/quick-exit';
import { clearSessionCookie } from '$lib/server/accounts/session-cookie';
import { config } from '$lib/server/config';
import { getDb } from '$lib/server/db';

/**
 * "Leave now": signs this phone out (unless the member said it is their own phone), then sends the
 * browser to the neutral page. Anonymous visitors are only sent on.
 *
 * GET changes state here on purpose: without JavaScript the control is a plain link, which must
 * work from every page, mid-form too. A cross-site page gains nothing from it. Its images and
 * scripts do not carry the SameSite=Lax cookie; a link that the visitor follows signs them out,
 * which they can undo by signing in, and it learns nothing (the answer is the same 303 to a fixed
 * address whether anyone was signed in or not; there is no `next` to turn into an open redirect).
 *
 * POST is what the page's script sends as a beacon before it leaves. SvelteKit refuses a cross-site
 * POST with a form body; ours has no body and, being same-origin, carries our own Origin anyway.
 */
const leave: RequestHandler = async ({ locals, cookies }) => {
	if (await leaveNow(getDb(), locals.actor)) clearSessionCookie(cookies);
	redirect(303, config().QUICK_EXIT_URL);
};

export const GET = leave;
export const POST = leave;
