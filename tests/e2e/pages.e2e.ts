import { expect, test } from '@playwright/test';
import { checkAccessibility } from './axe';
import { E2E_ADMIN } from './admin.js';
import { signInOnPage } from './people';
import { LOCALES, PUBLIC_PAGES, SIGNED_IN_PAGES, useLocale } from './site';

for (const locale of LOCALES) {
	for (const path of PUBLIC_PAGES) {
		test(`${path} in ${locale}: renders at 360 px, accessible, safe headers, nothing from elsewhere`, async ({
			page,
			context,
			baseURL
		}) => {
			await useLocale(context, baseURL!, locale);
			const foreign: string[] = [];
			page.on('request', (request) => {
				if (new URL(request.url()).origin !== baseURL) foreign.push(request.url());
			});

			const response = await page.goto(path);
			expect(response?.status()).toBe(200);
			await expect(page.locator('html')).toHaveAttribute('lang', locale);
			await expect(page.locator('h1')).toBeVisible();
			await expect(page).toHaveTitle(/ · Circles$/);

			const headers = response!.headers();
			expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
			// The page's scripts by their nonce; on a page without (home, safety), Leave now's by its hash.
			expect(headers['content-security-policy']).toMatch(/script-src 'self' '(nonce|sha256)-/);
			expect(headers['content-security-policy']).not.toContain('unsafe-inline');
			expect(headers['referrer-policy']).toBe('same-origin');
			expect(headers['x-content-type-options']).toBe('nosniff');
			expect(headers['permissions-policy']).toContain('camera=()');
			expect(headers['cache-control']).toBe('no-store');
			// Plain http here: HSTS is only sent over https.
			expect(headers['strict-transport-security']).toBeUndefined();

			const overflow = await page.evaluate(
				() => document.documentElement.scrollWidth - document.documentElement.clientWidth
			);
			expect(overflow).toBeLessThanOrEqual(0);

			const axe = await checkAccessibility(page);
			expect(
				axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)
			).toEqual([]);

			await page.waitForLoadState('networkidle');
			expect(foreign).toEqual([]);
		});
	}

	test(`signed-in pages in ${locale}: accessible, no-store, within 360 px, nothing from elsewhere`, async ({
		page,
		context,
		baseURL
	}) => {
		// Every signed-in page run through axe: on a busy two-core machine that takes over 30 s.
		test.setTimeout(120_000);
		await signInOnPage(page, E2E_ADMIN);
		// No page of the site left running while the language changes: Paraglide's script writes
		// the language it read into the cookie the first time it is asked.
		await page.goto('about:blank');
		await useLocale(context, baseURL!, locale);
		const foreign: string[] = [];
		page.on('request', (request) => {
			if (new URL(request.url()).origin !== baseURL) foreign.push(request.url());
		});
		for (const path of SIGNED_IN_PAGES) {
			const response = await page.goto(path);
			expect(response?.status(), path).toBe(200);
			expect(response!.headers()['cache-control'], path).toBe('no-store');
			await expect(page.locator('html')).toHaveAttribute('lang', locale);
			await expect(page).not.toHaveTitle(new RegExp(E2E_ADMIN.pseudonym));
			const axe = await checkAccessibility(page);
			expect(
				axe.violations.map((v) => `${path} ${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)
			).toEqual([]);
			await page.evaluate(() => (document.documentElement.style.fontSize = '200%'));
			const overflow = await page.evaluate(
				() => document.documentElement.scrollWidth - document.documentElement.clientWidth
			);
			expect(overflow, path).toBeLessThanOrEqual(0);
		}
		expect(foreign).toEqual([]);
	});

	test(`pages in ${locale} stay within 360 px at 200% text size`, async ({
		page,
		context,
		baseURL
	}) => {
		await useLocale(context, baseURL!, locale);
		for (const path of PUBLIC_PAGES) {
			await page.goto(path);
			await page.evaluate(() => (document.documentElement.style.fontSize = '200%'));
			const overflow = await page.evaluate(
				() => document.documentElement.scrollWidth - document.documentElement.clientWidth
			);
			expect(overflow, path).toBeLessThanOrEqual(0);
		}
	});
}

test('numbers keep the locale digits after the page comes alive', async ({
	page,
	context,
	baseURL
}) => {
	await useLocale(context, baseURL!, 'my');
	await page.goto('/safety');
	await page.waitForLoadState('networkidle');
	await expect(page.getByText('Esc')).toContainText('၃');
});

test('touch targets in the shell are at least 44 by 44 px', async ({ page }) => {
	await page.goto('/');
	const small = await page.evaluate(() =>
		[...document.querySelectorAll('a, button, select, input')]
			.filter((element) => !element.classList.contains('sr-only'))
			.map((element) => {
				const { width, height } = element.getBoundingClientRect();
				return { text: element.textContent?.trim(), width, height };
			})
			.filter(({ width, height }) => width < 44 || height < 44)
	);
	expect(small).toEqual([]);
});

test('every page works without JavaScript', async ({ browser, baseURL }) => {
	const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
	const page = await context.newPage();
	for (const path of PUBLIC_PAGES) {
		const response = await page.goto(path);
		expect(response?.status(), path).toBe(200);
		await expect(page.locator('h1')).toBeVisible();
	}
	await context.close();
});

test('an unknown page answers 404 in the visitor language, with the same headers', async ({
	page,
	context,
	baseURL
}) => {
	await useLocale(context, baseURL!, 'vi');
	const response = await page.goto('/no-such-page');
	expect(response?.status()).toBe(404);
	await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
	await expect(page.locator('main')).not.toContainText('We could not find');
	expect(response!.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
	expect(response!.headers()['cache-control']).toBe('no-store');
});
