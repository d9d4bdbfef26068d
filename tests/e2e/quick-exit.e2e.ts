import { expect, test, type Page } from '@playwright/test';
import { DEFAULT_QUICK_EXIT_URL } from './site';

/** Stands in for the neutral site, so no request leaves this machine. */
async function fakeNeutralSite(page: Page) {
	await page.route('https://www.google.com/**', (route) =>
		route.fulfill({ contentType: 'text/html', body: '<title>Weather</title><p>Sunny</p>' })
	);
}

test('is the first thing the keyboard reaches', async ({ page }) => {
	await page.goto('/safety');
	await page.keyboard.press('Tab');
	await expect(page.locator(':focus')).toHaveAttribute('href', DEFAULT_QUICK_EXIT_URL);
});

test('leaves at once and Back does not return to the page', async ({ page }) => {
	await fakeNeutralSite(page);
	await page.goto('/');
	await page.goto('/safety');
	await page.waitForLoadState('networkidle'); // the page's script is running
	await page.getByRole('link', { name: 'Leave now' }).click();
	await expect(page).toHaveURL(DEFAULT_QUICK_EXIT_URL);
	await page.goBack();
	// The page it was pressed on was replaced in the history, not stacked.
	expect(new URL(page.url()).pathname).not.toBe('/safety');
});

test('three presses of Escape leave too', async ({ page }) => {
	await fakeNeutralSite(page);
	await page.goto('/safety');
	await page.waitForLoadState('networkidle'); // the page's script is running
	await page.keyboard.press('Escape');
	await page.keyboard.press('Escape');
	await expect(page).toHaveURL(/\/safety$/);
	await page.keyboard.press('Escape');
	await expect(page).toHaveURL(DEFAULT_QUICK_EXIT_URL);
});

test('works as a plain link without JavaScript', async ({ browser, baseURL }) => {
	const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
	const page = await context.newPage();
	await fakeNeutralSite(page);
	await page.goto('/safety');
	await page.getByRole('link', { name: 'Leave now' }).click();
	await expect(page).toHaveURL(DEFAULT_QUICK_EXIT_URL);
	await context.close();
});
