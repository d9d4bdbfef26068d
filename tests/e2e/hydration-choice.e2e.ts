import { expect, test, type Page, type Route } from '@playwright/test';
import { dayFrom, en, sessionLine, UUID } from './courses';
import { adminContext, uniquePseudonym } from './people';
import { createSavingsGroupOnPage, daysAgo } from './savings';

/*
 * On a slow phone the page can be read and used before its script starts. What is typed or
 * chosen in that time must still be there, and be what is sent: hydration must not put the
 * server's values back.
 */

/**
 * Opens `path` with the app's scripts held back. `startCode` lets its start-up code run but still
 * holds the page's own components (the time a slow phone spends fetching them); `release` lets
 * everything load and waits for it.
 */
async function openWithoutScripts(page: Page, path: string) {
	const held: Route[] = [];
	const heldComponents: Route[] = [];
	let holdStart = true;
	let holdAll = true;
	await page.route('**/_app/immutable/**/*.js', (route) => {
		if (!holdAll) return route.continue();
		if (route.request().url().includes('/nodes/')) heldComponents.push(route);
		else if (holdStart) held.push(route);
		else return route.continue();
	});
	await page.goto(path, { waitUntil: 'commit' });
	return {
		async startCode() {
			expect(held.length, 'scripts held back').toBeGreaterThan(0);
			holdStart = false;
			await Promise.all(held.splice(0).map((route) => route.continue()));
			// The page's components are asked for once the start-up code has run.
			await expect.poll(() => heldComponents.length).toBeGreaterThan(0);
		},
		async release() {
			holdAll = false;
			await Promise.all([...held, ...heldComponents].map((route) => route.continue()));
			await page.waitForLoadState('networkidle');
		}
	};
}

test('choices made on a course’s form before the script starts stay, and are what is saved', async ({
	browser,
	baseURL
}) => {
	const admin = await adminContext(browser, baseURL!);
	const page = await admin.newPage();
	const form = await openWithoutScripts(page, '/courses/new');
	const field = (key: string) => page.getByLabel(en(key), { exact: true });
	const language = field('course_form_language_label');
	const grow = page.getByRole('radio', { name: en('course_form_level_grow'), exact: true });
	const online = page.getByRole('radio', { name: en('course_form_where_online'), exact: true });
	await field('course_form_title_label').fill(`${uniquePseudonym('course')} early`);
	await language.selectOption('km');
	await grow.check();
	await online.check();
	await form.release();
	await expect(language).toHaveValue('km');
	await expect(grow).toBeChecked();
	await expect(online).toBeChecked();

	await field('course_form_provider_label').fill('Mekong Small Business School');
	await field('course_form_area_label').fill('Chiang Rai');
	await field('course_form_capacity_label').fill('15');
	await field('course_form_closes_label').fill(dayFrom(20));
	for (const [number, day] of [
		[1, 21],
		[2, 22]
	]) {
		const line = sessionLine(page, en, 'en', number);
		await line.date.fill(dayFrom(day));
		await line.start.fill('09:00');
		await line.end.fill('12:00');
	}
	await page.getByRole('button', { name: en('course_form_save_draft'), exact: true }).click();
	await expect(page).toHaveURL(new RegExp(`/courses/${UUID}$`));
	await page.goto(`${new URL(page.url()).pathname}/edit`);
	await expect(language).toHaveValue('km');
	await expect(grow).toBeChecked();
	await expect(online).toBeChecked();
	await admin.close();
});

test('a meeting sheet filled in before the script starts keeps every figure, counts them, and records them', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(150_000);
	const group = await createSavingsGroupOnPage(browser, baseURL!);
	const page = await group.secretary.context.newPage();
	const sheet = await openWithoutScripts(page, `/savings/${group.groupId}/meetings/new`);
	const dara = page.getByRole('group', { name: /· Dara$/ }).getByLabel('Shares');
	const daraCame = page.getByRole('group', { name: /· Dara$/ }).getByLabel('Came');
	const endCounts = page.getByRole('group', { name: /At the end/ });
	const heldOn = daysAgo(1);
	// Before any script, then while the page's own code is still on its way.
	await page.getByLabel('Day of the meeting').fill(heldOn);
	await dara.fill('3');
	await daraCame.selectOption('late');
	await sheet.startCode();
	await endCounts.getByLabel('Loan fund, in the box').fill('350');
	await endCounts.getByLabel('Social fund, in the box').fill('0');
	await page.getByLabel('Note').fill('Typed while the page was loading');
	await sheet.release();

	await expect(page.getByLabel('Day of the meeting')).toHaveValue(heldOn);
	await expect(dara).toHaveValue('3');
	await expect(daraCame).toHaveValue('late');
	await expect(endCounts.getByLabel('Loan fund, in the box')).toHaveValue('350');
	await expect(page.getByLabel('Note')).toHaveValue('Typed while the page was loading');
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
