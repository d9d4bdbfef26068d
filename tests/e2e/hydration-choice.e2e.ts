import { expect, test, type Route } from '@playwright/test';
import { adminContext, makeInvitation, signUpOnPage, uniquePseudonym } from './people';

/*
 * On a slow phone the page can be read and used before its script starts. A choice made in that
 * time must still be the one sent: hydration must not put the server's value back.
 */
test('a country chosen before the page’s script starts is the one saved', async ({
	browser,
	baseURL
}) => {
	const admin = await adminContext(browser, baseURL!);
	const code = await makeInvitation(admin);
	await admin.close();
	const context = await browser.newContext({ baseURL });
	const page = await context.newPage();
	await signUpOnPage(page, code, uniquePseudonym());

	// Hold the app's scripts back until the choice is made.
	const held: Route[] = [];
	await page.route('**/_app/immutable/**/*.js', (route) => {
		held.push(route);
	});
	await page.goto('/account', { waitUntil: 'commit' });
	await page.getByLabel('Your country').selectOption('VN');
	expect(held.length).toBeGreaterThan(0);
	// From now on scripts load at once, and those held back go on.
	await page.route('**/_app/immutable/**/*.js', (route) => route.continue());
	await Promise.all(held.map((route) => route.continue()));
	await page.waitForLoadState('networkidle');
	await expect(page.getByLabel('Your country')).toHaveValue('VN');
	await page.getByRole('button', { name: 'Save country' }).click();
	await expect(page.getByText('Saved.')).toBeVisible();
	await expect(page.getByLabel('Your country')).toHaveValue('VN');
	await context.close();
});
