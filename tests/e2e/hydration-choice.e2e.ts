import { expect, test, type Browser, type Page, type Route } from '@playwright/test';
import { adminContext, makeInvitation, signUpOnPage, uniquePseudonym } from './people';
import { createSavingsGroupOnPage, daysAgo } from './savings';

/*
 * On a slow phone the page can be read and used before its script starts. What is typed or
 * chosen in that time must still be there, and be what is sent: hydration must not put the
 * server's values back.
 */

/**
 * Opens `path` with the app's scripts held back. `startCode` lets its start-up code run but still
 * holds the page's own components (the time a slow phone spends fetching them); `release` lets
 * everything load and waits for it.
 */
async function openWithoutScripts(page: Page, path: string) {
	const held: Route[] = [];
	const heldComponents: Route[] = [];
	let holdStart = true;
	let holdAll = true;
	await page.route('**/_app/immutable/**/*.js', (route) => {
		if (!holdAll) return route.continue();
		if (route.request().url().includes('/nodes/')) heldComponents.push(route);
		else if (holdStart) held.push(route);
		else return route.continue();
	});
	await page.goto(path, { waitUntil: 'commit' });
	return {
		async startCode() {
			expect(held.length, 'scripts held back').toBeGreaterThan(0);
			holdStart = false;
			await Promise.all(held.splice(0).map((route) => route.continue()));
			// The page's components are asked for once the start-up code has run.
			await expect.poll(() => heldComponents.length).toBeGreaterThan(0);
		},
		async release() {
			holdAll = false;
			await Promise.all([...held, ...heldComponents].map((route) => route.continue()));
			await page.waitForLoadState('networkidle');
		}
	};
}

/** A new member, signed in, on a page of their own. */
async function newMember(browser: Browser, baseURL: string) {
	const admin = await adminContext(browser, baseURL);
	const code = await makeInvitation(admin);
	await admin.close();
	const context = await browser.newContext({ baseURL });
	const page = await context.newPage();
	await signUpOnPage(page, code, uniquePseudonym());
	return { context, page };
}

test('a country chosen before the page’s script starts is the one saved', async ({
	browser,
	baseURL
}) => {
	const { context, page } = await newMember(browser, baseURL!);

	const account = await openWithoutScripts(page, '/account');
	await page.getByLabel('Your country').selectOption('VN');
	await account.release();
	await expect(page.getByLabel('Your country')).toHaveValue('VN');
	await page.getByRole('button', { name: 'Save country' }).click();
	await expect(page.getByText('Saved.')).toBeVisible();
	await expect(page.getByLabel('Your country')).toHaveValue('VN');
	await context.close();
});

test('a choice and a tick made before the script starts stay, and are what is saved', async ({
	browser,
	baseURL
}) => {
	const { context, page } = await newMember(browser, baseURL!);

	const account = await openWithoutScripts(page, '/account');
	const remember = page.getByLabel('Remember this phone for up to 30 days');
	const ownPhone = page.getByLabel(/I use my own phone/);
	await expect(remember).not.toBeChecked();
	await remember.check();
	const ownPhoneBefore = await ownPhone.isChecked();
	await ownPhone.setChecked(!ownPhoneBefore);
	await account.release();
	await expect(remember).toBeChecked();
	await expect(ownPhone).toBeChecked({ checked: !ownPhoneBefore });

	await remember.locator('xpath=ancestor::form').getByRole('button', { name: 'Save' }).click();
	await expect(page.getByText('Saved.')).toBeVisible();
	await page.reload();
	await expect(remember).toBeChecked();
	await context.close();
});

test('a meeting sheet filled in before the script starts keeps every figure, counts them, and records them', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(150_000);
	const group = await createSavingsGroupOnPage(browser, baseURL!);
	const page = await group.secretary.context.newPage();
	const sheet = await openWithoutScripts(page, `/savings/${group.groupId}/meetings/new`);
	const dara = page.getByRole('group', { name: /· Dara$/ }).getByLabel('Shares');
	const endCounts = page.getByRole('group', { name: /At the end/ });
	const heldOn = daysAgo(1);
	// Before any script, then while the page's own code is still on its way.
	await page.getByLabel('Day of the meeting').fill(heldOn);
	await dara.fill('3');
	await sheet.startCode();
	await endCounts.getByLabel('Loan fund, in the box').fill('350');
	await endCounts.getByLabel('Social fund, in the box').fill('0');
	await page.getByLabel('Note').fill('Typed while the page was loading');
	await sheet.release();

	await expect(page.getByLabel('Day of the meeting')).toHaveValue(heldOn);
	await expect(dara).toHaveValue('3');
	await expect(endCounts.getByLabel('Loan fund, in the box')).toHaveValue('350');
	await expect(page.getByLabel('Note')).toHaveValue('Typed while the page was loading');
	// The sheet heard it as typing: it keeps a draft on the phone, with Dara's 3 shares.
	await expect
		.poll(() =>
			page.evaluate(() =>
				Object.entries(sessionStorage)
					.filter(([key]) => key.startsWith('circles:savings-sheet:'))
					.map(([, draft]) => draft)
					.join()
			)
		)
		.toContain('"3"');

	await page.getByRole('button', { name: 'Record the meeting' }).click();
	await expect(page).toHaveURL(/\/meetings\/[0-9a-f-]{36}\?recorded=1$/);
	await expect(page.getByText('The meeting is recorded.')).toBeVisible();
	await group.secretary.context.close();
	await group.staff.close();
});
