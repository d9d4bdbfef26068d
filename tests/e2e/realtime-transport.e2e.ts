import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { adminContext } from './people';
import { createGroupOnPage, groupCode, memberOfGroup } from './groups';
import { holdScripts } from './held-scripts';

// How a page's live connection opens: over a WebSocket at once (long-polling first costs a slow
// phone two round trips), and still, over long-polling, where WebSockets fail.

/** How each socket.io connection of the page began, in order: a WebSocket or a polling handshake. */
function watchTransports(page: Page): string[] {
	const starts: string[] = [];
	page.on('websocket', (socket) => {
		if (socket.url().includes('/socket.io/')) starts.push('websocket');
	});
	page.on('request', (request) => {
		const url = new URL(request.url());
		if (url.pathname !== '/socket.io/' || url.searchParams.get('transport') !== 'polling') return;
		// A handshake has no session id yet; the rest of a polling session's requests carry it.
		if (!url.searchParams.has('sid')) starts.push('polling');
	});
	return starts;
}

/** A member of a new circle, on its page again after `prepare` changed their browser. */
async function memberOnCircle(
	browser: Browser,
	baseURL: string,
	prepare: (context: BrowserContext) => Promise<unknown>
) {
	const admin = await adminContext(browser, baseURL);
	const groupId = await createGroupOnPage(admin);
	const member = await memberOfGroup(browser, baseURL, await groupCode(admin, groupId), groupId);
	await admin.close();
	await prepare(member.context);
	const page = await member.context.newPage();
	const starts = watchTransports(page);
	await member.page.close();
	await page.goto(`/groups/${groupId}`);
	return { context: member.context, page, starts };
}

/** Sent and acknowledged: the page is live. */
async function expectLive(page: Page, text: string, timeout?: number) {
	await page.getByLabel('Your message').fill(text);
	await page.getByRole('button', { name: 'Send' }).click();
	await expect(page.getByText(text)).toBeVisible();
	await expect(page.locator('[data-pending]')).toHaveCount(0, { timeout });
}

test('the circle goes live over a WebSocket, with no long-polling first', async ({
	browser,
	baseURL
}) => {
	const { context, page, starts } = await memberOnCircle(browser, baseURL!, async () => {});
	await expectLive(page, 'Straight over a WebSocket');
	expect(starts).toEqual(['websocket']);
	await context.close();
});

test('the circle page opens its WebSocket from its head, before its scripts come, and goes live over it', async ({
	browser,
	baseURL
}) => {
	const admin = await adminContext(browser, baseURL!);
	const groupId = await createGroupOnPage(admin);
	const member = await memberOfGroup(browser, baseURL!, await groupCode(admin, groupId), groupId);
	await admin.close();
	const page = await member.context.newPage();
	const starts = watchTransports(page);
	const scripts = await holdScripts(page);
	await page.goto(`/groups/${groupId}`, { waitUntil: 'commit' });
	await expect.poll(() => starts).toEqual(['websocket']);
	await scripts.release();
	// The page's socket took that connection over: no second one.
	await expectLive(page, 'Over the WebSocket the head opened');
	expect(starts).toEqual(['websocket']);
	await member.context.close();
});

test('where the WebSocket is refused, the circle goes live over long-polling at once', async ({
	browser,
	baseURL
}) => {
	// As a proxy that refuses the upgrade: the handshake asks for a protocol the server refuses.
	const { context, page, starts } = await memberOnCircle(browser, baseURL!, (context) =>
		context.addInitScript(() => {
			const Native = window.WebSocket;
			window.WebSocket = class extends Native {
				constructor(url: string | URL, protocols?: string | string[]) {
					super(String(url).replace('EIO=4', 'EIO=0'), protocols);
				}
			};
		})
	);
	await expectLive(page, 'Over long-polling');
	expect(starts).toEqual(['websocket', 'polling']);
	await context.close();
});

test('where a WebSocket opens but nothing answers, the circle goes live over long-polling after the time-out, and the next page starts there', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(120_000);
	// As a proxy that holds the connection open and passes nothing on: never joined to the server.
	let held = 0;
	const { context, page, starts } = await memberOnCircle(browser, baseURL!, (context) =>
		context.routeWebSocket(/\/socket\.io\//, () => void held++)
	);
	// socket.io's connection time-out is 20 s; then it connects again, over long-polling.
	await expectLive(page, 'After the time-out', 40_000);
	expect(held).toBeGreaterThan(0);
	expect(starts[0]).toBe('polling');

	// The topics page, reached in the same tab, starts over long-polling: the wait was paid once.
	const before = starts.length;
	await page.getByRole('link', { name: 'Topics' }).click();
	await expect(page).toHaveURL(/\/topics$/);
	await expect.poll(() => starts.length).toBeGreaterThan(before);
	expect(starts[before]).toBe('polling');
	await context.close();
});
