import { expect, test, type Page } from '@playwright/test';
import { checkAccessibility } from './axe';
import { E2E_ADMIN } from './admin.js';
import { createGroupOnPage, groupCode, memberOfGroup } from './groups';
import {
	adminContext,
	makeInvitation,
	personWithRole,
	signInOnPage,
	signUpOnPage,
	uniquePseudonym
} from './people';
import { createSavingsGroupOnPage, daysAgo } from './savings';

async function expectAccessible(page: Page) {
	expect((await checkAccessibility(page)).violations).toEqual([]);
}

test('a coordinator sets up a group of 5 whose secretary is a new member; the secretary finds it on /savings and its overview', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(90_000);
	const name = uniquePseudonym('savings');
	const group = await createSavingsGroupOnPage(browser, baseURL!, { name });
	const page = await group.secretary.context.newPage();
	await page.goto('/');
	await page.getByRole('link', { name: 'Savings groups' }).click();
	const mine = page.getByRole('region', { name: 'Your groups' });
	await expect(mine.getByRole('listitem')).toHaveCount(1);
	await expect(mine).toContainText(/Your savings this cycle: \D*0\.00/);
	await expectAccessible(page);

	await mine.getByRole('link', { name }).click();
	await expect(page).toHaveURL(`/savings/${group.groupId}`);
	await expect(page.getByRole('heading', { name: 'How the group stands' })).toBeVisible();
	// Nothing recorded yet: the secretary is shown the two ways to start the books. The page has no
	// script, so its links stay as the server writes them, relative to the page.
	await expect(page.getByRole('link', { name: 'Record the first meeting' })).toHaveAttribute(
		'href',
		new RegExp(`/savings/${group.groupId}/meetings/new$`)
	);
	await expect(page.getByRole('link', { name: 'Record the opening balances' })).toHaveAttribute(
		'href',
		new RegExp(`/savings/${group.groupId}/opening$`)
	);
	await expectAccessible(page);

	// The coordinator sees it among all groups, with its 5 members.
	const staffPage = await group.staff.newPage();
	await staffPage.goto('/savings');
	const all = staffPage.getByRole('region', { name: 'All savings groups' });
	await expect(all.getByRole('listitem').filter({ hasText: name })).toContainText('Members: 5');
	await expectAccessible(staffPage);
	await group.secretary.context.close();
	await group.staff.close();
});

test('someone in another group, or in none, gets 404 for the group’s pages and sees what a savings group is', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(90_000);
	const group = await createSavingsGroupOnPage(browser, baseURL!);
	const context = await browser.newContext({ baseURL });
	const page = await context.newPage();
	await signUpOnPage(page, await makeInvitation(group.staff), uniquePseudonym('out'));
	for (const path of ['', '/members', '/meetings', '/rules', '/share-out']) {
		const response = await page.goto(`/savings/${group.groupId}${path}`);
		expect(response?.status(), path).toBe(404);
	}
	await page.goto('/savings');
	await expect(page.getByRole('heading', { name: 'What is a savings group?' })).toBeVisible();
	await expect(page.getByText(/Your groups/)).toHaveCount(0);
	await expectAccessible(page);

	// A code that does not work is refused in words, and what was typed stays.
	await page.getByLabel('Code from an officer').fill('NOT-A-CODE');
	await page.getByRole('button', { name: 'Use the code' }).click();
	await expect(
		page.getByText('This code does not work. Check it, or ask the officer for a new one.')
	).toBeVisible();
	await expect(page.getByLabel('Code from an officer')).toHaveValue('NOT-A-CODE');
	await context.close();
	await group.secretary.context.close();
	await group.staff.close();
});

for (const javaScriptEnabled of [true, false]) {
	test.describe(`setting up a group (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, () => {
		test.use({ javaScriptEnabled });

		test('too few members and an unknown nickname are refused beside their fields, keeping what was typed', async ({
			page
		}) => {
			test.setTimeout(60_000);
			await signInOnPage(page, E2E_ADMIN);
			await page.goto('/savings');
			await page.getByRole('link', { name: 'Set up a savings group' }).click();
			await expect(page).toHaveURL('/savings/new');
			// axe runs as a script in the page: with JavaScript on only.
			if (javaScriptEnabled) await expectAccessible(page);

			const name = uniquePseudonym('refused');
			await page.getByLabel('Group name').fill(name);
			await page.getByLabel('Every 2 weeks').check();
			await page.getByLabel('Practice group').check();
			await page.getByLabel('The cycle starts on').fill(daysAgo(7));
			await page.getByLabel('Money the group saves in').selectOption('KHR');
			await page.getByLabel('Price of one share').fill('4,000');
			await page.getByLabel("Secretary's name in the group").fill('Sokha');
			await page.getByLabel("Secretary's nickname").fill('nobody_has_this_name');
			await page.getByLabel('Their names, one per line').fill('Bopha\nChenda');
			await page.getByRole('button', { name: 'Set up the group' }).click();

			await expect(
				page.getByText('A savings group needs at least 5 members, officers included. Add 2 more.')
			).toBeVisible();
			await expect(page.getByLabel('Group name')).toHaveValue(name);
			await expect(page.getByLabel('Every 2 weeks')).toBeChecked();
			await expect(page.getByLabel('Practice group')).toBeChecked();
			await expect(page.getByLabel('Money the group saves in')).toHaveValue('KHR');
			await expect(page.getByLabel('Price of one share')).toHaveValue('4,000');
			await expect(page.getByLabel('Their names, one per line')).toHaveValue('Bopha\nChenda');
			// axe runs as a script in the page: with JavaScript on only.
			if (javaScriptEnabled) await expectAccessible(page);

			await page.getByLabel('Their names, one per line').fill('Bopha\nChenda\nDara\nVanna');
			await page.getByRole('button', { name: 'Set up the group' }).click();
			await expect(
				page.getByText('Nobody has this nickname. Check how it is spelled.')
			).toBeVisible();
			await expect(page.getByLabel("Secretary's nickname")).toHaveValue('nobody_has_this_name');
			await expect(page.getByLabel("Secretary's nickname")).toHaveAttribute('aria-invalid', 'true');

			// A name that looks like a phone number, on a line of its own.
			await page.getByLabel("Secretary's nickname").fill(E2E_ADMIN.pseudonym);
			await page.getByLabel('Their names, one per line').fill('Bopha\n081 234 5678\nDara\nVanna');
			await page.getByRole('button', { name: 'Set up the group' }).click();
			await expect(page.getByText(/^Line 2: This looks like a phone number/)).toBeVisible();

			await page.getByLabel('Their names, one per line').fill('Bopha\nChenda\nDara\nVanna');
			await page.getByRole('button', { name: 'Set up the group' }).click();
			await expect(page).toHaveURL(/\/savings\/[0-9a-f-]{36}$/);
			await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
			await expect(page.getByText('Practice group: these are not real books')).toBeVisible();
		});
	});
}

test('a facilitator starts a group from a circle; another member of the circle joins it from /savings', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(120_000);
	const admin = await adminContext(browser, baseURL!);
	const circleId = await createGroupOnPage(admin);
	const code = await groupCode(admin, circleId, 2);
	const first = await memberOfGroup(browser, baseURL!, code, circleId);
	const second = await memberOfGroup(browser, baseURL!, code, circleId, {
		javaScriptEnabled: false
	});

	const page = await admin.newPage();
	await page.goto(`/savings/new?circle=${circleId}`);
	const name = uniquePseudonym('circle_savings');
	await page.getByLabel('Group name').fill(name);
	await page.getByLabel('Price of one share').fill('20');
	await page.getByLabel('Who is the secretary').selectOption({ index: 1 });
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Set up the group' }).click();
	await expect(page).toHaveURL(/\/savings\/[0-9a-f-]{36}$/);
	const groupId = page.url().split('/').at(-1)!;

	// Whoever was not made secretary (the first member has JavaScript, the second not) is offered
	// the group, and joins it.
	const secretaryIsFirst = await (async () => {
		await first.page.goto('/savings');
		return (await first.page.getByRole('heading', { name: 'Your groups' }).count()) > 0;
	})();
	const joiner = secretaryIsFirst ? second.page : first.page;
	await joiner.goto('/savings');
	await expect(
		joiner.getByRole('heading', { name: 'Groups offered to your circles' })
	).toBeVisible();
	// Axe needs the page's script: it checks the first member's /savings, whichever one joins.
	await expectAccessible(first.page);
	await joiner.getByRole('button', { name: `Join ${name}` }).click();
	await expect(joiner).toHaveURL(`/savings/${groupId}`);
	await expect(joiner.getByRole('heading', { name: 'How the group stands' })).toBeVisible();
	await joiner.goto('/savings');
	await expect(joiner.getByRole('link', { name })).toBeVisible();
	await expect(joiner.getByRole('button', { name: `Join ${name}` })).toHaveCount(0);
	await Promise.all([admin.close(), first.context.close(), second.context.close()]);
});

test('in Thai: the member’s savings pages, and a coordinator’s refusal in Thai words', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(120_000);
	const group = await createSavingsGroupOnPage(browser, baseURL!);
	const page = await group.secretary.context.newPage();
	await page.goto('/language?next=%2Fsavings');
	await page.getByRole('button', { name: 'ภาษาไทย' }).click();
	await expect(page).toHaveURL('/savings');
	await expect(page.locator('html')).toHaveAttribute('lang', 'th');
	await expect(page.getByRole('heading', { name: 'กลุ่มของคุณ' })).toBeVisible();
	await expectAccessible(page);
	await page.goto(`/savings/${group.groupId}`);
	await expect(page.getByRole('heading', { name: 'สถานะของกลุ่ม' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'บันทึกการประชุมครั้งแรก' })).toBeVisible();
	await expectAccessible(page);

	// A coordinator of their own (the admin's language is shared by every test).
	const coordinator = await personWithRole(browser, baseURL!, group.staff, 'coordinator');
	const setup = await coordinator.context.newPage();
	await setup.goto('/language?next=%2Fsavings%2Fnew');
	await setup.getByRole('button', { name: 'ภาษาไทย' }).click();
	await expect(setup).toHaveURL('/savings/new');
	await expect(setup.getByLabel('สกุลเงินที่กลุ่มออม')).toHaveValue('THB');
	await setup.getByLabel('ชื่อกลุ่ม').fill('กลุ่มมะลิ');
	await setup.getByLabel('ราคาหุ้นละ').fill('abc');
	await setup.getByRole('button', { name: 'ตั้งกลุ่ม' }).click();
	await expect(setup.getByText('กลุ่มออมทรัพย์ต้องมีสมาชิกอย่างน้อย 5 คน')).toBeVisible();
	await expect(setup.getByLabel('ชื่อกลุ่ม')).toHaveValue('กลุ่มมะลิ');
	await expect(setup.getByLabel('ราคาหุ้นละ')).toHaveAttribute('aria-invalid', 'true');
	await expectAccessible(setup);
	await Promise.all([
		coordinator.context.close(),
		group.secretary.context.close(),
		group.staff.close()
	]);
});
