import { expect, test, type Page } from '@playwright/test';
import { createGroupOnPage, groupCode, memberOfGroup, postMessage } from './groups';
import { adminContext } from './people';

// Each test signs up two members and posts a dozen messages or more.
test.describe.configure({ timeout: 120_000 });

/** Nothing outside the page says there is news: not the title, not the icon. */
async function quietOutside(page: Page) {
	expect(await page.title()).not.toMatch(/\d|new|\(/i);
	await expect(page.locator('link[rel="icon"]')).toHaveAttribute('href', /favicon\.svg$/);
}

for (const javaScriptEnabled of [false, true]) {
	test(`${javaScriptEnabled ? 'with' : 'without'} JavaScript: what was posted while a member was away shows on their home page and in My circles, and the circle opens at a "New" marker`, async ({
		browser,
		baseURL
	}) => {
		const admin = await adminContext(browser, baseURL!);
		const groupId = await createGroupOnPage(admin);
		const code = await groupCode(admin, groupId, 2);
		const b = await memberOfGroup(browser, baseURL!, code, groupId, { javaScriptEnabled: false });
		// More than a phone's screen of conversation that A will have read.
		for (let n = 1; n <= 12; n++) await postMessage(b.page, baseURL!, groupId, `Read before ${n}`);

		const a = await memberOfGroup(browser, baseURL!, code, groupId, { javaScriptEnabled });
		const { page } = a;
		await expect(page.getByText('Read before 12')).toBeAttached();
		await page.goto('/');
		await expect(
			page.getByText('Nothing new in your circles since your last visit.')
		).toBeVisible();

		// A is away; B writes twice.
		await postMessage(b.page, baseURL!, groupId, 'While you were away 1');
		await postMessage(b.page, baseURL!, groupId, 'While you were away 2');

		await page.reload();
		const news = page.getByRole('link', { name: '2 new messages' });
		await expect(news).toBeVisible();
		await quietOutside(page);

		await page.goto('/groups');
		await expect(news).toBeVisible();
		await quietOutside(page);

		await news.click();
		await expect(page).toHaveURL(new RegExp(`/groups/${groupId}#new$`));
		if (javaScriptEnabled)
			await page.locator('[role="log"][data-live]').waitFor({ state: 'attached' });
		const marker = page.locator('#new');
		await expect(marker).toHaveText('New');
		await expect(marker).toBeInViewport();
		// Above the first message A had not read, and only there.
		const markedItem = page.locator('[role="log"] li', { has: marker });
		await expect(markedItem).toContainText('While you were away 1');
		await expect(markedItem).not.toContainText('Read before 12');
		await expect(page.getByText('New', { exact: true })).toHaveCount(1);
		await quietOutside(page);

		// Opened, it is read: nothing new any more, and no marker on the next visit.
		await page.goto('/');
		await expect(
			page.getByText('Nothing new in your circles since your last visit.')
		).toBeVisible();
		await page.goto(`/groups/${groupId}`);
		await expect(page.getByText('While you were away 2')).toBeVisible();
		await expect(page.locator('#new')).toHaveCount(0);

		await Promise.all([admin.close(), a.context.close(), b.context.close()]);
	});
}

test('with JavaScript, a circle opened from its own address scrolls to the first unread message', async ({
	browser,
	baseURL
}) => {
	const admin = await adminContext(browser, baseURL!);
	const groupId = await createGroupOnPage(admin);
	const code = await groupCode(admin, groupId, 2);
	const b = await memberOfGroup(browser, baseURL!, code, groupId, { javaScriptEnabled: false });
	for (let n = 1; n <= 12; n++) await postMessage(b.page, baseURL!, groupId, `Read before ${n}`);
	const a = await memberOfGroup(browser, baseURL!, code, groupId);
	await expect(a.page.getByText('Read before 12')).toBeAttached();
	await a.page.goto('/');
	for (let n = 1; n <= 12; n++) await postMessage(b.page, baseURL!, groupId, `New while away ${n}`);

	await a.page.goto(`/groups/${groupId}`);
	await a.page.locator('[role="log"][data-live]').waitFor({ state: 'attached' });
	const marker = a.page.locator('#new');
	await expect(marker).toBeInViewport();
	await expect(a.page.locator('[role="log"] li', { has: marker })).toContainText(
		'New while away 1'
	);
	// Not at the latest message, twelve messages further down.
	await expect(a.page.getByText('New while away 12')).not.toBeInViewport();

	await Promise.all([admin.close(), a.context.close(), b.context.close()]);
});

test('with JavaScript, what arrives while the circle is open is read: the home page counts none of it', async ({
	browser,
	baseURL
}) => {
	const admin = await adminContext(browser, baseURL!);
	const groupId = await createGroupOnPage(admin);
	const code = await groupCode(admin, groupId, 2);
	const b = await memberOfGroup(browser, baseURL!, code, groupId, { javaScriptEnabled: false });
	const a = await memberOfGroup(browser, baseURL!, code, groupId);
	await a.page.locator('[role="log"][data-live]').waitFor({ state: 'attached' });
	// What B posts now reaches the open page over its socket (or its catch-up, if it is still
	// connecting).
	await postMessage(b.page, baseURL!, groupId, 'Live while you look');
	await expect(a.page.getByText('Live while you look')).toBeVisible();

	// Another tab, as the phone's home screen would be: the open page has told the server.
	const home = await a.context.newPage();
	await expect
		.poll(async () => {
			await home.goto('/');
			return home.getByText('Nothing new in your circles since your last visit.').count();
		})
		.toBe(1);
	await expect(home.getByRole('link', { name: /new message/ })).toHaveCount(0);

	await Promise.all([admin.close(), a.context.close(), b.context.close()]);
});
