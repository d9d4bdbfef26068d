import type { BrowserContext } from '@playwright/test';
import settings from '../../project.inlang/settings.json' with { type: 'json' };

/** Every page a visitor can open without signing in. */
export const PUBLIC_PAGES = [
	'/',
	'/safety',
	'/language',
	'/signup',
	'/login',
	'/login/recover',
	'/logout'
];

/** Pages behind sign-in, checked as the e2e admin (who sees every one of them). */
export const SIGNED_IN_PAGES = [
	'/',
	'/account',
	'/account/delete',
	'/invitations',
	'/admin',
	'/groups',
	'/groups/new',
	'/help'
];

export const LOCALES = settings.locales;

export const DEFAULT_QUICK_EXIT_URL = 'https://www.google.com/search?q=weather+today';

/** Chooses the language as the language page would: through the `lang` cookie. */
export async function useLocale(context: BrowserContext, baseURL: string, locale: string) {
	await context.addCookies([{ name: 'lang', value: locale, url: baseURL }]);
}
