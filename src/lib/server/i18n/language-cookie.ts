import type { Cookies } from '@sveltejs/kit';
import { cookieName, type Locale } from '$lib/paraglide/runtime';

/** Remembers the language on this phone. Readable by the page's script: Paraglide reads it too. */
export function setLanguageCookie(cookies: Cookies, url: URL, locale: Locale): void {
	cookies.set(cookieName, locale, {
		path: '/',
		maxAge: 60 * 60 * 24 * 365,
		httpOnly: false,
		sameSite: 'lax',
		secure: url.protocol === 'https:'
	});
}
