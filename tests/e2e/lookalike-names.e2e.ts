import { expect, test } from '@playwright/test';
import { adminContext } from './people';
import { createGroupOnPage, groupCode, memberOfGroup } from './groups';

// Nobody can pass for the facilitator: the role is drawn beside their name, live, and a name that
// looks like theirs (a Cyrillic "а" for "a") is refused in the member's language.

test('a facilitator’s message carries the role beside the name; a look-alike name is refused', async ({
	browser,
	baseURL
}) => {
	const admin = await adminContext(browser, baseURL!);
	const groupId = await createGroupOnPage(admin);
	const code = await groupCode(admin, groupId, 2);
	const facilitator = await memberOfGroup(browser, baseURL!, code, groupId);
	const member = await memberOfGroup(browser, baseURL!, code, groupId);

	const manage = await admin.newPage();
	await manage.goto(`/groups/${groupId}/manage`);
	await manage.getByLabel('Nickname of the new facilitator').fill(facilitator.pseudonym);
	await manage.getByRole('button', { name: 'Make facilitator' }).click();
	await expect(manage.getByLabel(`Role of ${facilitator.pseudonym}`)).toHaveValue('facilitator');

	await facilitator.page.reload();
	await facilitator.page.getByLabel('Your message').fill('Welcome, everyone');
	await facilitator.page.getByRole('button', { name: 'Send' }).click();
	await member.page.getByLabel('Your message').fill('Hello');
	await member.page.getByRole('button', { name: 'Send' }).click();

	// Reached the member's open page live, with the role; the member's own message has none.
	await expect(member.page.locator('[data-pending]')).toHaveCount(0);
	const log = member.page.locator('[role="log"]');
	const welcome = log.locator('article', { hasText: 'Welcome, everyone' });
	await expect(welcome.getByTestId('author-role')).toHaveText('Facilitator');
	await expect(log.locator('article', { hasText: 'Hello' }).getByTestId('author-role')).toHaveCount(
		0
	);

	const settings = member.page;
	await settings.goto(`/groups/${groupId}/settings`);
	const lookalike = facilitator.pseudonym.replace('e', '\u0435');
	await settings.getByLabel('Your name in this circle').fill(lookalike);
	await settings.getByRole('button', { name: 'Save name' }).click();
	await expect(
		settings.getByText('This name looks too much like the name of someone in this circle.')
	).toBeVisible();
	await expect(settings.getByLabel('Your name in this circle')).toHaveValue(lookalike);
});
