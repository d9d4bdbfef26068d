import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { INJECTED, SHORT_XSS } from '../hostile-input';
import { createGroupOnPage, groupCode, memberOfGroup } from './groups';
import { adminContext, makeInvitation } from './people';
import { createSavingsGroupOnPage } from './savings';
import { useLocale } from './site';

/*
 * Issue 13, point 9, in Chromium: script typed into the real forms of the key pages (sign-up,
 * sign-in, a circle's conversation with and without JavaScript, a topic, a message to the
 * facilitators, a savings meeting), in English and in Thai, never opens a dialog and is shown as
 * the text it is.
 */

test.describe.configure({ mode: 'serial' });

/** Every dialog any page of the context opens (a script that ran would open one). */
function watchDialogs(context: BrowserContext): string[] {
	const opened: string[] = [];
	context.on('dialog', (dialog) => {
		opened.push(dialog.message());
		void dialog.dismiss();
	});
	return opened;
}

/** No element the payload would make, and no script holding it, is in the page. */
async function expectNothingInjected(page: Page, dialogs: string[]) {
	await expect(page.locator(INJECTED)).toHaveCount(0);
	const scripts = await page
		.locator('script')
		.evaluateAll((all) => all.filter((s) => s.textContent?.includes('alert(2)')).length);
	// SvelteKit's own data script may carry the text as JSON; never as a script of its own.
	expect(scripts).toBeLessThanOrEqual(1);
	expect(
		await page.evaluate(() =>
			[...document.scripts].some((s) => s.textContent?.trim().startsWith('alert('))
		)
	).toBe(false);
	expect(dialogs).toEqual([]);
}

let admin: BrowserContext;
let groupId: string;
let code: string;

test.beforeAll(async ({ browser, baseURL }) => {
	test.setTimeout(120_000);
	admin = await adminContext(browser, baseURL!);
	groupId = await createGroupOnPage(admin);
	code = await groupCode(admin, groupId, 8);
});

test.afterAll(async () => {
	await admin?.close();
});

async function member(browser: Browser, baseURL: string, locale: string, javaScriptEnabled = true) {
	const joined = await memberOfGroup(browser, baseURL, code, groupId, { javaScriptEnabled });
	await useLocale(joined.context, baseURL, locale);
	return { ...joined, dialogs: watchDialogs(joined.context) };
}

for (const locale of ['en', 'th']) {
	test.describe(`in ${locale}`, () => {
		test('sign-up and sign-in keep script as typed text', async ({ browser, baseURL }) => {
			const context = await browser.newContext({ baseURL });
			await useLocale(context, baseURL!, locale);
			const dialogs = watchDialogs(context);
			const page = await context.newPage();
			await page.goto('/signup');
			await page.locator('input[name="code"]').fill(await makeInvitation(admin));
			await page.locator('input[name="pseudonym"]').fill(SHORT_XSS);
			await page.locator('input[name="passphrase"]').fill('gentle rain on leaves');
			await page.locator('form button[type="submit"]').last().click();
			await expect(page.locator('input[name="pseudonym"]')).toHaveValue(SHORT_XSS);
			await expect(page.locator('[aria-invalid="true"]').first()).toBeVisible();
			await expectNothingInjected(page, dialogs);

			await page.goto('/login');
			await page.locator('input[name="pseudonym"]').fill(SHORT_XSS);
			await page.locator('input[name="passphrase"]').fill('gentle rain on leaves');
			await page.locator('form button[type="submit"]').last().click();
			await expect(page.locator('input[name="pseudonym"]')).toHaveValue(SHORT_XSS);
			await expect(page.getByRole('alert').first()).toBeVisible();
			await expectNothingInjected(page, dialogs);
			await context.close();
		});

		for (const javaScriptEnabled of [true, false]) {
			test(`a circle message ${javaScriptEnabled ? 'with' : 'without'} JavaScript is shown as text`, async ({
				browser,
				baseURL
			}) => {
				const { context, page, dialogs } = await member(
					browser,
					baseURL!,
					locale,
					javaScriptEnabled
				);
				const text = `${locale} ${javaScriptEnabled ? 'with' : 'without'} ${SHORT_XSS}`;
				await page.goto(`/groups/${groupId}`);
				await page.locator('textarea[name="body"]').fill(text);
				await page.locator('form[action="?/send"] button[type="submit"]').click();
				await expect(page.locator('[role="log"]').getByText(text, { exact: true })).toBeVisible();
				// Stored, not only shown while it is being sent: a reload now finds it.
				await expect(page.locator('[data-pending]')).toHaveCount(0);
				await page.reload();
				await expect(page.locator('[role="log"]').getByText(text, { exact: true })).toBeVisible();
				await expectNothingInjected(page, dialogs);
				await context.close();
			});
		}

		test('a topic and a message to the facilitators are shown as text', async ({
			browser,
			baseURL
		}) => {
			const { context, page, dialogs } = await member(browser, baseURL!, locale);
			const title = `${locale} topic ${SHORT_XSS}`;
			await page.goto(`/groups/${groupId}/topics`);
			await page.locator('input[name="title"], textarea[name="title"]').fill(title);
			await page.locator('form[action="?/propose"] button[type="submit"]').click();
			await expect(page.getByText(title, { exact: true })).toBeVisible();
			await expectNothingInjected(page, dialogs);

			const words = `${locale} help ${SHORT_XSS}`;
			await page.goto(`/groups/${groupId}/help`);
			await page.locator('form[action="?/write"] textarea[name="body"]').fill(words);
			await page.locator('form[action="?/write"] button[type="submit"]').click();
			await expect(page.getByText(words, { exact: true })).toBeVisible();
			await page.reload();
			await expect(page.getByText(words, { exact: true })).toBeVisible();
			await expectNothingInjected(page, dialogs);
			await context.close();
		});

		test('a savings meeting keeps a note with script as text', async ({ browser, baseURL }) => {
			const savings = await createSavingsGroupOnPage(browser, baseURL!, { staff: admin });
			const context = savings.secretary.context;
			await useLocale(context, baseURL!, locale);
			const dialogs = watchDialogs(context);
			const page = await context.newPage();
			const note = `${locale} note ${SHORT_XSS}`;
			await page.goto(`/savings/${savings.groupId}/meetings/new`);
			await page.locator('textarea[name="note"]').fill(note);
			await page.locator('form[action="?/record"] button[type="submit"]').last().click();
			// Recorded (its page shows the note) or sent back to be finished (the note kept).
			await expect(
				page.getByText(note, { exact: true }).or(page.locator('textarea[name="note"]'))
			).toBeVisible();
			const kept = page.locator('textarea[name="note"]');
			if (await kept.isVisible()) await expect(kept).toHaveValue(note);
			await expectNothingInjected(page, dialogs);
			await context.close();
		});
	});
}
