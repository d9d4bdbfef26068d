import { expect, test } from '@playwright/test';
import { checkAccessibility } from './axe';
import { E2E_ADMIN } from './admin.js';
import { adminContext, signInOnPage } from './people';
import { createGroupOnPage, groupCode, memberOfGroup, messageBodies } from './groups';
import { LOCALES, useLocale } from './site';

test('members join with a circle code and talk live; a message shows as sending, then sent', async ({
	browser,
	baseURL
}) => {
	// Three people, each in a browser of their own, on a busy two-core machine.
	test.setTimeout(90_000);
	const admin = await adminContext(browser, baseURL!);
	const groupId = await createGroupOnPage(admin);
	const code = await groupCode(admin, groupId, 2);
	const mai = await memberOfGroup(browser, baseURL!, code, groupId);
	const lin = await memberOfGroup(browser, baseURL!, code, groupId);

	await mai.page.getByLabel('Your message').fill('Hello, is anyone here?');
	await mai.page.getByRole('button', { name: 'Send' }).click();
	await expect.poll(() => messageBodies(mai.page)).toEqual(['Hello, is anyone here?']);
	await expect(mai.page.locator('[data-pending]')).toHaveCount(0);
	await expect.poll(() => messageBodies(lin.page)).toEqual(['Hello, is anyone here?']);

	await lin.page.getByRole('link', { name: 'Reply' }).click();
	await lin.page.getByLabel('Your message').fill('Yes! Welcome.');
	await lin.page.getByRole('button', { name: 'Send' }).click();
	await expect
		.poll(() => messageBodies(mai.page))
		.toEqual(['Hello, is anyone here?', 'Yes! Welcome.']);
	await expect(mai.page.locator('article').last()).toContainText('Hello, is anyone here?');

	await mai.page.reload();
	await expect
		.poll(() => messageBodies(mai.page))
		.toEqual(['Hello, is anyone here?', 'Yes! Welcome.']);
});

test('posting and replying work without JavaScript, and the same form sent twice is one message', async ({
	browser,
	baseURL
}) => {
	const admin = await adminContext(browser, baseURL!);
	const groupId = await createGroupOnPage(admin);
	const code = await groupCode(admin, groupId);
	const { page } = await memberOfGroup(browser, baseURL!, code, groupId, {
		javaScriptEnabled: false
	});

	const clientId = await page.locator('input[name="clientId"]').inputValue();
	await page.getByLabel('Your message').fill('Written on a phone without scripts');
	await page.getByRole('button', { name: 'Send' }).click();
	await expect(page).toHaveURL(new RegExp(`/groups/${groupId}`));
	expect(await messageBodies(page)).toEqual(['Written on a phone without scripts']);

	// The browser sends the same form again (a double tap, a resubmitted page).
	const again = await page.request.post(`/groups/${groupId}?/send`, {
		form: { clientId, body: 'Written on a phone without scripts' },
		headers: { origin: baseURL!, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(again.status()).toBe(303);
	await page.reload();
	expect(await messageBodies(page)).toEqual(['Written on a phone without scripts']);

	// Bad input: a clear message, what was typed kept, nothing stored.
	await page.getByLabel('Your message').fill('   ');
	await page.getByRole('button', { name: 'Send' }).click();
	await expect(page.getByRole('alert')).toHaveText('Write something first.');
	expect(await messageBodies(page)).toEqual(['Written on a phone without scripts']);

	// A reply: the Reply link opens the composer quoting the message, Cancel reply takes it back.
	const replying = page.locator('[data-replying]');
	await page.getByRole('link', { name: 'Reply', exact: true }).click();
	await expect(replying).toContainText('Written on a phone without scripts');
	await page.getByRole('link', { name: 'Cancel reply' }).click();
	await expect(replying).toHaveCount(0);
	await page.getByRole('link', { name: 'Reply', exact: true }).click();
	await page.getByLabel('Your message').fill('And a reply to it');
	await page.getByRole('button', { name: 'Send' }).click();
	await expect
		.poll(() => messageBodies(page))
		.toEqual(['Written on a phone without scripts', 'And a reply to it']);
	await expect(page.locator('article').last()).toContainText('Written on a phone without scripts');
	await expect(replying).toHaveCount(0);
});

test('offline while 50 messages are posted: on reconnect exactly those 50 arrive, in order', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(90_000);
	const admin = await adminContext(browser, baseURL!);
	const groupId = await createGroupOnPage(admin);
	// Five writers take turns: fifty at once from one member would be a flood, refused after twelve.
	const code = await groupCode(admin, groupId, 6);
	const writers = await Promise.all(
		Array.from({ length: 5 }, () =>
			memberOfGroup(browser, baseURL!, code, groupId, { javaScriptEnabled: false })
		)
	);
	const reader = await memberOfGroup(browser, baseURL!, code, groupId);
	await reader.page.getByLabel('Your message').fill('before');
	await reader.page.getByRole('button', { name: 'Send' }).click();
	await expect.poll(() => messageBodies(reader.page)).toEqual(['before']);
	await expect(reader.page.locator('[data-pending]')).toHaveCount(0);

	await reader.context.setOffline(true);
	const expected = Array.from({ length: 50 }, (_, i) => `message ${i + 1}`);
	for (const [i, body] of expected.entries()) {
		const response = await writers[i % writers.length].page.request.post(
			`/groups/${groupId}?/send`,
			{
				form: { clientId: crypto.randomUUID(), body },
				headers: { origin: baseURL!, accept: 'text/html' },
				maxRedirects: 0
			}
		);
		expect(response.status()).toBe(303);
	}
	// While offline the reader writes too: it waits, marked as sending, and goes after reconnecting.
	await reader.page.getByLabel('Your message').fill('written offline');
	await reader.page.getByRole('button', { name: 'Send' }).click();
	await expect(reader.page.locator('[data-pending]')).toHaveCount(1);
	await reader.context.setOffline(false);

	await expect
		.poll(() => messageBodies(reader.page), { timeout: 30_000 })
		.toEqual(['before', ...expected, 'written offline']);
	await expect(reader.page.locator('[data-pending]')).toHaveCount(0);
	// A reload shows the latest page of 50; the two before it load on scrolling up.
	await reader.page.reload();
	await expect
		.poll(() => messageBodies(reader.page))
		.toEqual([...expected.slice(1), 'written offline']);
	// Scrolling up to the top loads the page before (scrolled again until the page has woken up).
	await expect
		.poll(async () => {
			await reader.page.evaluate(() => window.scrollTo(0, 0));
			return messageBodies(reader.page);
		})
		.toEqual(['before', ...expected, 'written offline']);
});

for (const locale of LOCALES) {
	test(`circle pages in ${locale}: accessible at 360 px, nothing from elsewhere`, async ({
		browser,
		baseURL
	}) => {
		// Eleven pages, each run through axe: on a busy two-core machine that takes over 30 s.
		test.setTimeout(120_000);
		const admin = await adminContext(browser, baseURL!);
		const groupId = await createGroupOnPage(admin);
		const code = await groupCode(admin, groupId);
		const { context, page } = await memberOfGroup(browser, baseURL!, code, groupId);
		await page.getByLabel('Your message').fill('Hello');
		await page.getByRole('button', { name: 'Send' }).click();
		await expect.poll(() => messageBodies(page)).toEqual(['Hello']);
		await useLocale(context, baseURL!, locale);
		await useLocale(admin, baseURL!, locale);
		const adminPage = await admin.newPage();
		const checks: Array<[typeof page, string]> = [
			[page, `/groups/${groupId}`],
			[page, `/groups/${groupId}/settings`],
			[page, `/groups/${groupId}/log`],
			[page, `/groups/${groupId}/topics`],
			[page, `/groups/${groupId}/help`],
			[adminPage, `/groups/${groupId}/help`],
			[adminPage, '/services/new'],
			[page, '/groups'],
			[adminPage, `/groups/${groupId}/review`],
			[adminPage, `/groups/${groupId}/manage`],
			[adminPage, '/groups/new']
		];
		for (const [on, path] of checks) {
			const foreign: string[] = [];
			on.on('request', (request) => {
				if (new URL(request.url()).origin !== baseURL) foreign.push(request.url());
			});
			const response = await on.goto(path);
			expect(response?.status(), path).toBe(200);
			expect(response?.headers()['cache-control']).toBe('no-store');
			await expect(on.locator('html')).toHaveAttribute('lang', locale);
			const overflow = await on.evaluate(
				() => document.documentElement.scrollWidth - document.documentElement.clientWidth
			);
			expect(overflow, path).toBeLessThanOrEqual(0);
			const axe = await checkAccessibility(on);
			expect(
				axe.violations.map((v) => `${path} ${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)
			).toEqual([]);
			expect(foreign).toEqual([]);
		}
	});
}

test('a held message waits for a facilitator, who lets it through; the log names them to facilitators only', async ({
	browser,
	baseURL
}) => {
	const admin = await adminContext(browser, baseURL!);
	const groupId = await createGroupOnPage(admin, { holdFirstPosts: 1 });
	const code = await groupCode(admin, groupId, 2);
	const newcomer = await memberOfGroup(browser, baseURL!, code, groupId);
	const peer = await memberOfGroup(browser, baseURL!, code, groupId);

	await newcomer.page.getByLabel('Your message').fill('Add me on LINE: mai_2024');
	await newcomer.page.getByRole('button', { name: 'Send' }).click();
	await expect(newcomer.page.getByText('Waiting for a facilitator')).toBeVisible();
	await peer.page.reload();
	expect(await messageBodies(peer.page)).toEqual([]);

	const review = await admin.newPage();
	await review.goto(`/groups/${groupId}/review`);
	await expect(review.getByText('Held: it may share contact details or offer work.')).toBeVisible();
	await review.getByRole('button', { name: 'Show it' }).click();
	await expect(review.getByText('Nothing to review. All is well.')).toBeVisible();

	await expect.poll(() => messageBodies(peer.page)).toEqual(['Add me on LINE: mai_2024']);
	await expect(newcomer.page.getByText('Waiting for a facilitator')).toHaveCount(0);

	await peer.page.goto(`/groups/${groupId}/log`);
	await expect(peer.page.getByText('Message shown')).toBeVisible();
	await expect(peer.page.getByText(/^By /)).toHaveCount(0);
	await review.goto(`/groups/${groupId}/log`);
	await expect(review.getByText('By e2e_admin')).toBeVisible();
});

test('“I need help now” alerts a facilitator at once on the page they have open', async ({
	browser,
	baseURL
}) => {
	// Three people, each in a browser of their own, on a busy two-core machine.
	test.setTimeout(90_000);
	const admin = await adminContext(browser, baseURL!);
	const groupId = await createGroupOnPage(admin);
	const code = await groupCode(admin, groupId, 2);
	const helper = await memberOfGroup(browser, baseURL!, code, groupId);
	const asker = await memberOfGroup(browser, baseURL!, code, groupId);

	const manage = await admin.newPage();
	await manage.goto(`/groups/${groupId}/manage`);
	await manage.getByLabel(`Role of ${helper.pseudonym}`).selectOption('co_facilitator');
	await manage
		.locator('li', { has: manage.getByLabel(`Role of ${helper.pseudonym}`) })
		.getByRole('button', { name: 'Save' })
		.click();
	await expect(manage.getByText('Role saved.')).toBeVisible();

	// The co-facilitator is somewhere else entirely when the call comes.
	await helper.page.goto('/account');
	await asker.page.goto(`/groups/${groupId}/help`);
	await asker.page.getByRole('button', { name: 'I need help now' }).click();

	const alert = helper.page.getByText('A member of your circle is asking for you.');
	await expect(alert).toBeVisible();
	await helper.page.getByRole('link', { name: 'Open', exact: true }).click();
	await helper.page.getByRole('button', { name: 'I’m on it' }).click();

	await asker.page.reload();
	await expect(asker.page.getByText('Someone who can help has seen your request.')).toBeVisible();
});

test('review and topic forms without JavaScript: the error sits by its field, and what was typed stays', async ({
	browser,
	baseURL
}) => {
	const admin = await adminContext(browser, baseURL!);
	const groupId = await createGroupOnPage(admin);
	const code = await groupCode(admin, groupId);
	const member = await memberOfGroup(browser, baseURL!, code, groupId);
	await member.page.goto(`/groups/${groupId}/topics`);
	await member.page.getByLabel('Suggest a topic').fill('Growing vegetables at home');
	await member.page.getByRole('button', { name: 'Add topic' }).click();
	await expect(member.page.getByText('Your topic is on the list.')).toBeVisible();

	const staff = await browser.newContext({ baseURL, javaScriptEnabled: false });
	await signInOnPage(await staff.newPage(), E2E_ADMIN);
	const page = await staff.newPage();
	await page.goto(`/groups/${groupId}/review`);

	const pace = page.getByRole('region', { name: 'Pace of the conversation' });
	const seconds = pace.getByLabel("Seconds between one person's messages (0 = off)");
	await seconds.fill('4000');
	await pace.getByLabel('Reason (optional)').fill('A busy evening');
	await pace.getByRole('button', { name: 'Save' }).click();
	await expect(seconds).toHaveAccessibleDescription('Choose a number of seconds from 0 to 3,600.');
	await expect(seconds).toHaveValue('4000');
	await expect(pace.getByLabel('Reason (optional)')).toHaveValue('A busy evening');

	const members = page.getByRole('region', { name: 'Members' });
	await members.locator('summary').click();
	const warning = members.locator('form', {
		has: page.getByRole('button', { name: 'Send a warning' })
	});
	await warning.getByRole('button', { name: 'Send a warning' }).click();
	// The member's part of the page is open again, with the reason asked for where it goes.
	await expect(warning.getByLabel('Reason (members see it)')).toHaveAccessibleDescription(
		'Please give a reason.'
	);
	await warning.getByLabel('Reason (members see it)').fill('Please keep it kind');
	await warning.getByRole('button', { name: 'Send a warning' }).click();
	await expect(warning.getByText('Done.')).toBeVisible();
	await expect(members.getByText('Please keep it kind')).toBeVisible();

	await page.goto(`/groups/${groupId}/topics`);
	await page.getByText('Remove topic').click();
	const reason = page.getByLabel('Why? (you can leave this empty)');
	await reason.fill('x'.repeat(301));
	await page.getByRole('button', { name: 'Remove', exact: true }).click();
	await expect(reason).toHaveAccessibleDescription(/Please use 300 characters or fewer\./);
	await expect(reason).toHaveValue('x'.repeat(301));
	await reason.fill('Already planned');
	await page.getByRole('button', { name: 'Remove', exact: true }).click();
	await expect(page.getByText('The topic was removed.')).toBeVisible();
	await expect(page.getByText('Growing vegetables at home')).toHaveCount(0);
});
