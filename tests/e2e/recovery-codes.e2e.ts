import { expect, test, type Browser } from '@playwright/test';
import { adminContext, makeInvitation, signUpOnPage, uniquePseudonym } from './people';
import { pressPrint } from './print';

const NO_SCREENSHOT = 'Please do not take a screenshot.';

async function newcomer(browser: Browser, baseURL: string, javaScriptEnabled: boolean) {
	const admin = await adminContext(browser, baseURL);
	const code = await makeInvitation(admin);
	await admin.close();
	const context = await browser.newContext({ baseURL, javaScriptEnabled });
	const page = await context.newPage();
	const codes = await signUpOnPage(page, code, uniquePseudonym());
	return { context, page, codes };
}

test('with JavaScript: a word against screenshots, a copy button that copies the codes, a Print button', async ({
	browser,
	baseURL
}) => {
	const { context, page, codes } = await newcomer(browser, baseURL!, true);
	await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });

	await expect(page.getByText(NO_SCREENSHOT)).toBeVisible();
	await expect(page.getByText("use your browser's Print")).toBeHidden();
	await pressPrint(page, page.getByRole('button', { name: 'Print the codes' }));

	await page.getByRole('button', { name: 'Copy the codes' }).click();
	await expect(page.getByText('Copied.')).toBeVisible();
	expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(codes.join('\n'));

	// A browser without a clipboard for the page (served without HTTPS): the press says so.
	await page.evaluate(() => Object.defineProperty(navigator, 'clipboard', { value: undefined }));
	await page.getByRole('button', { name: 'Copy the codes' }).click();
	await expect(page.getByText('Could not copy. Please write them down instead.')).toBeVisible();
	await expect(page.getByText('Copied.')).toBeHidden();
	await context.close();
});

test('without JavaScript: the word against screenshots, and where to find Print', async ({
	browser,
	baseURL
}) => {
	const { context, page } = await newcomer(browser, baseURL!, false);
	await expect(page.getByText(NO_SCREENSHOT)).toBeVisible();
	await expect(page.getByText("To print them, use your browser's Print.")).toBeVisible();
	await expect(page.getByRole('button', { name: 'Print the codes' })).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'Copy the codes' })).toHaveCount(0);
	await context.close();
});

test('printed, the page shows the codes and nothing else of the site', async ({
	browser,
	baseURL
}) => {
	const { context, page, codes } = await newcomer(browser, baseURL!, true);
	await page.emulateMedia({ media: 'print' });
	for (const code of codes) await expect(page.getByText(code, { exact: true })).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Your recovery codes' })).toBeVisible();
	for (const hidden of [
		page.getByRole('banner'),
		page.getByRole('contentinfo'),
		page.getByRole('link', { name: 'Leave now' }),
		page.getByRole('link', { name: 'I have kept my codes' }),
		page.getByText(NO_SCREENSHOT)
	])
		await expect(hidden).toBeHidden();
	// Back on screen, all of it shows again.
	await page.emulateMedia({ media: 'screen' });
	await expect(page.getByRole('banner')).toBeVisible();
	await context.close();
});
