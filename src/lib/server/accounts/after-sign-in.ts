import type { Cookies } from '@sveltejs/kit';
import { isLocale } from '$lib/paraglide/runtime';
import { setLanguageCookie } from '../i18n/language-cookie';
import { setSessionCookie } from './session-cookie';
import type { Session } from './sessions';

/** A fresh session's cookie, and the member's own language if they chose one before. */
export function afterSignIn(
	cookies: Cookies,
	url: URL,
	result: { token: string; session: Session; locale: string | null }
): void {
	setSessionCookie(cookies, url, result.token, result.session);
	if (result.locale && isLocale(result.locale)) setLanguageCookie(cookies, url, result.locale);
}
