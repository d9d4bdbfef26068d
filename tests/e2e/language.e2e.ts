import { expect, test } from '@playwright/test';
import { createGroupOnPage, groupCode, memberOfGroup } from './groups';
import { adminContext } from './people';

for (const javaScriptEnabled of [false, true]) {
	test(`the language page switches language and returns (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async ({
		browser,
		baseURL
	}) => {
		const context = await browser.newContext({ javaScriptEnabled, baseURL });
		const page = await context.newPage();
		await page.goto('/safety');
		await page.getByRole('link', { name: 'Language: English' }).click();
		await expect(page).toHaveURL('/language?next=%2Fsafety');
		await page.getByRole('button', { name: 'ภาษาไทย' }).click();

		await expect(page).toHaveURL('/safety');
		await expect(page.locator('html')).toHaveAttribute('lang', 'th');
		await expect(page.getByRole('link', { name: 'ออกทันที' })).toBeVisible();
		const cookie = (await context.cookies()).find((c) => c.name === 'lang');
		expect(cookie?.value).toBe('th');
		expect(cookie?.sameSite).toBe('Lax');
		await context.close();
	});
}

test('an unknown language is refused with 400 and a message, and nothing changes', async ({
	request,
	baseURL
}) => {
	const response = await request.post('/language', {
		form: { locale: 'xx', next: '/safety' },
		headers: { origin: baseURL!, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(response.status()).toBe(400);
	expect(await response.text()).toContain('Please choose one of the languages below.');
	expect(response.headers()['set-cookie'] ?? '').not.toContain('lang=');
});

test('the return path cannot lead to another site', async ({ page }) => {
	await page.goto('/language?next=//evil.example/');
	await page.getByRole('button', { name: 'Tiếng Việt' }).click();
	await expect(page).toHaveURL('/');
	await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
});

test('a page’s script carries its reader’s language only', async ({ browser, baseURL }) => {
	// The pages with scripts of their own are a member's (most pages have none): a circle's
	// conversation has the largest, with what it says of a message sending or the connection.
	const admin = await adminContext(browser, baseURL!);
	const groupId = await createGroupOnPage(admin);
	const { context, page } = await memberOfGroup(
		browser,
		baseURL!,
		await groupCode(admin, groupId),
		groupId
	);
	await admin.close();
	await page.goto('/language?next=%2Fsafety');
	await page.getByRole('button', { name: 'ភាសាខ្មែរ' }).click();
	await expect(page).toHaveURL('/safety');
	const scripts: Promise<{ path: string; body: string }>[] = [];
	page.on('response', (response) => {
		if (response.request().resourceType() !== 'script') return;
		const path = new URL(response.url()).pathname;
		if (path.startsWith('/_app/')) scripts.push(response.text().then((body) => ({ path, body })));
	});
	await page.goto(`/groups/${groupId}`, { waitUntil: 'networkidle' });

	const loaded = await Promise.all(scripts);
	expect(loaded.map(({ path }) => path)).toContain('/_app/immutable/km/entry/conversation.js');
	for (const { path } of loaded) expect(path).toMatch(/^\/_app\/immutable\/km\//);
	const all = loaded.map(({ body }) => body).join('\n');
	// "Sending…" in Khmer, and not in the other five languages.
	expect(all).toContain('កំពុងផ្ញើ…');
	for (const other of ['Sending…', 'กำลังส่ง…', 'ກຳລັງສົ່ງ…', 'ပို့နေသည်…', 'Đang gửi…']) {
		expect(all).not.toContain(other);
	}
	await context.close();
});

test('a language chosen in another tab is taken up whole at this tab’s next page', async ({
	browser,
	baseURL
}) => {
	// A member of their own (a signed-in reader's choice is kept on their account), in a circle:
	// its page has scripts of its own (most pages have none), which draw the help page too.
	const admin = await adminContext(browser, baseURL!);
	const groupId = await createGroupOnPage(admin);
	const { context, page: tab } = await memberOfGroup(
		browser,
		baseURL!,
		await groupCode(admin, groupId),
		groupId
	);
	await admin.close();
	const other = await context.newPage();
	const choose = async (language: string) => {
		await other.goto('/language?next=%2Fsafety');
		await other.getByRole('button', { name: language }).click();
		await expect(other).toHaveURL('/safety');
	};
	const helpLink = (name: string) => tab.getByRole('banner').getByRole('link', { name });
	await tab.goto(`/groups/${groupId}`, { waitUntil: 'networkidle' });
	await helpLink('I need help now').click();
	await expect(tab).toHaveURL('/help');

	// Back, by the history this tab's script keeps: the page comes in the new language.
	await choose('ພາສາລາວ');
	await tab.goBack();
	await expect(tab).toHaveURL(`/groups/${groupId}`);
	await expect(tab.locator('html')).toHaveAttribute('lang', 'lo');
	await expect(tab.getByRole('link', { name: 'ອອກທັນທີ' })).toBeVisible();
	await tab.waitForLoadState('networkidle');

	// By a link: the next page and every script it loads are in the new language.
	await choose('Tiếng Việt');
	// Scripts the new page loads (the old one may fetch the link's script as the finger lands).
	const scripts: string[] = [];
	let loaded = false;
	tab.on('request', (request) => {
		const path = new URL(request.url()).pathname;
		if (request.resourceType() === 'document') loaded = true;
		else if (loaded && request.resourceType() === 'script') scripts.push(path);
	});
	// The circle's topics: a page with scripts of its own.
	await tab.locator(`a[href$="groups/${groupId}/topics"]`).click();
	await expect(tab).toHaveURL(`/groups/${groupId}/topics`);
	await expect(tab.locator('html')).toHaveAttribute('lang', 'vi');
	await expect(tab.getByRole('link', { name: 'Thoát ngay' })).toBeVisible();
	await tab.waitForLoadState('networkidle');
	expect(scripts.length).toBeGreaterThan(0);
	for (const path of scripts) expect(path).toMatch(/^\/_app\/immutable\/vi\//);
	await context.close();
});
