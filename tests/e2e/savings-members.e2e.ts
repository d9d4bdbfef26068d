import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { checkAccessibility } from './axe';
import { makeInvitation, signInOnPage, signUpOnPage, uniquePseudonym } from './people';
import { createSavingsGroupOnPage, daysAgo, type SavingsGroupOnPage } from './savings';

/*
 * The members page, a passbook and the rules page of a group of 5 set up on its pages: Sokha (the
 * secretary, with an account) and Bopha, Chenda, Dara and Vanna, who have none.
 */

async function expectAccessible(page: Page) {
	expect((await checkAccessibility(page)).violations).toEqual([]);
}

/**
 * The page a context without JavaScript shows, checked by axe in a context with it (axe runs in
 * the page): the same URL, as the same person.
 */
async function expectAccessibleAt(context: BrowserContext, url: string) {
	const page = await context.newPage();
	await page.goto(url);
	await expectAccessible(page);
	await page.close();
}

/** Chooses an option of a list by the text it shows. */
async function choose(page: Page, selector: string, text: string) {
	const list = page.locator(selector);
	await list.selectOption((await list.locator('option', { hasText: text }).getAttribute('value'))!);
}

/** A member's card on the members page. */
const cardOf = (page: Page, name: string) =>
	page.locator('#members li').filter({ has: page.getByText(name, { exact: true }) });

/** The group's pages, as the layout lists them. */
const nav = (page: Page) => page.getByRole('navigation', { name: 'Savings group pages' });

/** Records a meeting on the meeting sheet (another page: its own tests are elsewhere). */
async function recordMeeting(
	page: Page,
	groupId: string,
	meeting: { heldOn: string; shares: Record<string, string>; loanBox: string }
) {
	await page.goto(`/savings/${groupId}/meetings/new`);
	// Pressed before the sheet's script runs, the sheet takes the no-script path: a Check step first.
	await page.waitForLoadState('networkidle');
	await page.getByLabel('Day of the meeting').fill(meeting.heldOn);
	for (const [name, shares] of Object.entries(meeting.shares)) {
		await page.getByRole('group', { name }).getByLabel('Shares').fill(shares);
	}
	const end = page.getByRole('group', { name: 'At the end, before the box is locked' });
	await end.getByLabel('Loan fund, in the box').fill(meeting.loanBox);
	await end.getByLabel('Social fund, in the box').fill('0');
	await page.getByRole('button', { name: 'Record the meeting' }).click();
	await expect(page.getByText('The meeting is recorded.')).toBeVisible();
}

/** The secretary signed in again in a context without JavaScript. */
async function secretaryWithoutScripts(
	group: SavingsGroupOnPage,
	browser: import('@playwright/test').Browser,
	baseURL: string
): Promise<BrowserContext> {
	const context = await browser.newContext({ baseURL, javaScriptEnabled: false });
	await signInOnPage(await context.newPage(), group.secretary);
	return context;
}

test.describe('with JavaScript', () => {
	test('officers add a member, appoint an officer, and give a code that links an account on /savings', async ({
		browser,
		baseURL
	}) => {
		test.setTimeout(120_000);
		const group = await createSavingsGroupOnPage(browser, baseURL!);
		const page = await group.secretary.context.newPage();
		await page.goto(`/savings/${group.groupId}/members`);
		await expect(page.getByRole('heading', { name: 'Members', level: 2 })).toBeVisible();
		await expect(page.getByText('Taking part now: 5 (a group can have up to 30).')).toBeVisible();
		await expect(cardOf(page, 'Sokha')).toContainText('Secretary');
		await expectAccessible(page);

		// A name already in the group is refused in words; what was typed stays.
		await page.getByLabel('Name in the group').fill('bopha');
		await page.getByRole('button', { name: 'Add member' }).click();
		await expect(page.getByText('Someone in this group already has this name')).toBeVisible();
		await expect(page.getByLabel('Name in the group')).toHaveValue('bopha');
		await expect(page.locator('#members li')).toHaveCount(5);

		await page.getByLabel('Name in the group').fill('Kosal');
		await page.getByRole('button', { name: 'Add member' }).click();
		await expect(page.getByText('Kosal is now a member.')).toBeVisible();
		await expect(page.locator('#members li')).toHaveCount(6);
		await expect(cardOf(page, 'Kosal')).toContainText('6');

		// An officer's label, given; the last recorder with an account cannot give theirs up.
		await choose(page, '#appoint-member', 'Kosal');
		await choose(page, '#appoint-officer', 'Treasurer');
		await page.getByRole('button', { name: 'Save role' }).click();
		await expect(page.getByText('Saved. The list above shows the new role.')).toBeVisible();
		await expect(cardOf(page, 'Kosal')).toContainText('Treasurer');
		await choose(page, '#appoint-member', 'Sokha');
		await choose(page, '#appoint-officer', 'No officer role');
		await page.getByRole('button', { name: 'Save role' }).click();
		await expect(page.getByText('Not saved: then nobody could record meetings.')).toBeVisible();
		await expect(cardOf(page, 'Sokha')).toContainText('Secretary');

		// A code for Kosal, shown once, big.
		await choose(page, '#code-member', 'Kosal');
		await page.getByRole('button', { name: 'Make a code' }).click();
		const code = (await page.getByTestId('link-code').textContent())!.trim();
		expect(code).toMatch(/^[A-Z0-9-]{6,}$/);
		await expect(page.getByText(/It works until/)).toBeVisible();
		await expect(page.getByText(/choose "I have a code"/)).toBeVisible();
		await expectAccessible(page);

		// Kosal makes an account and types the code on /savings: the place in the group is theirs.
		const kosal = await browser.newContext({ baseURL });
		const kosalPage = await kosal.newPage();
		await signUpOnPage(kosalPage, await makeInvitation(group.staff), uniquePseudonym('kosal'));
		await kosalPage.goto('/savings');
		await kosalPage.getByLabel('Code from an officer').fill(code.toLowerCase());
		await kosalPage.getByRole('button', { name: 'Use the code' }).click();
		await expect(kosalPage).toHaveURL(`/savings/${group.groupId}`);
		await nav(kosalPage).getByRole('link', { name: 'My book' }).click();
		await expect(kosalPage.getByRole('heading', { name: 'My book', level: 2 })).toBeVisible();
		await expect(kosalPage.getByText('Book number 6')).toBeVisible();
		await expect(kosalPage.getByText('Treasurer')).toBeVisible();

		// Linked: nobody is left to give a code to but the four without a phone.
		await page.reload();
		await expect(page.locator('#code-member option', { hasText: 'Kosal' })).toHaveCount(0);
		await kosal.close();
		await group.secretary.context.close();
		await group.staff.close();
	});

	test('in Vietnamese, a bad rule is refused in words and kept; a change with a reason shows in the history', async ({
		browser,
		baseURL
	}) => {
		test.setTimeout(120_000);
		const group = await createSavingsGroupOnPage(browser, baseURL!);
		const page = await group.secretary.context.newPage();
		await page.goto(`/language?next=/savings/${group.groupId}/rules`);
		await page.getByRole('button', { name: 'Tiếng Việt' }).click();
		await expect(page.getByRole('heading', { name: 'Quy định', exact: true })).toBeVisible();
		await expect(page.getByText(/^Cố định: 5\s?% số tiền vay/)).toBeVisible();
		await expectAccessible(page);

		await page.getByLabel('Giá một cổ phần').fill('năm mươi');
		await page.getByLabel('Phí dịch vụ, phần trăm mỗi tháng').fill('3');
		await page.getByRole('button', { name: 'Lưu quy định mới' }).click();
		await expect(page.getByText('Hãy nhập số tiền chỉ bằng chữ số.')).toBeVisible();
		await expect(page.getByText('Hãy nói vì sao nhóm đổi quy định')).toBeVisible();
		await expect(page.getByLabel('Giá một cổ phần')).toHaveValue('năm mươi');
		await expect(page.getByLabel('Phí dịch vụ, phần trăm mỗi tháng')).toHaveValue('3');
		await expectAccessible(page);

		await page.getByLabel('Giá một cổ phần').fill('50');
		await page.getByLabel('Vì sao nhóm đổi').fill('Cả nhóm muốn vay rẻ hơn');
		await page.getByRole('button', { name: 'Lưu quy định mới' }).click();
		await expect(page.getByText('Đã đổi quy định: đây là phiên bản 2.')).toBeVisible();
		const history = page.getByRole('region', { name: 'Các lần đổi quy định' });
		const latest = history.getByRole('listitem').first();
		await expect(latest).toContainText('Phiên bản 2');
		await expect(latest).toContainText('Do Sokha ghi');
		await expect(latest).toContainText('Cả nhóm muốn vay rẻ hơn');
		await expect(latest).toContainText(/Phí dịch vụ khoản vay: 5\s?% mỗi tháng → 3\s?% mỗi tháng/);
		await expect(history.getByText('Quy định khi bắt đầu chu kỳ.')).toBeVisible();
		await expect(page.getByText(/^3\s?% mỗi tháng$/)).toBeVisible();
		await expectAccessible(page);
		await group.secretary.context.close();
		await group.staff.close();
	});
});

test.describe('without JavaScript', () => {
	test('a passbook shows shares as marks and prints; a member leaves after a confirmation step', async ({
		browser,
		baseURL
	}) => {
		test.setTimeout(120_000);
		const group = await createSavingsGroupOnPage(browser, baseURL!, { startsOn: daysAgo(30) });
		const sheet = await group.secretary.context.newPage();
		// Sokha buys 5 shares, then 2; everyone else 1 each time: 15 shares of 50 baht, 750 in the box.
		await recordMeeting(sheet, group.groupId, {
			heldOn: daysAgo(14),
			shares: { Sokha: '5', Bopha: '1', Chenda: '1', Dara: '1', Vanna: '1' },
			loanBox: '450'
		});
		await recordMeeting(sheet, group.groupId, {
			heldOn: daysAgo(7),
			shares: { Sokha: '2', Bopha: '1', Chenda: '1', Dara: '1', Vanna: '1' },
			loanBox: '750'
		});
		const context = await secretaryWithoutScripts(group, browser, baseURL!);
		const page = await context.newPage();

		await page.goto(`/savings/${group.groupId}`);
		await nav(page).getByRole('link', { name: 'My book' }).click();
		await expect(page.getByRole('heading', { name: 'My book', level: 2 })).toBeVisible();
		const marks = page.getByRole('img', { name: /^Shares: 7\. One mark for each share/ }).first();
		await expect(marks).toHaveText(/●●●●●\s*●●/);
		await expect(
			page.getByText(/^If the group shared out today, you would take home about \D*350\.00\./)
		).toBeVisible();
		// Without scripts the Print button is hidden; the browser's own menu prints the page.
		await expect(page.getByRole('button', { name: 'Print' })).toHaveCount(0);
		await page.emulateMedia({ media: 'print' });
		await expect(nav(page)).toBeHidden();
		await expect(marks).toBeVisible();
		await page.emulateMedia({ media: 'screen' });
		await expectAccessibleAt(group.secretary.context, page.url());

		// Another member's book, opened from the list (the books are open).
		await page.goto(`/savings/${group.groupId}/members`);
		await page.getByRole('link', { name: 'Open the book of Vanna' }).click();
		await expect(page.getByRole('heading', { name: 'Book of Vanna', level: 2 })).toBeVisible();
		await expect(page.getByText('Shares bought: 1')).toHaveCount(2);

		// Vanna leaves: first what she is paid, then the confirmation.
		await page.goto(`/savings/${group.groupId}/members`);
		await page
			.getByRole('region', { name: 'For the officers' })
			.locator('#leave-member')
			.selectOption({ label: '5. Vanna' });
		await page.getByRole('button', { name: 'Show what they are paid' }).click();
		await expect(page.getByRole('heading', { name: 'Check before Vanna leaves' })).toBeVisible();
		await expect(page.getByText(/^Vanna is handed \D*100\.00\.$/)).toBeVisible();
		await expect(page.getByText(/stays with the group, as the rules say/)).toBeVisible();
		await expectAccessibleAt(group.secretary.context, page.url());
		await page.getByRole('button', { name: 'Yes, Vanna leaves now' }).click();
		await expect(
			page.getByText(/^Vanna has left the group\. They were handed \D*100\.00\.$/)
		).toBeVisible();
		await expect(cardOf(page, 'Vanna')).toContainText('Left on');
		await expect(page.getByText('Taking part now: 4 (a group can have up to 30).')).toBeVisible();
		await context.close();
		await group.secretary.context.close();
		await group.staff.close();
	});

	test('a service charge above 10% a month needs the group’s word; the change is kept with its reason', async ({
		browser,
		baseURL
	}) => {
		test.setTimeout(120_000);
		const group = await createSavingsGroupOnPage(browser, baseURL!);
		const context = await secretaryWithoutScripts(group, browser, baseURL!);
		const page = await context.newPage();
		await page.goto(`/savings/${group.groupId}/rules`);
		await page.getByLabel('Service charge, percent a month').fill('12.5');
		await page.getByLabel('Most shares').fill('0');
		await page.getByLabel('Why the group changed them').fill('Agreed at the meeting');
		await page.getByRole('button', { name: 'Save the new rules' }).click();
		await expect(page.getByText(/12\.5% a month is more than most groups charge/)).toBeVisible();
		await expect(page.getByLabel('Service charge, percent a month')).toHaveValue('12.5');
		await page.getByLabel('Yes, the group agreed on more than 10% a month').check();
		await page.getByRole('button', { name: 'Save the new rules' }).click();
		await expect(page.getByText('The most shares cannot be fewer than the fewest')).toBeVisible();
		await expect(page.getByLabel('Most shares')).toHaveValue('0');
		await expect(page.getByLabel('Why the group changed them')).toHaveValue(
			'Agreed at the meeting'
		);
		await page.getByLabel('Most shares').fill('10');
		await page.getByRole('button', { name: 'Save the new rules' }).click();
		await expect(page.getByText('The rules are changed: this is version 2.')).toBeVisible();
		await expect(page.getByText('12.5% a month', { exact: true })).toBeVisible();
		await expect(page.getByText(/This is more than most groups charge/)).toBeVisible();
		await expect(page.getByText('Shares at each meeting: 1 to 5 → 1 to 10')).toBeVisible();
		await expectAccessibleAt(group.secretary.context, page.url());

		// The coordinator reads the rules and their history, and has no form to change them: only
		// the group's own officers do.
		const staffPage = await group.staff.newPage();
		await staffPage.goto(`/savings/${group.groupId}/rules`);
		await expect(staffPage.getByText('Agreed at the meeting')).toBeVisible();
		await expect(staffPage.getByRole('button', { name: 'Save the new rules' })).toHaveCount(0);
		await context.close();
		await group.secretary.context.close();
		await group.staff.close();
	});
});
