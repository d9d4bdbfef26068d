import { expect, test, type Page } from '@playwright/test';
import { createGroupOnPage, groupCode, memberOfGroup, startPollOnPage } from './groups';
import { adminContext, personWithRole, uniquePseudonym } from './people';

/** Marks the page's window: the mark is gone if the page was loaded again. */
const mark = (page: Page) => page.evaluate(() => Object.assign(window, { notReloaded: true }));
const stillMarked = (page: Page) =>
	page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded === true);

/**
 * Opens a circle's review page and waits until it is live: once its socket has the circle open,
 * the page asks the server for itself once more (to catch what came meanwhile).
 */
async function openLiveReview(page: Page, groupId: string) {
	const reloaded = page.waitForResponse(
		(response) =>
			response.request().resourceType() === 'fetch' &&
			new URL(response.url()).pathname === `/groups/${groupId}/review` &&
			response.ok()
	);
	await page.goto(`/groups/${groupId}/review`);
	await reloaded;
	await mark(page);
}

test("the facilitators' review list shows held and reported messages, and a co-facilitator's decision, without a reload", async ({
	browser,
	baseURL
}) => {
	// Several people, each in a browser of their own, on a shared test machine.
	test.setTimeout(120_000);
	const admin = await adminContext(browser, baseURL!);
	const coordinator = await personWithRole(browser, baseURL!, admin, 'coordinator');
	const groupId = await createGroupOnPage(admin, { holdFirstPosts: 1 });
	const newcomer = await memberOfGroup(browser, baseURL!, await groupCode(admin, groupId), groupId);
	const reporter = await memberOfGroup(browser, baseURL!, await groupCode(admin, groupId), groupId);

	// Two facilitators have the review page open.
	const mine = await admin.newPage();
	const theirs = await coordinator.context.newPage();
	await openLiveReview(mine, groupId);
	await openLiveReview(theirs, groupId);
	await expect(mine.getByText('Nothing to review. All is well.')).toBeVisible();
	// A facilitator opens a member's card; the list's live reloads leave it open.
	const card = mine.locator('section[aria-labelledby=members-heading] details').first();
	await card.locator('summary').click();
	await expect(card).toHaveAttribute('open', '');
	// What a facilitator is typing is kept through the live reloads too.
	await mine.getByLabel('How many people can use it').fill('3');
	await card.getByLabel('Private note (only facilitators see it)').fill('Check in on Sunday');

	// A newcomer's first message is held: it appears on both.
	await newcomer.page.getByLabel('Your message').fill('Hello, I am new here');
	await newcomer.page.getByRole('button', { name: 'Send' }).click();
	for (const page of [mine, theirs]) {
		const item = page.locator('li', { hasText: 'Hello, I am new here' });
		await expect(item.getByText("Held: one of a new member's first messages.")).toBeVisible();
	}
	await expect(card).toHaveAttribute('open', '');

	// The co-facilitator lets it through: it leaves the other's list.
	await theirs
		.locator('li', { hasText: 'Hello, I am new here' })
		.getByRole('button', { name: 'Show it' })
		.click();
	await expect(mine.getByText('Hello, I am new here')).toHaveCount(0);
	await expect(mine.getByText('Nothing to review. All is well.')).toBeVisible();

	// A member reports it: it is back on the list, with the report.
	const reported = reporter.page.locator('article', { hasText: 'Hello, I am new here' });
	await reported.getByText('Tell a facilitator').click();
	await reported.getByLabel('Unkind').check();
	await reported.getByRole('button', { name: 'Send to a facilitator' }).click();
	await expect(
		mine.locator('li', { hasText: 'Hello, I am new here' }).getByText('Reported 1 time: Unkind')
	).toBeVisible();

	expect(await stillMarked(mine)).toBe(true);
	await expect(mine.getByLabel('How many people can use it')).toHaveValue('3');
	await expect(card.getByLabel('Private note (only facilitators see it)')).toHaveValue(
		'Check in on Sunday'
	);
	await Promise.all(
		[admin, coordinator.context, newcomer.context, reporter.context].map((c) => c.close())
	);
});

test("a request to join reaches the facilitators' open review pages, and leaves the other's once answered, without a reload", async ({
	browser,
	baseURL
}) => {
	// Several people, each in a browser of their own, on a shared test machine.
	test.setTimeout(120_000);
	const admin = await adminContext(browser, baseURL!);
	const coordinator = await personWithRole(browser, baseURL!, admin, 'coordinator');
	const asker = await personWithRole(browser, baseURL!, admin, 'member');
	const groupId = await createGroupOnPage(admin, { joinRule: 'request' });
	const mine = await admin.newPage();
	const theirs = await coordinator.context.newPage();
	await openLiveReview(mine, groupId);
	await openLiveReview(theirs, groupId);

	const join = await asker.context.newPage();
	await join.goto(`/groups/${groupId}/join`);
	const name = uniquePseudonym('asks');
	await join.getByLabel('Your name in this circle').fill(name);
	await join.getByLabel('I agree to the circle agreement').check();
	await join.getByRole('button', { name: 'Ask to join' }).click();
	await expect(join.getByText('You asked to join. A facilitator will answer soon.')).toBeVisible();

	const requests = (page: Page) => page.locator('section[aria-labelledby=requests-heading]');
	for (const page of [mine, theirs])
		await expect(requests(page).locator('li', { hasText: name })).toBeVisible();
	await requests(theirs).getByRole('button', { name: 'Let in' }).click();
	await expect(requests(mine)).toHaveCount(0);
	await expect(
		mine.locator('section[aria-labelledby=members-heading] li', { hasText: name })
	).toBeVisible();
	expect(await stillMarked(mine)).toBe(true);
	await Promise.all([admin, coordinator.context, asker.context].map((c) => c.close()));
});

test("a facilitator's new poll and a member's new topic reach members' open pages without a reload", async ({
	browser,
	baseURL
}) => {
	// Several people, each in a browser of their own, on a shared test machine.
	test.setTimeout(120_000);
	const admin = await adminContext(browser, baseURL!);
	const groupId = await createGroupOnPage(admin);
	const reader = await memberOfGroup(browser, baseURL!, await groupCode(admin, groupId), groupId);
	const proposer = await memberOfGroup(browser, baseURL!, await groupCode(admin, groupId), groupId);
	const circle = reader.page;
	const topics = await reader.context.newPage();
	const scripts: string[] = [];
	topics.on('request', (request) => {
		if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
	});
	await topics.goto(`/groups/${groupId}/topics`);
	await expect(topics.getByText('No polls right now.')).toBeVisible();
	await Promise.all([mark(circle), mark(topics)]);
	// A topic the reader is still typing is kept when the poll arrives.
	await topics.getByLabel('Suggest a topic').fill('Half-typed idea');

	const facilitator = await admin.newPage();
	await startPollOnPage(facilitator, groupId, 'Meet on Sunday?', ['Yes', 'No']);

	// In the circle's conversation: a notice that leads to it.
	const notice = circle.getByRole('link', { name: 'New poll: Meet on Sunday?' });
	await expect(notice).toBeVisible();
	// On the topics page: the poll itself, ready for a vote, and the notice.
	const poll = topics.locator('li', { hasText: 'Meet on Sunday?' });
	await expect(poll.getByRole('button', { name: 'Vote' })).toBeVisible();
	await expect(topics.getByRole('link', { name: 'New poll: Meet on Sunday?' })).toBeVisible();
	expect(await stillMarked(topics)).toBe(true);
	await expect(topics.getByLabel('Suggest a topic')).toHaveValue('Half-typed idea');
	// An answer ticked in a list is kept too when the list is drawn again.
	await poll.getByLabel('No', { exact: true }).check();

	await proposer.page.goto(`/groups/${groupId}/topics`);
	await proposer.page.getByLabel('Suggest a topic').fill('Saving money together');
	await proposer.page.getByRole('button', { name: 'Add topic' }).click();
	await expect(topics.locator('li', { hasText: 'Saving money together' })).toBeVisible();
	await expect(
		circle.getByRole('link', { name: 'New topic: Saving money together' })
	).toBeVisible();
	// The one who added it is not told of it as news.
	await expect(proposer.page.getByRole('link', { name: /^New topic:/ })).toHaveCount(0);
	expect(await stillMarked(circle)).toBe(true);
	expect(await stillMarked(topics)).toBe(true);
	await expect(poll.getByLabel('No', { exact: true })).toBeChecked();
	await expect(
		topics.getByRole('link', { name: 'New topic: Saving money together' })
	).toBeVisible();
	// The topics page is live with a script of its own, without the framework.
	expect(scripts.filter((path) => /\/(entry\/(start|app)\.|nodes\/)/.test(path))).toEqual([]);
	expect(scripts.filter((path) => path.endsWith('/en/entry/group-lists.js'))).not.toEqual([]);

	await notice.click();
	await expect(circle).toHaveURL(new RegExp(`/groups/${groupId}/topics#poll-`));
	await expect(circle.locator('li', { hasText: 'Meet on Sunday?' })).toBeInViewport();
	await Promise.all([admin, reader.context, proposer.context].map((c) => c.close()));
});

for (const javaScriptEnabled of [false, true]) {
	test(`${javaScriptEnabled ? 'with' : 'without'} JavaScript: "Download my data" first warns where the file lands, then holds what the member did`, async ({
		browser,
		baseURL
	}) => {
		test.setTimeout(90_000);
		const admin = await adminContext(browser, baseURL!);
		const groupId = await createGroupOnPage(admin);
		const code = await groupCode(admin, groupId);
		const member = await memberOfGroup(browser, baseURL!, code, groupId, { javaScriptEnabled });
		const { page } = member;
		await page.goto(`/groups/${groupId}/topics`);
		await page.getByLabel('Suggest a topic').fill('Growing vegetables');
		await page.getByRole('button', { name: 'Add topic' }).click();
		await expect(page.locator('li', { hasText: 'Growing vegetables' })).toBeVisible();

		await page.goto('/account');
		const warning = page.getByText("The file goes to this phone's Downloads folder");
		const link = page.getByRole('link', { name: 'Download my data' });
		await expect(warning).toBeVisible();
		await expect(link).toHaveAccessibleDescription(/anyone who uses this phone may see it/);
		// The warning comes first, in reading order and on the screen.
		const linkHandle = await link.elementHandle();
		expect(
			await warning.evaluate(
				(node, other) =>
					Boolean(node.compareDocumentPosition(other!) & Node.DOCUMENT_POSITION_FOLLOWING),
				linkHandle
			)
		).toBe(true);
		expect((await warning.boundingBox())!.y).toBeLessThan((await link.boundingBox())!.y);

		const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
		const stream = await download.createReadStream();
		const chunks: Buffer[] = [];
		for await (const chunk of stream) chunks.push(chunk as Buffer);
		const file = JSON.parse(Buffer.concat(chunks).toString('utf8'));
		expect(file.topicsProposed).toMatchObject([{ title: 'Growing vegetables' }]);
		await Promise.all([admin.close(), member.context.close()]);
	});
}
