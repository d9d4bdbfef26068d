import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { E2E_ADMIN } from './admin.js';
import { watchForSecrets } from './secrets';

/** Letters only, so that a pseudonym never looks like a phone number. */
export function uniquePseudonym(prefix = 'e2e'): string {
	const letters = 'abcdefghjkmnpqrstuvwxyz';
	const random = crypto.getRandomValues(new Uint8Array(8));
	return `${prefix}_${[...random].map((byte) => letters[byte % letters.length]).join('')}`;
}

export const PASSPHRASE = 'gentle rain on leaves';

export async function signInOnPage(
	page: Page,
	who: { pseudonym: string; passphrase: string },
	remember = false
) {
	watchForSecrets(page.context());
	await page.goto('/login');
	await page.getByLabel('Nickname').fill(who.pseudonym);
	await page.getByLabel('Passphrase').fill(who.passphrase);
	if (remember) await page.getByLabel('Remember this phone').check();
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('heading', { name: `Hello, ${who.pseudonym}` })).toBeVisible();
}

/** A browser context signed in as the admin that the e2e server was started with. */
export async function adminContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
	const context = await browser.newContext({ baseURL });
	await signInOnPage(await context.newPage(), E2E_ADMIN);
	return context;
}

/** An invitation code made on the invitations page by a signed-in coordinator or admin. */
export async function makeInvitation(staff: BrowserContext, maxUses = 1): Promise<string> {
	const page = await staff.newPage();
	await page.goto('/invitations');
	await page.getByLabel('How many people can use it').fill(String(maxUses));
	await page.getByRole('button', { name: 'Make a code' }).click();
	const text = await page.getByText(/New code: /).textContent();
	await page.close();
	const code = text?.match(/New code: ([A-Z0-9-]+)/)?.[1];
	expect(code).toBeTruthy();
	return code!;
}

/** The key a page's form was rendered with, as a browser sends it back (repeat-safe forms). */
export function formKeyIn(html: string): string {
	const key = html.match(/name="formKey" value="([^"]+)"/)?.[1];
	expect(key, 'the form carries a key').toBeTruthy();
	return key!;
}

/** Joins with a code on the sign-up page; returns the recovery codes shown. */
export async function signUpOnPage(page: Page, code: string, pseudonym: string) {
	watchForSecrets(page.context());
	await page.goto('/signup');
	await page.getByLabel('Invitation code').fill(code);
	await page.getByLabel('Nickname').fill(pseudonym);
	await page.getByLabel('Passphrase').fill(PASSPHRASE);
	await page.getByRole('button', { name: 'Join' }).click();
	await expect(page.getByRole('heading', { name: 'Your recovery codes' })).toBeVisible();
	return (await page.locator('ol li').allTextContents()).map((code) => code.trim());
}

/** A new account in its own signed-in context, with the role the admin gives it. */
export async function personWithRole(
	browser: Browser,
	baseURL: string,
	admin: BrowserContext,
	role: 'member' | 'coordinator' | 'admin'
) {
	const pseudonym = uniquePseudonym(role.slice(0, 4));
	const context = await browser.newContext({ baseURL });
	await signUpOnPage(await context.newPage(), await makeInvitation(admin), pseudonym);
	if (role !== 'member') {
		const page = await admin.newPage();
		await page.goto('/admin');
		await page.getByLabel(`Role of ${pseudonym}`).selectOption(role);
		const card = page.locator('li', { has: page.getByLabel(`Role of ${pseudonym}`) });
		await card.getByRole('button', { name: 'Save role' }).click();
		await expect(page.getByText('Role saved.')).toBeVisible();
		await page.close();
	}
	return { context, pseudonym, passphrase: PASSPHRASE };
}
