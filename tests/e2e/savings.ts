import { expect, type Browser, type BrowserContext } from '@playwright/test';
import { adminContext, makeInvitation, PASSPHRASE, signUpOnPage, uniquePseudonym } from './people';

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

	const page = await staff.newPage();
	await page.goto('/savings/new');
	await page.getByLabel('Group name').fill(options.name ?? uniquePseudonym('savings'));
	const meets = { weekly: 'Every week', fortnightly: 'Every 2 weeks', monthly: 'Every month' };
	await page.getByLabel(meets[options.meets ?? 'weekly'], { exact: true }).check();
	if (options.openBooks === false) await page.getByLabel('Open books').uncheck();
	if (options.practice) await page.getByLabel('Practice group').check();
	await page.getByLabel('The cycle starts on').fill(options.startsOn ?? daysAgo(90));
	await page.getByLabel('Money the group saves in').selectOption(options.currency ?? 'THB');
	await page.getByLabel('Price of one share').fill(options.sharePrice ?? '50');
	await page.getByLabel("Secretary's name in the group").fill(SECRETARY_NAME);
	await page.getByLabel("Secretary's nickname").fill(pseudonym);
	await page.getByLabel('Their names, one per line').fill(OTHER_MEMBER_NAMES.join('\n'));
	await page.getByRole('button', { name: 'Set up the group' }).click();
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
