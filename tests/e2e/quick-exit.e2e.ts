import { expect, test, type Locator, type Page } from '@playwright/test';
import { checkAccessibility } from './axe';
import { createGroupOnPage, groupCode, memberOfGroup, messageBodies } from './groups';
import { adminContext, signInOnPage } from './people';
import { SESSION_COOKIE } from '../../src/lib/server/accounts/sessions';
import { DEFAULT_QUICK_EXIT_URL } from './site';

const SECRET = 'Only for the people in this circle';

/** Stands in for the neutral site, so no request leaves this machine. */
async function fakeNeutralSite(page: Page) {
	await page.route('https://www.google.com/**', (route) =>
		route.fulfill({ contentType: 'text/html', body: '<title>Weather</title><p>Sunny</p>' })
	);
}

const leaveNow = (page: Page) => page.getByRole('link', { name: 'Leave now' });

/** A member of a new circle, their page on it with one message of theirs, and the circle's id. */
async function memberInCircle(
	browser: Parameters<typeof memberOfGroup>[0],
	baseURL: string,
	javaScriptEnabled: boolean
) {
	const admin = await adminContext(browser, baseURL);
	const groupId = await createGroupOnPage(admin);
	const member = await memberOfGroup(browser, baseURL, await groupCode(admin, groupId), groupId, {
		javaScriptEnabled
	});
	await admin.close();
	await say(member.page, SECRET);
	await fakeNeutralSite(member.page);
	return { ...member, groupId };
}

/** Sends a message from the circle's page; once it shows, the page's script (if any) is running. */
async function say(page: Page, text: string) {
	const before = (await messageBodies(page)).length;
	await page.getByLabel('Your message').fill(text);
	await page.getByRole('button', { name: 'Send' }).click();
	await expect.poll(async () => (await messageBodies(page)).length).toBe(before + 1);
	// Stored, not only shown as sending: the context may be closed next.
	await expect(page.locator('[data-pending]')).toHaveCount(0);
}

/** Opens the circle's page; with JavaScript, waits until its script runs (it opens the live link). */
async function openCircle(page: Page, groupId: string, javaScriptEnabled: boolean) {
	const live = javaScriptEnabled ? page.waitForEvent('websocket') : null;
	await page.goto(`/groups/${groupId}`);
	await live;
}

/** What a person who picks up the phone could see: no circle, no message, no one signed in. */
async function expectNothingOfTheCircle(page: Page) {
	await expect(page).toHaveURL(/\/login|www\.google\.com/);
	await expect(page.locator('body')).not.toContainText(SECRET);
	await expect(page.getByRole('link', { name: 'My circles' })).toHaveCount(0);
}

test('is the first thing the keyboard reaches', async ({ page }) => {
	await page.goto('/safety');
	await page.keyboard.press('Tab');
	await expect
		.poll(() =>
			page.locator(':focus').evaluate((link) => new URL((link as HTMLAnchorElement).href).pathname)
		)
		.toBe('/leave');
});

test('leaves at once and Back does not return to the page', async ({ page }) => {
	await fakeNeutralSite(page);
	await page.goto('/');
	await page.goto('/safety');
	await page.waitForLoadState('networkidle'); // the page's script is running
	await page.evaluate(() => sessionStorage.setItem('circles:a-draft', 'typed before leaving'));
	await leaveNow(page).click();
	await expect(page).toHaveURL(DEFAULT_QUICK_EXIT_URL);
	await page.goBack();
	// The page it was pressed on was replaced in the history, not stacked.
	expect(new URL(page.url()).pathname).not.toBe('/safety');
	// Nothing this tab kept for the site (a meeting sheet not yet sent, say) is left behind.
	await page.goto('/safety');
	expect(await page.evaluate(() => sessionStorage.getItem('circles:a-draft'))).toBeNull();
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

/**
 * Leave now pressed on `path` while none of the page's scripts has come (on a slow phone
 * they come seconds after its HTML; here they never do): it hides the page at once, leaves, and
 * forgets what the tab stored; three Escapes leave as well.
 */
async function leavesWithoutThePageScripts(page: Page, path: string) {
	await page.route('**/_app/**/*.js', (route) => route.abort());
	await fakeNeutralSite(page);
	await page.goto(path);
	await page.evaluate(() => sessionStorage.setItem('circles:a-draft', 'typed before leaving'));
	// What the page looks like the moment the press is handled (a plain link would leave it in
	// view until the neutral site came); told through the console, which a navigation does not hold.
	const pressed = page.waitForEvent('console', (message) => message.text().startsWith('hidden:'));
	await page.evaluate(() =>
		document.addEventListener(
			'click',
			() => console.log(`hidden: ${!document.body.checkVisibility()}`),
			true
		)
	);

	await leaveNow(page).click();
	expect((await pressed).text()).toBe('hidden: true');
	await expect(page).toHaveURL(DEFAULT_QUICK_EXIT_URL);
	await page.goto(path);
	expect(await page.evaluate(() => sessionStorage.getItem('circles:a-draft'))).toBeNull();

	// Escape, three times, leaves as well.
	for (let press = 0; press < 3; press++) await page.keyboard.press('Escape');
	await expect(page).toHaveURL(DEFAULT_QUICK_EXIT_URL);
}

test('keeps its promise before the page’s scripts arrive', async ({ browser, baseURL }) => {
	// A circle's page: one of the few with scripts of their own.
	const { context, page, groupId } = await memberInCircle(browser, baseURL!, true);
	await leavesWithoutThePageScripts(page, `/groups/${groupId}`);
	await context.close();
});

test('keeps its promise on a page without scripts of its own, whose policy has no nonce', async ({
	page
}) => {
	// SvelteKit writes the nonce into a page's policy only when the page has scripts of its own
	// (`csr`); the safety page has none, and Leave now's script is allowed by its hash.
	const policies: string[] = [];
	page.on('response', (response) => {
		if (new URL(response.url()).pathname === '/safety')
			policies.push(response.headers()['content-security-policy']);
	});
	await leavesWithoutThePageScripts(page, '/safety');
	expect(policies.length).toBeGreaterThan(0);
	for (const policy of policies) {
		expect(policy).toMatch(/script-src 'self' 'sha256-/);
		expect(policy).not.toContain("'nonce-");
	}
});

test('works as a plain link without JavaScript', async ({ browser, baseURL }) => {
	const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
	const page = await context.newPage();
	await fakeNeutralSite(page);
	await page.goto('/safety');
	await leaveNow(page).click();
	await expect(page).toHaveURL(DEFAULT_QUICK_EXIT_URL);
	await context.close();
});

test('the beacon a page sends is accepted from this site, and refused as a form from another', async ({
	browser,
	baseURL
}) => {
	const { context, page } = await memberInCircle(browser, baseURL!, true);
	const post = (origin: string) =>
		page.request.post('/leave', {
			headers: { origin, 'content-type': 'text/plain;charset=UTF-8' },
			data: '',
			maxRedirects: 0
		});
	expect((await post('https://elsewhere.example')).status()).toBe(403);
	await page.goto('/account');
	await expect(page).toHaveURL(/\/account$/);

	const response = await post(baseURL!);
	expect(response.status()).toBe(303);
	expect(response.headers()['location']).toBe(DEFAULT_QUICK_EXIT_URL);
	await page.goto('/account');
	await expect(page).toHaveURL(/\/login/);
	await context.close();
});

for (const javaScriptEnabled of [true, false]) {
	test.describe(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', () => {
		test('Leave now signs the phone out: Back and reload show no circle', async ({
			browser,
			baseURL
		}) => {
			const { context, page, groupId } = await memberInCircle(browser, baseURL!, javaScriptEnabled);
			await page.goto('/groups');
			await openCircle(page, groupId, javaScriptEnabled);
			await expect(page.locator('body')).toContainText(SECRET);

			await leaveNow(page).click();
			await expect(page).toHaveURL(DEFAULT_QUICK_EXIT_URL);
			// With JavaScript the page's beacon ends the session while the neutral page loads.
			await expect
				.poll(async () => (await context.cookies()).map((cookie) => cookie.name))
				.not.toContain(SESSION_COOKIE);

			await page.goBack();
			await expectNothingOfTheCircle(page);
			// With JavaScript the circle's page was replaced in the history: Back skips it.
			const backTo = javaScriptEnabled ? '/groups' : `/groups/${groupId}`;
			await expect(page).toHaveURL(`/login?next=${encodeURIComponent(backTo)}`);
			await page.reload();
			await expectNothingOfTheCircle(page);
			// A tab opened again on the circle finds nobody signed in.
			await page.goto(`/groups/${groupId}`);
			await expectNothingOfTheCircle(page);
			await context.close();
		});

		test('on “my own phone” Leave now still leaves, and keeps the member signed in', async ({
			browser,
			baseURL
		}) => {
			const { context, page, groupId } = await memberInCircle(browser, baseURL!, javaScriptEnabled);
			await page.goto('/account');
			const setting = page.locator('section', { has: page.getByLabel('I use my own phone') });
			await setting.getByLabel('I use my own phone').check();
			await setting.getByRole('button', { name: 'Save' }).click();
			await expect(setting.getByText('Saved.')).toBeVisible();
			await expect(page.getByLabel('I use my own phone')).toBeChecked();

			await page.goto('/groups');
			await openCircle(page, groupId, javaScriptEnabled);
			await leaveNow(page).click();
			await expect(page).toHaveURL(DEFAULT_QUICK_EXIT_URL);
			await page.goBack();
			// The member chose this: Back brings the site back, signed in. With JavaScript the page
			// Leave now was pressed on was replaced, so Back shows the one before it.
			await expect(page.getByRole('link', { name: 'My circles' })).toBeVisible();
			await expect(page).toHaveURL(javaScriptEnabled ? /\/groups$/ : new RegExp(groupId));
			await context.close();
		});
	});
}

test('after Leave now, Back finds nothing even with the back-forward cache on', async ({
	playwright,
	launchOptions,
	browser,
	baseURL
}) => {
	// A second browser and two members signed up: more than 30 s on a busy two-core machine.
	test.setTimeout(90_000);
	// Playwright turns the back-forward cache off; a phone's browser has it on.
	const withCache = await playwright.chromium.launch({
		...launchOptions,
		ignoreDefaultArgs: ['--disable-back-forward-cache']
	});
	for (const javaScriptEnabled of [true, false]) {
		const {
			context: made,
			groupId,
			pseudonym,
			passphrase
		} = await memberInCircle(browser, baseURL!, true);
		await made.close();
		const context = await withCache.newContext({
			baseURL,
			javaScriptEnabled,
			viewport: { width: 360, height: 740 }
		});
		const page = await context.newPage();
		await fakeNeutralSite(page);
		await signInOnPage(page, { pseudonym, passphrase });
		await page.goto('/groups');
		await openCircle(page, groupId, javaScriptEnabled);
		await expect(page.locator('body')).toContainText(SECRET);
		await leaveNow(page).click();
		await expect(page).toHaveURL(DEFAULT_QUICK_EXIT_URL);
		// A page restored from the cache fires no load event.
		await page.goBack({ waitUntil: 'commit' });
		await expectNothingOfTheCircle(page);
		await context.close();
	}
	await withCache.close();
});

test('a page restored from the back-forward cache is asked for again', async ({ page }) => {
	await page.goto('/safety');
	await page.waitForLoadState('networkidle'); // the page's script is running
	await page.evaluate(() => ((window as unknown as { restored: boolean }).restored = true));
	const reload = page.waitForEvent('load');
	await page.evaluate(() =>
		window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }))
	);
	await reload;
	expect(await page.evaluate(() => 'restored' in window)).toBe(false);
});

/** The Leave now bar's top edge, and an element's bottom edge, in the viewport. */
async function barTop(page: Page) {
	return (await leaveNow(page).locator('xpath=../..').boundingBox())!.y;
}
async function bottomOf(locator: Locator) {
	const box = (await locator.boundingBox())!;
	return box.y + box.height;
}

test('stays in view at the bottom of a long page, and covers none of its end', async ({ page }) => {
	for (const width of [360, 320]) {
		await page.setViewportSize({ width, height: 740 });
		await page.goto('/safety');
		await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
		await expect(leaveNow(page)).toBeInViewport();
		const lastLink = page.locator('footer a').last();
		await expect(lastLink).toBeInViewport();
		expect(await bottomOf(lastLink)).toBeLessThanOrEqual(await barTop(page));
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(overflow).toBeLessThanOrEqual(0);
	}
});

test('stays in view on a long conversation, below the composer and never over it', async ({
	browser,
	baseURL
}) => {
	const { context, page } = await memberInCircle(browser, baseURL!, true);
	for (let i = 0; i < 3; i++) await say(page, `${i + 1}. ${'We talk and we listen. '.repeat(30)}`);
	const composer = page.locator('#composer');
	for (const width of [360, 320]) {
		await page.setViewportSize({ width, height: 740 });
		for (const scroll of ['top', 'bottom']) {
			await page.evaluate(
				(to) => window.scrollTo(0, to === 'top' ? 0 : document.documentElement.scrollHeight),
				scroll
			);
			await expect(leaveNow(page), `${width} px, ${scroll}`).toBeInViewport();
			await expect(composer, `${width} px, ${scroll}`).toBeInViewport();
			expect(await bottomOf(composer), `${width} px, ${scroll}`).toBeLessThanOrEqual(
				await barTop(page)
			);
		}
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(overflow).toBeLessThanOrEqual(0);
	}
	const axe = await checkAccessibility(page);
	expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual(
		[]
	);
	await context.close();
});
