import { expect, test, type Page } from '@playwright/test';
import { createGroupOnPage, groupCode, memberOfGroup, messageBodies } from './groups';
import { adminContext } from './people';
import { useLocale } from './site';

const TOO_FAST = 'คุณส่งเร็วเกินไป';
const THIRTEENTH = 'ข้อความที่สิบสาม';

/**
 * Waits for the next ten-second window the server counts messages in (limits/write-limits.ts),
 * so that the twelve sent here and the one refused fall in the same window.
 */
async function startOfWindow(page: Page) {
	await page.waitForTimeout(10_000 - (Date.now() % 10_000) + 50);
}

for (const javaScriptEnabled of [false, true]) {
	test(`${javaScriptEnabled ? 'with' : 'without'} JavaScript, in Thai: the thirteenth message in ten seconds is refused with a wait, and nothing is lost or stored`, async ({
		browser,
		baseURL
	}) => {
		const admin = await adminContext(browser, baseURL!);
		const groupId = await createGroupOnPage(admin);
		const code = await groupCode(admin, groupId, 1);
		const member = await memberOfGroup(browser, baseURL!, code, groupId, { javaScriptEnabled });
		await useLocale(member.context, baseURL!, 'th');
		const { page } = member;

		await startOfWindow(page);
		for (let n = 1; n <= 12; n++) {
			const sent = await page.request.post(`/groups/${groupId}?/send`, {
				form: { clientId: crypto.randomUUID(), body: `ข้อความที่ ${n}` },
				headers: { origin: baseURL!, accept: 'text/html' },
				maxRedirects: 0
			});
			expect(sent.status()).toBe(303);
		}
		await page.goto(`/groups/${groupId}`);
		if (javaScriptEnabled)
			await page.locator('[role="log"][data-live]').waitFor({ state: 'attached' });
		await page.getByLabel('ข้อความของคุณ').fill(THIRTEENTH);
		if (javaScriptEnabled) {
			await page.getByRole('button', { name: 'ส่ง', exact: true }).click();
			// Over the socket: the message stays on the phone, marked with why it did not go.
			await expect(page.locator('[data-pending]')).toContainText(TOO_FAST);
			await expect(page.locator('[data-pending]')).toContainText(THIRTEENTH);
		} else {
			const [response] = await Promise.all([
				page.waitForResponse((response) => response.request().method() === 'POST'),
				page.getByRole('button', { name: 'ส่ง', exact: true }).click()
			]);
			expect(response.status()).toBe(429);
			await expect(page.getByRole('alert')).toContainText(TOO_FAST);
			await expect(page.getByLabel('ข้อความของคุณ')).toHaveValue(THIRTEENTH);
		}

		await page.goto(`/groups/${groupId}`);
		const stored = await messageBodies(page);
		expect(stored).toHaveLength(12);
		expect(stored).not.toContain(THIRTEENTH);
		await Promise.all([admin.close(), member.context.close()]);
	});
}
