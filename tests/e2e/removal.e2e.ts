import { expect, test } from '@playwright/test';
import { checkAccessibility } from './axe';
import { createGroupOnPage, groupCode, memberOfGroup, moderate } from './groups';
import { adminContext } from './people';

// A removal holds: no circle code brings the person back (they are told so), facilitators see that
// they tried, and only a facilitator lets them back in.

for (const javaScriptEnabled of [false, true]) {
	test(`${javaScriptEnabled ? 'with' : 'without'} JavaScript: a removed member's code is refused until a facilitator lifts the removal`, async ({
		browser,
		baseURL
	}) => {
		test.setTimeout(90_000);
		const admin = await adminContext(browser, baseURL!);
		const groupId = await createGroupOnPage(admin);
		const code = await groupCode(admin, groupId, 5);
		const member = await memberOfGroup(browser, baseURL!, code, groupId, { javaScriptEnabled });
		const review = await admin.newPage();
		await moderate(review, groupId, member.pseudonym, {
			button: 'Remove from the circle',
			reason: 'Asked members for their phone numbers'
		});

		const { page } = member;
		await page.goto('/groups');
		await page.getByLabel('Circle code').fill(code);
		await page.getByRole('button', { name: 'Join with this code' }).click();
		await expect(
			page.getByText('You were removed from this circle, so this code does not bring you back.', {
				exact: false
			})
		).toBeVisible();
		await expect(page.getByLabel('Circle code')).toHaveValue(code);
		expect((await page.goto(`/groups/${groupId}`))?.status()).toBe(404);

		await review.goto(`/groups/${groupId}/review`);
		const removed = review.locator('section[aria-labelledby=removed-heading] li', {
			hasText: member.pseudonym
		});
		await expect(removed.getByText(/^Tried to come back with a code on /)).toBeVisible();
		expect((await checkAccessibility(review)).violations).toEqual([]);
		await review.goto(`/groups/${groupId}/log`);
		await expect(review.getByText('A removed member tried to come back with a code')).toBeVisible();

		await review.goto(`/groups/${groupId}/review`);
		await removed.getByRole('button', { name: 'Let them come back' }).click();
		await expect(review.locator('section[aria-labelledby=removed-heading]')).toHaveCount(0);

		await page.goto('/groups');
		await page.getByLabel('Circle code').fill(code);
		await page.getByRole('button', { name: 'Join with this code' }).click();
		await expect(page).toHaveURL(new RegExp(`/groups/${groupId}/join$`));
		await Promise.all([admin.close(), member.context.close()]);
	});
}
