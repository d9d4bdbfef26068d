import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { PASSPHRASE, signUpOnPage, uniquePseudonym } from './people';

/** A circle made on the new-circle page by a signed-in coordinator or admin; returns its id. */
export async function createGroupOnPage(
	staff: BrowserContext,
	options: { holdFirstPosts?: number; joinRule?: 'invitation' | 'request' } = {}
): Promise<string> {
	const page = await staff.newPage();
	await page.goto('/groups/new');
	await page.getByLabel('Name').fill(uniquePseudonym('circle'));
	await page.getByLabel('Circle agreement').fill('We listen. What is said here stays here.');
	await page
		.getByLabel('First messages a facilitator checks')
		.fill(String(options.holdFirstPosts ?? 0));
	if (options.joinRule === 'request') await page.getByLabel('They can ask').check();
	await page.getByRole('button', { name: 'Start the circle' }).click();
	await expect(page).toHaveURL(/\/groups\/[0-9a-f-]+\/manage$/);
	const id = page.url().match(/\/groups\/([0-9a-f-]+)\/manage/)![1];
	await page.close();
	return id;
}

/** A code for the circle, made by staff on its review page. */
export async function groupCode(staff: BrowserContext, groupId: string, uses = 1): Promise<string> {
	const page = await staff.newPage();
	await page.goto(`/groups/${groupId}/review`);
	await page.getByLabel('How many people can use it').fill(String(uses));
	await page.getByRole('button', { name: 'Make a code' }).click();
	const text = await page.getByText(/New code: /).textContent();
	await page.close();
	return text!.match(/New code: ([A-Z0-9-]+)/)![1];
}

/**
 * A new person who joins with a circle's code and accepts its agreement, in a context of their own
 * (with or without JavaScript); their page is left on the circle.
 */
export async function memberOfGroup(
	browser: Browser,
	baseURL: string,
	code: string,
	groupId: string,
	options: { javaScriptEnabled?: boolean } = {}
): Promise<{ context: BrowserContext; page: Page; pseudonym: string; passphrase: string }> {
	const context = await browser.newContext({
		baseURL,
		javaScriptEnabled: options.javaScriptEnabled ?? true
	});
	const page = await context.newPage();
	const pseudonym = uniquePseudonym('mem');
	await signUpOnPage(page, code, pseudonym);
	await page.goto(`/groups/${groupId}`);
	await expect(page).toHaveURL(new RegExp(`/groups/${groupId}/join$`));
	// The page offers a name of its own, never the login nickname; these tests then type the
	// nickname anyway, to find the member by it.
	const name = page.getByLabel('Your name in this circle');
	await expect(name).not.toHaveValue(pseudonym);
	await expect(name).not.toHaveValue('');
	await name.fill(pseudonym);
	await page.getByLabel('I agree to the circle agreement').check();
	await page.getByRole('button', { name: 'Join the circle' }).click();
	await expect(page).toHaveURL(new RegExp(`/groups/${groupId}$`));
	return { context, page, pseudonym, passphrase: PASSPHRASE };
}

/** The words of the messages on a circle's page, in order (sent or still sending). */
export const messageBodies = (page: Page) =>
	page.locator('[role="log"] li p.whitespace-pre-wrap').allTextContents();

/** The admin acts on a member on the circle's review page. */
export async function moderate(
	page: Page,
	groupId: string,
	pseudonym: string,
	action: { button: string; reason?: string }
) {
	await page.goto(`/groups/${groupId}/review`);
	// The page's script running, so the action is sent in place: a plain form's page load under
	// load outlasts the short click below, and the retried click then finds the card changed.
	await page.waitForLoadState('networkidle');
	const card = page.locator('li', { has: page.getByText(pseudonym, { exact: true }) });
	const button = card.getByRole('button', { name: action.button, exact: true });
	const reason = card
		.locator('form', { has: page.getByRole('button', { name: action.button, exact: true }) })
		.getByLabel('Reason (members see it)');
	// The member's card opens on its summary; again if the page closed it as it woke or reloaded
	// its list, until the action is sent.
	await expect(async () => {
		if (
			!(await card.locator('details').evaluate((details) => (details as HTMLDetailsElement).open))
		)
			await card.locator('summary').click({ timeout: 1_000 });
		if (action.reason) await reason.fill(action.reason, { timeout: 1_000 });
		await button.click({ timeout: 1_000 });
	}).toPass();
}

/**
 * Posts a message as the member of `page`, as a form without JavaScript would. A member may send
 * twelve in ten seconds (limits/write-limits.ts): a test filling a conversation waits out a
 * refusal and sends again, as a person would.
 */
export async function postMessage(page: Page, baseURL: string, groupId: string, body: string) {
	const clientId = crypto.randomUUID();
	for (let waited = 0; ; waited++) {
		const sent = await page.request.post(`/groups/${groupId}?/send`, {
			form: { clientId, body },
			headers: { origin: baseURL, accept: 'text/html' },
			maxRedirects: 0
		});
		if (sent.status() !== 429 || waited === 12) {
			expect(sent.status()).toBe(303);
			return;
		}
		await page.waitForTimeout(1000);
	}
}

/** Starts a poll from the circle's topics page, as its facilitator does. */
export async function startPollOnPage(
	page: Page,
	groupId: string,
	question: string,
	answers: string[]
) {
	await page.goto(`/groups/${groupId}/topics`);
	await page.getByText('Start a poll').click();
	await page.getByLabel('Question').fill(question);
	for (const [index, answer] of answers.entries())
		await page.getByLabel(`Answer ${index + 1}`).fill(answer);
	await page.getByRole('button', { name: 'Start poll' }).click();
	await expect(page.getByText('The poll is open. Members can vote now.')).toBeVisible();
}
