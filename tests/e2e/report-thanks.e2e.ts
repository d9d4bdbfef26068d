import { expect, test } from '@playwright/test';
import { createGroupOnPage, groupCode, memberOfGroup, postMessage } from './groups';
import { adminContext } from './people';

const THANKS = 'Thank you. A facilitator will look at it';

for (const javaScriptEnabled of [false, true]) {
	test(`${javaScriptEnabled ? 'with' : 'without'} JavaScript: the thanks for a report shows beside the reported message, in view`, async ({
		browser,
		baseURL
	}) => {
		const admin = await adminContext(browser, baseURL!);
		const groupId = await createGroupOnPage(admin);
		const code = await groupCode(admin, groupId, 2);
		const author = await memberOfGroup(browser, baseURL!, code, groupId, {
			javaScriptEnabled: false
		});
		// Enough messages that the conversation is longer than the phone's screen.
		for (let n = 1; n <= 14; n++) {
			await postMessage(author.page, baseURL!, groupId, `Message number ${n}`);
		}

		const reporter = await memberOfGroup(browser, baseURL!, code, groupId, { javaScriptEnabled });
		const { page } = reporter;
		await page.goto(`/groups/${groupId}`);
		// With JavaScript, the conversation opens at its latest message once the page runs.
		if (javaScriptEnabled)
			await page.locator('[role="log"][data-live]').waitFor({ state: 'attached' });
		const reported = page.locator('article', { hasText: 'Message number 7' });
		await reported.getByText('Tell a facilitator').click();
		await reported.getByLabel('Unkind').check();
		await reported.getByRole('button', { name: 'Send to a facilitator' }).click();

		const thanks = page.getByText(THANKS);
		await expect(thanks).toHaveCount(1);
		await expect(
			page.locator('article', { hasText: 'Message number 7' }).getByText(THANKS)
		).toBeVisible();
		await expect(thanks).toBeInViewport();
		if (javaScriptEnabled)
			await page.locator('[role="log"][data-live]').waitFor({ state: 'attached' });
		await expect(thanks).toBeInViewport();
		// Not at the top of a page that opened at its other end.
		expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);

		await Promise.all([admin.close(), author.context.close(), reporter.context.close()]);
	});
}
