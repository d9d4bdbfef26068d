import type { Cookies } from '@sveltejs/kit';
import { SESSION_COOKIE, sessionCookieOptions, type Session } from './sessions';

/** Sends the session cookie; Secure whenever the site is served over https. */
export function setSessionCookie(
	cookies: Cookies,
	url: URL,
	token: string,
	session: Session
): void {
	cookies.set(SESSION_COOKIE, token, sessionCookieOptions(session, url.protocol === 'https:'));
}

export function clearSessionCookie(cookies: Cookies): void {
	cookies.delete(SESSION_COOKIE, { path: '/' });
}
