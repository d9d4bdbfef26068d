import { expect, test, type Page } from '@playwright/test';
import { createGroupOnPage, groupCode, memberOfGroup, startPollOnPage } from './groups';
import { holdScripts } from './held-scripts';
import { adminContext } from './people';
import { createSavingsGroupOnPage, daysAgo } from './savings';

/*
 * On a slow phone the page can be read and used before its script starts. What is typed or
 * chosen in that time must still be there, and be what is sent: hydration must not put the
 * server's values back.
 */

/** Opens `path` with the app's scripts held back; `release` lets them come and waits for them. */
async function openWithoutScripts(page: Page, path: string) {
	const scripts = await holdScripts(page);
	await page.goto(path, { waitUntil: 'commit' });
	return {
		async release() {
			await scripts.release();
			await page.waitForLoadState('networkidle');
		}
	};
}

test('an answer ticked on a poll before the script starts stays, and is the vote sent', async ({
	browser,
	baseURL
}) => {
	const admin = await adminContext(browser, baseURL!);
	const groupId = await createGroupOnPage(admin);
	const page = await admin.newPage();
	await startPollOnPage(page, groupId, 'Meet on Sunday?', ['Yes', 'No']);

	// A member opens the circle's topics, a page with scripts of its own, on a slow phone.
	const member = await memberOfGroup(browser, baseURL!, await groupCode(admin, groupId), groupId);
	const topics = await openWithoutScripts(member.page, `/groups/${groupId}/topics`);
	const poll = member.page.locator('li[id^="poll-"]', { hasText: 'Meet on Sunday?' });
	await poll.getByLabel('No', { exact: true }).check();
	await topics.release();
	await expect(poll.getByLabel('No', { exact: true })).toBeChecked();
	await poll.getByRole('button', { name: 'Vote' }).click();
	await expect(poll.locator('li', { hasText: 'Your answer' })).toContainText('No');
	// The page sent back opens at the poll, not at its top: the form's address names the poll.
	await expect(member.page).toHaveURL(/\/topics#poll-/);
	await expect(poll).toBeInViewport();
	await Promise.all([admin.close(), member.context.close()]);
});

test('a meeting sheet filled in before its script starts keeps every figure, counts them, and records them', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(150_000);
	const group = await createSavingsGroupOnPage(browser, baseURL!);
	const page = await group.secretary.context.newPage();
	// The sheet's own script (no framework) is held back; the sheet is typed in before it comes.
	const sheet = await openWithoutScripts(page, `/savings/${group.groupId}/meetings/new`);
	const dara = page.getByRole('group', { name: /· Dara$/ }).getByLabel('Shares');
	const daraCame = page.getByRole('group', { name: /· Dara$/ }).getByLabel('Came');
	const endCounts = page.getByRole('group', { name: /At the end/ });
	const heldOn = daysAgo(1);
	await page.getByLabel('Day of the meeting').fill(heldOn);
	await dara.fill('3');
	await daraCame.selectOption('late');
	await endCounts.getByLabel('Loan fund, in the box').fill('350');
	await endCounts.getByLabel('Social fund, in the box').fill('0');
	await page.getByLabel('Note').fill('Typed while the page was loading');
	await sheet.release();

	await expect(page.getByLabel('Day of the meeting')).toHaveValue(heldOn);
	await expect(dara).toHaveValue('3');
	await expect(daraCame).toHaveValue('late');
	await expect(endCounts.getByLabel('Loan fund, in the box')).toHaveValue('350');
	await expect(page.getByLabel('Note')).toHaveValue('Typed while the page was loading');
	// Counted as typed: five members' one share of 50 baht, and Dara's two more.
	await expect(page.getByTestId('live-totals')).toContainText('Loan box: THB 350.00');
	// The sheet heard it as typing: it keeps a draft on the phone, with Dara's 3 shares.
	await expect
		.poll(() =>
			page.evaluate(() =>
				Object.entries(sessionStorage)
					.filter(([key]) => key.startsWith('circles:savings-sheet:'))
					.map(([, draft]) => draft)
					.join()
			)
		)
		.toMatch(/"3".*"late"|"late".*"3"/);

	await page.getByRole('button', { name: 'Record the meeting' }).click();
	await expect(page).toHaveURL(/\/meetings\/[0-9a-f-]{36}\?recorded=1$/);
	await expect(page.getByText('The meeting is recorded.')).toBeVisible();
	await group.secretary.context.close();
	await group.staff.close();
});
