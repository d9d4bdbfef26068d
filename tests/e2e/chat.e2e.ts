import { expect, test, type Browser, type Page } from '@playwright/test';
import { adminContext, signInOnPage } from './people';
import { createGroupOnPage, groupCode, memberOfGroup, moderate, postMessage } from './groups';

// The circle's conversation on a 360x740 phone: its newest message in view above the composer, the
// connection in words, and what a facilitator or another phone does reaching it at once.

/** The newest entry of the conversation (a message, or one still sending) lies fully in view. */
async function expectNewestInView(page: Page) {
	const newest = page.locator('[role="log"] li').last();
	const bottomBar = page.locator('#latest').locator('xpath=preceding-sibling::div[1]');
	await expect
		.poll(async () => {
			const [box, bar] = [await newest.boundingBox(), await bottomBar.boundingBox()];
			return box && bar && box.y >= 0 && box.y + box.height <= bar.y + 0.5;
		})
		.toBe(true);
}

/** A circle whose member has filled the screen with messages; the member's page is left open. */
async function busyCircle(browser: Browser, baseURL: string, javaScriptEnabled = true) {
	const admin = await adminContext(browser, baseURL);
	const groupId = await createGroupOnPage(admin);
	const code = await groupCode(admin, groupId, 2);
	const member = await memberOfGroup(browser, baseURL, code, groupId, { javaScriptEnabled });
	// Another member fills the conversation: twelve at once is all one member may send in ten
	// seconds, and the member under test still has to send.
	const talker = await memberOfGroup(browser, baseURL, code, groupId);
	for (let n = 1; n <= 12; n++) {
		await postMessage(talker.page, baseURL, groupId, `Message number ${n}\nwith a second line`);
	}
	await talker.context.close();
	await member.page.reload();
	return { admin, groupId, member };
}

test('the newest message stays in view above the composer: on opening, after sending, while offline', async ({
	browser,
	baseURL
}) => {
	const { member } = await busyCircle(browser, baseURL!);
	const { page, context } = member;

	await expectNewestInView(page);

	await page.getByLabel('Your message').fill('Just sent');
	await page.getByRole('button', { name: 'Send' }).click();
	await expect(page.getByText('Just sent')).toBeVisible();
	// Acknowledged before the network goes: only the next one is left sending.
	await expect(page.locator('[data-pending]')).toHaveCount(0);
	await expectNewestInView(page);

	// Its state stays in view too: "Sending…", waiting for the network to come back.
	await context.setOffline(true);
	await expect(page.getByRole('status').getByText('You are offline')).toBeVisible();
	await page.getByLabel('Your message').fill('Sent while offline');
	await page.getByRole('button', { name: 'Send' }).click();
	await expect(page.locator('[data-pending]')).toContainText('Sending…');
	await expectNewestInView(page);
	await context.setOffline(false);
	await expect(page.locator('[data-pending]')).toHaveCount(0);
	await expectNewestInView(page);

	// The circle's name and pages take one row above the conversation.
	const nav = await page.getByRole('navigation', { name: 'Circle pages' }).boundingBox();
	expect(nav!.height).toBeLessThan(56);
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('a message sent comes back with the newest message in view above the composer', async ({
		browser,
		baseURL
	}) => {
		const { member } = await busyCircle(browser, baseURL!, false);
		await member.page.getByLabel('Your message').fill('Sent without scripts');
		await member.page.getByRole('button', { name: 'Send' }).click();
		await expect(member.page).toHaveURL(/#latest$/);
		await expect(member.page.locator('[role="log"] li').last()).toContainText(
			'Sent without scripts'
		);
		await expectNewestInView(member.page);
	});
});

test('the connection is told in words: offline, connecting again, connected again', async ({
	browser,
	baseURL
}) => {
	const admin = await adminContext(browser, baseURL!);
	const groupId = await createGroupOnPage(admin);
	const { page, context } = await memberOfGroup(
		browser,
		baseURL!,
		await groupCode(admin, groupId),
		groupId
	);
	const status = page.getByRole('status').filter({ hasText: /offline|onnected/ });
	await expect(status).toHaveCount(0);
	// The page's scripts have come and started: going offline earlier would take them away.
	await page.waitForLoadState('networkidle');

	await context.setOffline(true);
	await expect(status).toHaveText('You are offline. What you write goes when you are back.');
	await context.setOffline(false);
	await expect(status).toHaveText('Connected again.');
	// It says so briefly, then the line is empty again.
	await expect(status).toHaveCount(0, { timeout: 8_000 });
});

test('a mute reaches the member at once: the composer gives way to the reason and the end, once; unmute gives it back, with a warning given meanwhile', async ({
	browser,
	baseURL
}) => {
	const admin = await adminContext(browser, baseURL!);
	const groupId = await createGroupOnPage(admin);
	const member = await memberOfGroup(browser, baseURL!, await groupCode(admin, groupId), groupId);
	const review = await admin.newPage();
	const notice = member.page.getByText(/You can read but not write until/);

	await moderate(review, groupId, member.pseudonym, { button: 'Mute', reason: 'Cool down a bit' });
	// The end as a date and a time, as the rest of the app writes them.
	await expect(notice).toHaveText(
		/until \w{3} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s[AP]M\. Reason: Cool down a bit$/
	);
	await expect(member.page.getByLabel('Your message')).toHaveCount(0);

	await member.page.reload();
	await expect(notice).toHaveCount(1);
	await expect(member.page.getByLabel('Your message')).toHaveCount(0);

	// A warning given meanwhile is told at the member's next page load, once: the composer's area
	// asked of the server again as the mute ends is that load, and shows it.
	await moderate(review, groupId, member.pseudonym, {
		button: 'Send a warning',
		reason: 'Please keep it kind'
	});
	await moderate(review, groupId, member.pseudonym, { button: 'Let them write again' });
	await expect(member.page.getByLabel('Your message')).toBeVisible();
	await expect(notice).toHaveCount(0);
	await expect(
		member.page.getByText('A facilitator sent you a warning: Please keep it kind')
	).toBeVisible();
});

test('“Sign out everywhere” on another phone: the open circle says so, hides the talk and goes to sign-in', async ({
	browser,
	baseURL
}) => {
	const admin = await adminContext(browser, baseURL!);
	const groupId = await createGroupOnPage(admin);
	const member = await memberOfGroup(browser, baseURL!, await groupCode(admin, groupId), groupId);
	await member.page.getByLabel('Your message').fill('Something private');
	await member.page.getByRole('button', { name: 'Send' }).click();
	await expect(member.page.locator('[data-pending]')).toHaveCount(0);

	const otherPhone = await browser.newContext({ baseURL });
	const account = await otherPhone.newPage();
	await signInOnPage(account, member);
	await account.goto('/account');
	await account.getByRole('button', { name: 'Sign out everywhere' }).click();

	await expect(
		member.page.getByText('You were signed out. Going to the sign-in page.')
	).toBeVisible();
	await expect(member.page.getByText('Something private')).toBeHidden();
	await expect(member.page.getByLabel('Your message')).toHaveCount(0);
	await expect(member.page).toHaveURL(/\/login/, { timeout: 10_000 });
});

test('a removal reaches the open circle: it says so, hides the talk and goes to the circles list', async ({
	browser,
	baseURL
}) => {
	const admin = await adminContext(browser, baseURL!);
	const groupId = await createGroupOnPage(admin);
	const member = await memberOfGroup(browser, baseURL!, await groupCode(admin, groupId), groupId);
	await member.page.getByLabel('Your message').fill('Hello all');
	await member.page.getByRole('button', { name: 'Send' }).click();
	await expect(member.page.locator('[data-pending]')).toHaveCount(0);

	await moderate(await admin.newPage(), groupId, member.pseudonym, {
		button: 'Remove from the circle',
		reason: 'Broke the agreement'
	});

	await expect(member.page.getByText('You are no longer in this circle.')).toBeVisible();
	await expect(member.page.getByText('Hello all')).toBeHidden();
	await expect(member.page).toHaveURL(/\/groups$/, { timeout: 10_000 });
});

test('earlier messages: with JavaScript they come in place as the member scrolls up; without, on a page of their own', async ({
	browser,
	baseURL
}) => {
	// 54 messages, more than the 50 a page shows, from three members at once (each may send
	// twelve in ten seconds), on a shared test machine.
	test.setTimeout(180_000);
	const admin = await adminContext(browser, baseURL!);
	const groupId = await createGroupOnPage(admin);
	const code = await groupCode(admin, groupId, 5);
	const authors = await Promise.all(
		[1, 2, 3].map(() =>
			memberOfGroup(browser, baseURL!, code, groupId, { javaScriptEnabled: false })
		)
	);
	await Promise.all(
		authors.map(async ({ page }, a) => {
			for (let n = 1; n <= 18; n++) await postMessage(page, baseURL!, groupId, `From ${a}: ${n}`);
		})
	);
	const messages = (page: Page) => page.locator('[role="log"] article');
	const earlier = (page: Page) => page.getByRole('link', { name: 'Earlier messages' });

	// Opened at its latest message: a new member's page opens at its first unread, the first on
	// the page, where the earlier ones would come at once.
	const reader = await memberOfGroup(browser, baseURL!, code, groupId);
	await reader.page.goto(`/groups/${groupId}#latest`);
	await reader.page.locator('[role="log"][data-live]').waitFor({ state: 'attached' });
	await expect(messages(reader.page)).toHaveCount(50);
	await reader.page.evaluate(() => Object.assign(window, { notReloaded: true }));
	await earlier(reader.page).scrollIntoViewIfNeeded();
	await expect(messages(reader.page)).toHaveCount(54);
	await expect(earlier(reader.page)).toHaveCount(0);
	expect(await reader.page.evaluate(() => 'notReloaded' in window)).toBe(true);

	const offline = await memberOfGroup(browser, baseURL!, code, groupId, {
		javaScriptEnabled: false
	});
	await expect(messages(offline.page)).toHaveCount(50);
	await earlier(offline.page).click();
	await expect(offline.page).toHaveURL(/\?before=\d+$/);
	await expect(messages(offline.page)).toHaveCount(4);
	await offline.page.getByRole('link', { name: 'Latest messages' }).click();
	await expect(messages(offline.page)).toHaveCount(50);

	await Promise.all(
		[admin, reader.context, offline.context, ...authors.map((a) => a.context)].map((c) => c.close())
	);
});
