import { error, json, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { m } from '$lib/paraglide/messages';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { ANONYMOUS } from '$lib/server/access/actor';
import { clearSessionCookie, setSessionCookie } from '$lib/server/accounts/session-cookie';
import { SESSION_COOKIE, validateSessionToken } from '$lib/server/accounts/sessions';
import { config } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { migrateToLatest } from '$lib/server/db/migrate';
import { formProblem } from '$lib/server/forms/hidden-characters';
import { startHousekeeping } from '$lib/server/app/housekeeping';
import { pageInLanguage, preloadsInLanguage } from '$lib/server/i18n/one-language-assets';
import { log } from '$lib/server/log';
import { timeRequest } from '$lib/server/metrics';
import { publishServerRuntime } from '$lib/server/app/runtime';
import { inFlight } from '$lib/server/work-in-flight';
import { allowingHeadScript, HSTS, SECURITY_HEADERS } from '$lib/server/security-headers';
import { HEAD_SCRIPT } from '$lib/head-script';

export const init: ServerInit = async () => {
	config();
	const applied = await migrateToLatest(getDb());
	if (applied.length > 0) log().info({ migrations: applied }, 'database migrated');
	publishServerRuntime(startHousekeeping(getDb()));
};

/** The reader's language: the page's `lang`, and the copy of the browser build it loads. */
const locale: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, async ({ request, locale }) => {
		event.request = request;
		const response = await resolve(event, {
			transformPageChunk: ({ html }) => pageInLanguage(html.replace('%lang%', locale), locale)
		});
		const preloads = response.headers.get('link');
		if (preloads) response.headers.set('link', preloadsInLanguage(preloads, locale));
		return response;
	});

/** The head script's slot in app.html, and the lines around it: the hash is of the script alone. */
const HEAD_SCRIPT_SLOT = /(<script nonce="[^"]*">)\s*\/\*%head-script%\*\/\s*(<\/script>)/;

/**
 * The head's script (head-script.ts), in every page's head (app.html), so that Leave now and the
 * buttons it serves work before the page's own scripts arrive; the page's policy allows it by its
 * hash, whether or not the page has scripts of its own.
 */
const headScript: Handle = async ({ event, resolve }) => {
	const response = await resolve(event, {
		transformPageChunk: ({ html }) =>
			html.replace(HEAD_SCRIPT_SLOT, (_, open, close) => `${open}${HEAD_SCRIPT}${close}`)
	});
	const policy = response.headers.get('content-security-policy');
	if (policy) response.headers.set('content-security-policy', allowingHeadScript(policy));
	return response;
};

/** Sets `locals.actor` from the session cookie; a dead session's cookie is removed. */
const session: Handle = async ({ event, resolve }) => {
	event.locals.actor = ANONYMOUS;
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const valid = await validateSessionToken(getDb(), token, new Date());
		if (!valid) {
			clearSessionCookie(event.cookies);
		} else {
			event.locals.actor = {
				kind: 'account',
				id: valid.account.id,
				pseudonym: valid.account.pseudonym,
				role: valid.account.role,
				sessionId: valid.session.id
			};
			if (valid.renewed && valid.session.mode === 'remember') {
				setSessionCookie(event.cookies, event.url, token, valid.session);
			}
		}
	}
	return resolve(event);
};

const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
	if (event.url.protocol === 'https:') response.headers.set('Strict-Transport-Security', HSTS);
	return response;
};

/** One line per request: method, route pattern, status, time. Never the path's query, nor a body. */
const requestLog: Handle = async ({ event, resolve }) => {
	const started = performance.now();
	const response = await resolve(event);
	log().info(
		{
			method: event.request.method,
			route: event.route.id,
			status: response.status,
			ms: Math.round(performance.now() - started)
		},
		'request'
	);
	return response;
};

/**
 * A form with a hidden control character (NUL above all, which the database cannot store), or
 * with a file where every action reads text, is refused before any action sees it, in the
 * member's language: a 400, never a failed query or a form that cannot be sent back.
 */
const plainText: Handle = async ({ event, resolve }) => {
	const problem = await formProblem(event.request);
	if (problem) {
		const message = problem === 'file' ? m.error_form_file() : m.error_hidden_characters();
		// A form sent by script reads an action result (and shows the error page); a plain one
		// gets the error page itself.
		if (event.request.headers.get('x-sveltekit-action') === 'true')
			return json({ type: 'error', status: 400, error: { message } }, { status: 400 });
		error(400, message);
	}
	return resolve(event);
};

/** Shutdown waits for every request counted here before the database closes (server.js). */
const countInFlight: Handle = ({ event, resolve }) => inFlight(async () => resolve(event));

// countInFlight first, so that nothing after it outlives the database; then timeRequest, which
// times everything the others do (lib/server/metrics).
export const handle: Handle = sequence(
	countInFlight,
	timeRequest,
	requestLog,
	securityHeaders,
	session,
	locale,
	headScript,
	plainText
);

export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status < 500) return { message: m.error_not_found() };
	// The error's name and the route, not its message: a message can quote what a member typed.
	log().error(
		{ route: event.route.id, status, error: error instanceof Error ? error.name : typeof error },
		'unexpected error'
	);
	return { message: m.error_unexpected() };
};
