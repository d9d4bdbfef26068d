import { readFileSync } from 'node:fs';
import { expect, type Browser, type BrowserContext } from '@playwright/test';
import { adminContext, makeInvitation, PASSPHRASE, signUpOnPage, uniquePseudonym } from './people';
import { useLocale } from './site';

/** The set-up page's words in a language, as messages/*.json hold them. */
function setUpWords(locale: string): (key: string) => string {
	const messages = JSON.parse(
		readFileSync(new URL(`../../messages/${locale}.json`, import.meta.url), 'utf8')
	) as Record<string, string>;
	return (key) => messages[`savings_new_${key}`];
}

/** The names the group knows its members by, in book order: the secretary first. */
export const SECRETARY_NAME = 'Sokha';
export const OTHER_MEMBER_NAMES = ['Bopha', 'Chenda', 'Dara', 'Vanna'] as const;

/** A day `days` before today, as 'YYYY-MM-DD' (UTC). */
export function daysAgo(days: number): string {
	return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

export interface SavingsGroupOnPage {
	groupId: string;
	/** A new member account, the group's secretary (who records), signed in in `context`. */
	secretary: { pseudonym: string; passphrase: string; name: string; context: BrowserContext };
	/** All 5 members' names in the group, in book order: the secretary's first, then the 4 others. */
	memberNames: string[];
	/** The coordinator (the e2e admin) who set the group up, signed in. */
	staff: BrowserContext;
}

/**
 * A savings group of 5 set up on /savings/new by the admin (staff: coordinator powers): a freshly
 * signed-up member as its secretary, and 4 members without an account. The first cycle starts
 * `startsOn` (default 90 days ago, so that meetings can be recorded on past days), with shares of
 * `sharePrice` baht (default 50). The caller closes the contexts it no longer needs.
 */
export async function createSavingsGroupOnPage(
	browser: Browser,
	baseURL: string,
	options: {
		staff?: BrowserContext;
		name?: string;
		startsOn?: string;
		currency?: 'THB' | 'KHR' | 'LAK' | 'MMK' | 'VND' | 'USD';
		sharePrice?: string;
		meets?: 'weekly' | 'fortnightly' | 'monthly';
		openBooks?: boolean;
		practice?: boolean;
		/** Whether the secretary's own context runs JavaScript (default true). */
		javaScriptEnabled?: boolean;
		/** The language the coordinator sets the group up in (default English). */
		locale?: string;
	} = {}
): Promise<SavingsGroupOnPage> {
	const staff = options.staff ?? (await adminContext(browser, baseURL));
	const code = await makeInvitation(staff);
	const pseudonym = uniquePseudonym('sec');
	const context = await browser.newContext({
		baseURL,
		javaScriptEnabled: options.javaScriptEnabled ?? true
	});
	const secretaryPage = await context.newPage();
	await signUpOnPage(secretaryPage, code, pseudonym);
	await secretaryPage.close();

	if (options.locale) await useLocale(staff, baseURL, options.locale);
	const say = setUpWords(options.locale ?? 'en');
	const page = await staff.newPage();
	await page.goto('/savings/new');
	await page.getByLabel(say('name_label')).fill(options.name ?? uniquePseudonym('savings'));
	await page.getByLabel(say(`meets_${options.meets ?? 'weekly'}`), { exact: true }).check();
	if (options.openBooks === false) await page.getByLabel(say('open_books_label')).uncheck();
	if (options.practice) await page.getByLabel(say('practice_label')).check();
	await page.getByLabel(say('starts_label')).fill(options.startsOn ?? daysAgo(90));
	await page.getByLabel(say('currency_label')).selectOption(options.currency ?? 'THB');
	await page.getByLabel(say('share_price_label')).fill(options.sharePrice ?? '50');
	await page.getByLabel(say('secretary_name')).fill(SECRETARY_NAME);
	await page.getByLabel(say('secretary_nickname')).fill(pseudonym);
	await page.getByLabel(say('members_label')).fill(OTHER_MEMBER_NAMES.join('\n'));
	await page.getByRole('button', { name: say('submit') }).click();
	await expect(page).toHaveURL(/\/savings\/[0-9a-f-]{36}$/);
	const groupId = page.url().match(/\/savings\/([0-9a-f-]{36})$/)![1];
	await page.close();
	return {
		groupId,
		secretary: { pseudonym, passphrase: PASSPHRASE, name: SECRETARY_NAME, context },
		memberNames: [SECRETARY_NAME, ...OTHER_MEMBER_NAMES],
		staff
	};
}
