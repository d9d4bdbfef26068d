import { expect, test } from '@playwright/test';
import { createGroupOnPage } from './groups';
import { holdScripts } from './held-scripts';
import { adminContext } from './people';

// On a slow phone the page's script arrives seconds after the page: a part the member opened
// meanwhile stays open, with what they typed in it.
test('a form opened before the page’s script arrives stays open when it starts', async ({
	browser,
	baseURL
}) => {
	const admin = await adminContext(browser, baseURL!);
	const groupId = await createGroupOnPage(admin);
	const page = await admin.newPage();
	const scripts = await holdScripts(page);
	// Held module scripts hold back DOMContentLoaded too: the page is read as it arrives.
	await page.goto(`/groups/${groupId}/topics`, { waitUntil: 'commit' });
	await page.getByText('Start a poll').click();
	await page.getByLabel('Question').fill('Meet on Sunday?');
	// Its scripts come, and the page starts.
	await scripts.release();
	await page.waitForLoadState('networkidle');

	await expect(page.getByLabel('Question')).toHaveValue('Meet on Sunday?');
	await page.getByLabel('Answer 1').fill('Yes');
	await page.getByLabel('Answer 2').fill('No');
	await page.getByRole('button', { name: 'Start poll' }).click();
	await expect(page.getByText('The poll is open. Members can vote now.')).toBeVisible();
	await admin.close();
});
