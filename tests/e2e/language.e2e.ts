import { expect, test } from '@playwright/test';

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

test('a page’s script carries its reader’s language only, on its first load and after', async ({
	browser,
	baseURL
}) => {
	const context = await browser.newContext({ baseURL });
	await context.addCookies([{ name: 'lang', value: 'km', url: baseURL! }]);
	const page = await context.newPage();
	const scripts: Promise<{ path: string; body: string }>[] = [];
	page.on('response', (response) => {
		if (response.request().resourceType() !== 'script') return;
		const path = new URL(response.url()).pathname;
		if (path.startsWith('/_app/')) scripts.push(response.text().then((body) => ({ path, body })));
	});
	await page.goto('/safety', { waitUntil: 'networkidle' });
	// The language page, opened by the script (no page load): its title is drawn in Khmer.
	await page.locator('header a[href^="/language"]').click();
	await expect(page.getByRole('heading', { name: 'ជ្រើសរើសភាសារបស់អ្នក' })).toBeVisible();
	await page.waitForLoadState('networkidle');

	const loaded = await Promise.all(scripts);
	expect(loaded.length).toBeGreaterThan(2);
	for (const { path } of loaded) expect(path).toMatch(/^\/_app\/immutable\/km\//);
	const all = loaded.map(({ body }) => body).join('\n');
	expect(all).toContain('ចេញភ្លាម');
	for (const other of ['Leave now', 'ออกทันที', 'ອອກທັນທີ', 'Choose your language']) {
		expect(all).not.toContain(other);
	}
	await context.close();
});
