import { expect, test, type Page } from '@playwright/test';
import { checkAccessibility } from './axe';
import { createSavingsGroupOnPage, daysAgo } from './savings';
import { useLocale } from './site';

/*
 * The meeting sheet, a meeting's page with its corrections, and the opening balances, at 360x740:
 * with JavaScript (totals as they are typed, what was typed kept on the phone) and without it (the
 * Check step), in English and in Thai with Thai digits. The group (from tests/e2e/savings.ts):
 * Sokha the secretary (book 1), then Bopha, Chenda, Dara and Vanna; shares of 50 baht, 1 to 5 a
 * meeting, loans up to 3 times one's savings, 5% a month charged flat.
 */

async function expectAccessible(page: Page) {
	expect((await checkAccessibility(page)).violations).toEqual([]);
}

const row = (page: Page, name: string) =>
	page.getByRole('group', { name: new RegExp(`· ${name}$`) });
const endCounts = (page: Page) => page.getByRole('group', { name: /At the end/ });

async function openSheet(page: Page, groupId: string, heldOn: string) {
	await page.goto(`/savings/${groupId}/meetings`);
	await page.getByRole('link', { name: 'Record a meeting' }).click();
	await expect(page.getByRole('heading', { name: 'Record a meeting' })).toBeVisible();
	await page.getByLabel('Day of the meeting').fill(heldOn);
}

async function countEnd(page: Page, loanBox: string, socialBox = '0') {
	await endCounts(page).getByLabel('Loan fund, in the box').fill(loanBox);
	await endCounts(page).getByLabel('Social fund, in the box').fill(socialBox);
}

test.describe('with JavaScript', () => {
	test('a meeting with a loan, a repayment at the next, a count that differs, and a correction', async ({
		browser,
		baseURL
	}) => {
		test.setTimeout(240_000);
		const group = await createSavingsGroupOnPage(browser, baseURL!);
		const page = await group.secretary.context.newPage();
		await page.goto(`/savings/${group.groupId}/meetings`);
		await expect(page.getByText('No meetings recorded yet.')).toBeVisible();
		await expect(page.getByRole('link', { name: 'Enter opening balances' })).toBeVisible();
		await expectAccessible(page);

		// First meeting: Bopha buys 5 shares, everyone else 1: 450 baht; she borrows 300 of it.
		await openSheet(page, group.groupId, daysAgo(14));
		await expect(row(page, 'Bopha').getByLabel('Shares')).toHaveValue('1');
		await row(page, 'Bopha').getByLabel('Shares').fill('5');
		const loan = page.getByRole('group', { name: 'Loan 1' });
		await loan.getByLabel('Who borrows').selectOption({ label: '2 · Bopha' });
		await loan.getByLabel('Amount').fill('300');
		await loan.getByLabel('Months to repay').fill('2');
		// The totals follow what is typed: 450 in, 300 lent, 150 left in the loan fund's box.
		const totals = page.getByTestId('live-totals');
		await expect(totals).toContainText('Loan box: THB 150.00');
		await expect(totals).toContainText('In: THB 450.00');
		await expect(totals).toContainText('Out: THB 300.00');
		// The box holds 10 baht less than the books expect: recorded, and shown.
		await countEnd(page, '140');
		await expect(endCounts(page)).toContainText(
			'The books expect THB 150.00 · difference -THB 10.00'
		);
		await expectAccessible(page);
		await page.getByRole('button', { name: 'Record the meeting' }).click();

		await expect(page).toHaveURL(/\/meetings\/[0-9a-f-]{36}\?recorded=1$/);
		await expect(page.getByText('The meeting is recorded.')).toBeVisible();
		const summary = page.getByRole('region', { name: 'Read this aloud before the box is locked' });
		await expect(summary).toContainText('Loan fund in the box THB 140.00');
		await expect(summary).toContainText('Lent at this meeting THB 300.00');
		await expect(summary).toContainText('Loans given 1');
		// 300 and 5% a month for 2 months, charged when the loan was given.
		await expect(summary).toContainText('Still owed on loans THB 330.00');
		await expect(summary).toContainText('The count was THB 10.00 less than the books expected.');
		const counts = page.getByRole('table', { name: /what the books expect/ });
		await expect(counts.getByRole('row', { name: /End: Loan fund, Box/ })).toContainText(
			'THB 150.00THB 140.00-THB 10.00'
		);
		await expectAccessible(page);

		// Second meeting: Bopha repays 100 of the 330 she owes.
		await openSheet(page, group.groupId, daysAgo(7));
		await expect(row(page, 'Bopha')).toContainText('Owes THB 330.00');
		await row(page, 'Bopha').getByLabel('Repaid').fill('100');
		await expect(totals).toContainText('Loan box: THB 490.00');
		await countEnd(page, '490');
		await page.getByRole('button', { name: 'Record the meeting' }).click();
		await expect(page.getByText('The meeting is recorded.')).toBeVisible();
		await expect(summary).toContainText('Loan fund in the box THB 490.00');
		await expect(summary).toContainText('Still owed on loans THB 230.00');
		await expect(summary).toContainText('The count agreed with the books.');

		// Chenda bought 2 shares, not 1: a correction, linked to the line it corrects.
		const chenda = page
			.getByRole('listitem')
			.filter({ has: page.getByRole('heading', { name: '3 · Chenda' }) });
		await chenda.getByRole('link', { name: 'Correct: Shares' }).click();
		await expect(chenda.getByLabel('Shares bought, as they should be')).toHaveValue('1');
		await chenda.getByLabel('Shares bought, as they should be').fill('2');
		await chenda.getByLabel('Why (everyone will see this)').fill('She bought 2, not 1');
		await expectAccessible(page);
		await chenda.getByRole('button', { name: 'Record the correction' }).click();
		await expect(page.getByText('The correction is recorded.')).toBeVisible();
		await expect(chenda).toContainText(/Corrected by Sokha, .*: She bought 2, not 1/);
		await expect(chenda).toContainText('The right figure, recorded by a correction');
		await expect(chenda).toContainText('Shares: 2 · THB 100.00');
		await expect(summary).toContainText('Loan fund in the box THB 540.00');
		await expectAccessible(page);

		// The list: newest first, the difference shown.
		await page.getByRole('link', { name: 'All meetings' }).click();
		const meetings = page.getByRole('main').getByRole('listitem');
		await expect(meetings).toHaveCount(2);
		await expect(meetings.nth(0)).toContainText('In the box after: THB 540.00');
		await expect(meetings.nth(1)).toContainText('Came: 5 of 5');
		await expect(meetings.nth(1)).toContainText(
			'The count was THB 10.00 less than the books expected.'
		);
		await expect(page.getByRole('link', { name: 'Enter opening balances' })).toHaveCount(0);
		await group.secretary.context.close();
		await group.staff.close();
	});

	test('bad input is refused in words, keeps what was typed, and records nothing', async ({
		browser,
		baseURL
	}) => {
		test.setTimeout(150_000);
		const group = await createSavingsGroupOnPage(browser, baseURL!);
		const page = await group.secretary.context.newPage();
		await openSheet(page, group.groupId, daysAgo(3));
		await row(page, 'Bopha').getByLabel('Shares').fill('-1');
		await row(page, 'Chenda').getByLabel('Shares').fill('9');
		await row(page, 'Dara').getByLabel('Social fund').fill('twenty');
		const loan = page.getByRole('group', { name: 'Loan 1' });
		await loan.getByLabel('Who borrows').selectOption({ label: '5 · Vanna' });
		await loan.getByLabel('Amount').fill('5000');
		await countEnd(page, '250');
		await expect(page.getByText('Some amounts are not numbers yet.')).toBeVisible();
		await page.getByRole('button', { name: 'Record the meeting' }).click();

		await expect(page.getByText('Nothing was recorded.')).toBeVisible();
		// The answer comes in place of the sheet: the address stays, and the problems are read first.
		await expect(page).toHaveURL(/\/meetings\/new$/);
		await expect(page.locator('[data-sheet-problems]')).toBeFocused();
		await expect(row(page, 'Bopha')).toContainText('This cannot be below zero.');
		await expect(row(page, 'Chenda')).toContainText(
			'The rules allow at most this many shares at a meeting: 5.'
		);
		await expect(row(page, 'Dara')).toContainText('Type the amount in digits only.');
		await expect(row(page, 'Bopha').getByLabel('Shares')).toHaveValue('-1');
		await expect(row(page, 'Chenda').getByLabel('Shares')).toHaveValue('9');
		await expect(row(page, 'Dara').getByLabel('Social fund')).toHaveValue('twenty');
		await expect(row(page, 'Bopha').getByLabel('Shares')).toHaveAttribute('aria-invalid', 'true');
		await expectAccessible(page);

		// Those fixed, the loan is over Vanna's limit: 3 times her 50 baht.
		await row(page, 'Bopha').getByLabel('Shares').fill('1');
		await row(page, 'Chenda').getByLabel('Shares').fill('5');
		await row(page, 'Dara').getByLabel('Social fund').fill('');
		await page.getByRole('button', { name: 'Record the meeting' }).click();
		await expect(loan).toContainText('Too much: this member can borrow at most THB 150.00 today.');
		await expect(loan.getByLabel('Amount')).toHaveValue('5000');
		await expect(page.getByRole('link', { name: 'Loan 1' })).toBeVisible();

		await page.goto(`/savings/${group.groupId}/meetings`);
		await expect(page.getByText('No meetings recorded yet.')).toBeVisible();
		// The opening balances' form, for a group that has no meeting yet.
		await page.getByRole('link', { name: 'Enter opening balances' }).click();
		await expect(page.getByRole('heading', { name: 'Opening balances' })).toBeVisible();
		await expectAccessible(page);
		await group.secretary.context.close();
		await group.staff.close();
	});

	test('one more line and the check come in place of the sheet, which still adds up as it is typed', async ({
		browser,
		baseURL
	}) => {
		test.setTimeout(150_000);
		const group = await createSavingsGroupOnPage(browser, baseURL!);
		const page = await group.secretary.context.newPage();
		await openSheet(page, group.groupId, daysAgo(2));
		await row(page, 'Bopha').getByLabel('Shares').fill('3');
		await page.getByRole('button', { name: 'Add a loan line' }).click();
		const third = page.getByRole('group', { name: 'Loan 3' });
		await expect(third).toBeVisible();
		// Where the answer is, for a screen reader: the new line, then the check's totals.
		await expect(third.getByLabel('Who borrows')).toBeFocused();
		await expect(page).toHaveURL(/\/meetings\/new$/);
		await expect(row(page, 'Bopha').getByLabel('Shares')).toHaveValue('3');
		// The new line counts: 7 shares of 50 baht in, 100 lent on the third line.
		await third.getByLabel('Who borrows').selectOption({ label: '3 · Chenda' });
		await third.getByLabel('Amount').fill('100');
		const totals = page.getByTestId('live-totals');
		await expect(totals).toContainText('Loan box: THB 250.00');
		await expect(totals).toContainText('Out: THB 100.00');
		await countEnd(page, '250');
		await page.getByRole('button', { name: 'Check' }).click();
		await expect(page.getByTestId('checked-totals')).toContainText('Shares bought 7');
		await expect(page.getByTestId('checked-totals')).toBeFocused();
		await expect(page).toHaveURL(/\/meetings\/new$/);
		await expect(third.getByLabel('Amount')).toHaveValue('100');
		await expect(endCounts(page)).toContainText('The books expect THB 250.00');
		await expect(endCounts(page)).not.toContainText('difference');
		await group.secretary.context.close();
		await group.staff.close();
	});

	test('what was typed survives a reload and a lost connection, and a resend records once', async ({
		browser,
		baseURL
	}) => {
		test.setTimeout(150_000);
		const group = await createSavingsGroupOnPage(browser, baseURL!);
		const page = await group.secretary.context.newPage();
		await openSheet(page, group.groupId, daysAgo(3));
		await row(page, 'Dara').getByLabel('Shares').fill('3');
		await countEnd(page, '350');
		// Kept in this tab: a reload brings it back, with the sheet's key.
		await page.waitForTimeout(500);
		await page.reload();
		await expect(page.getByText('We brought back what you typed before.')).toBeVisible();
		await expect(row(page, 'Dara').getByLabel('Shares')).toHaveValue('3');
		await expect(endCounts(page).getByLabel('Loan fund, in the box')).toHaveValue('350');

		// The connection drops as the sheet is sent: the server records it, the phone hears nothing.
		let dropped = false;
		await page.route(/\?\/record$/, async (route) => {
			if (dropped) return route.continue();
			dropped = true;
			await route.fetch();
			await route.abort('internetdisconnected');
		});
		await page.getByRole('button', { name: 'Record the meeting' }).click();
		await expect(page.getByText(/Not sent yet: there is no connection/)).toBeVisible();
		await expect(row(page, 'Dara').getByLabel('Shares')).toHaveValue('3');

		// Sent again with the same key: the first result, not a second meeting.
		await page.getByRole('button', { name: 'Record the meeting' }).click();
		await expect(page).toHaveURL(/\?repeated=1$/);
		await expect(page.getByText('This meeting was already recorded.')).toBeVisible();
		expect(
			await page.evaluate(() =>
				Object.keys(sessionStorage).filter((key) => key.startsWith('circles:savings-sheet:'))
			)
		).toEqual([]);
		await page.goto(`/savings/${group.groupId}/meetings`);
		await expect(page.getByRole('main').getByRole('listitem')).toHaveCount(1);

		// The same sheet sent twice at once (a double tap): recorded once, both sent to it.
		await openSheet(page, group.groupId, daysAgo(1));
		await countEnd(page, '600');
		const fields = await page
			.locator('form.meeting-sheet')
			.evaluate((form: HTMLFormElement) =>
				Object.fromEntries(
					[...new FormData(form)].filter(
						(entry): entry is [string, string] => typeof entry[1] === 'string'
					)
				)
			);
		const send = () =>
			page.request.post(`/savings/${group.groupId}/meetings/new?/record`, {
				form: fields,
				headers: { origin: baseURL!, accept: 'text/html' },
				maxRedirects: 0
			});
		const [first, second] = await Promise.all([send(), send()]);
		expect([first.status(), second.status()]).toEqual([303, 303]);
		const places = [first.headers().location, second.headers().location].map((l) =>
			l.replace(/\?.*$/, '')
		);
		expect(places[0]).toBe(places[1]);
		await page.goto(`/savings/${group.groupId}/meetings`);
		await expect(page.getByRole('main').getByRole('listitem')).toHaveCount(2);
		await group.secretary.context.close();
		await group.staff.close();
	});

	test('in Thai, with Thai digits', async ({ browser, baseURL }) => {
		test.setTimeout(150_000);
		const group = await createSavingsGroupOnPage(browser, baseURL!);
		await useLocale(group.secretary.context, baseURL!, 'th');
		const page = await group.secretary.context.newPage();
		await page.goto(`/savings/${group.groupId}/meetings`);
		await page.getByRole('link', { name: 'บันทึกการประชุม', exact: true }).click();
		await page.getByLabel('วันที่ประชุม').fill(daysAgo(2));
		const bopha = row(page, 'Bopha');
		await bopha.getByLabel('หุ้น').fill('สอง');
		await page.getByRole('button', { name: 'บันทึกการประชุมนี้' }).click();
		await expect(bopha).toContainText('พิมพ์จำนวนเต็มเป็นตัวเลข');
		await expect(bopha.getByLabel('หุ้น')).toHaveValue('สอง');
		await expectAccessible(page);

		// Bopha buys ๒ shares, the others 1: 300 baht, counted in Thai digits.
		await bopha.getByLabel('หุ้น').fill('๒');
		const end = page.getByRole('group', { name: /ตอนจบ/ });
		await end.getByLabel('กองทุนเงินกู้ ในกล่อง').fill('๓๐๐');
		await end.getByLabel('กองทุนสวัสดิการ ในกล่อง').fill('๐');
		await expect(page.getByTestId('live-totals')).toContainText('฿300.00');
		await page.getByRole('button', { name: 'ตรวจ', exact: true }).click();
		await expect(page.getByTestId('checked-totals')).toContainText('ตรวจแล้ว: ยังไม่ได้บันทึก');
		await expect(bopha.getByLabel('หุ้น')).toHaveValue('๒');
		await expectAccessible(page);
		await page.getByRole('button', { name: 'บันทึกการประชุมนี้' }).click();
		await expect(page.getByText('บันทึกการประชุมแล้ว')).toBeVisible();
		const summary = page.getByRole('region', { name: 'อ่านออกเสียงก่อนล็อกกล่อง' });
		await expect(summary).toContainText('฿300.00');
		await expect(summary).toContainText('เงินที่นับได้ตรงกับบัญชี');
		await expectAccessible(page);
		await group.secretary.context.close();
		await group.staff.close();
	});
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('the Check step shows the totals and keeps every value; then the meeting is recorded', async ({
		browser,
		baseURL
	}) => {
		test.setTimeout(180_000);
		const group = await createSavingsGroupOnPage(browser, baseURL!, { javaScriptEnabled: false });
		const page = await group.secretary.context.newPage();
		// The sheet's own few rules come inside its HTML (kit.inlineStyleThreshold), allowed by the
		// page's policy: no file of their own, and a field scrolled to stays clear of the bottom bar.
		const stylesheets: string[] = [];
		const errors: string[] = [];
		page.on(
			'request',
			(r) => void (r.resourceType() === 'stylesheet' && stylesheets.push(r.url()))
		);
		page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
		await page.goto(`/savings/${group.groupId}/meetings/new`);
		expect(stylesheets, 'only the stylesheet every page shares').toHaveLength(1);
		const scrollPadding = await page.evaluate(
			() => getComputedStyle(document.documentElement).scrollPaddingBottom
		);
		expect(scrollPadding).not.toBe('auto');
		expect(errors).toEqual([]);

		await openSheet(page, group.groupId, daysAgo(5));
		await row(page, 'Vanna').getByLabel('Came').selectOption('Absent');
		await row(page, 'Vanna').getByLabel('Shares').fill('0');
		await row(page, 'Bopha').getByLabel('Other fine').fill('5');
		// A third loan line, without losing what was typed.
		await page.getByRole('button', { name: 'Add a loan line' }).click();
		await expect(page.getByRole('group', { name: 'Loan 3' })).toBeVisible();
		await expect(row(page, 'Bopha').getByLabel('Other fine')).toHaveValue('5');
		await expect(row(page, 'Vanna').getByLabel('Came')).toHaveValue('absent');
		// 4 shares and a fine of 5: 205 expected; 200 counted.
		await countEnd(page, '200');
		await page.getByRole('button', { name: 'Check' }).click();

		const checked = page.getByTestId('checked-totals');
		await expect(checked).toContainText('Checked: not recorded yet');
		await expect(checked).toContainText('Shares bought 4');
		await expect(checked).toContainText('+ Fines THB 5.00');
		await expect(checked.getByRole('row', { name: /Loan fund, in the box/ })).toContainText(
			'THB 205.00THB 200.00 The count was THB 5.00 less than the books expected.'
		);
		await expect(row(page, 'Bopha').getByLabel('Other fine')).toHaveValue('5');
		await expect(endCounts(page).getByLabel('Loan fund, in the box')).toHaveValue('200');
		await page.getByRole('button', { name: 'Record the meeting' }).click();
		await expect(page.getByText('The meeting is recorded.')).toBeVisible();
		await expect(
			page.getByRole('region', { name: 'Read this aloud before the box is locked' })
		).toContainText('The count was THB 5.00 less than the books expected.');

		// A correction without JavaScript: the fine was 3, not 5.
		const bopha = page
			.getByRole('listitem')
			.filter({ has: page.getByRole('heading', { name: '2 · Bopha' }) });
		await bopha.getByRole('link', { name: 'Correct: Other fine' }).click();
		await bopha.getByLabel('The right amount').fill('3');
		await bopha.getByRole('button', { name: 'Record the correction' }).click();
		await expect(bopha.getByText('Write why this is corrected.')).toBeVisible();
		await expect(bopha.getByLabel('The right amount')).toHaveValue('3');
		await bopha.getByLabel('Why (everyone will see this)').fill('The fine was 3 baht');
		await bopha.getByRole('button', { name: 'Record the correction' }).click();
		await expect(page.getByText('The correction is recorded.')).toBeVisible();
		await expect(bopha).toContainText('Other fine: THB 3.00');
		await group.secretary.context.close();
		await group.staff.close();
	});

	test('opening balances for a group moving from paper', async ({ browser, baseURL }) => {
		test.setTimeout(150_000);
		const group = await createSavingsGroupOnPage(browser, baseURL!, { javaScriptEnabled: false });
		const page = await group.secretary.context.newPage();
		await page.goto(`/savings/${group.groupId}/meetings`);
		await page.getByRole('link', { name: 'Enter opening balances' }).click();
		await expect(page.getByRole('heading', { name: 'Opening balances' })).toBeVisible();
		await page.getByLabel('Day the paper books were closed and counted').fill(daysAgo(20));
		await page.getByLabel('2 · Bopha').fill('10');
		const loan = page.getByRole('group', { name: 'Loan 1' });
		await loan.getByLabel('Who owes').selectOption({ label: '3 · Chenda' });
		await loan.getByLabel('Owed today').fill('200');
		await loan.getByLabel('Given on').fill(daysAgo(40));
		await page.getByLabel('Loan fund, in the box').fill('-300');
		await page.getByRole('button', { name: 'Record the opening balances' }).click();
		// A negative amount and no note: refused beside their fields, and what was typed stays.
		await expect(page.getByRole('link', { name: 'This cannot be below zero.' })).toBeVisible();
		await expect(page.locator('[id="f-cash.loan.box.amount-error"]')).toHaveText(
			'This cannot be below zero.'
		);
		await expect(page.getByLabel('Loan fund, in the box')).toHaveValue('-300');
		await expect(page.getByLabel('2 · Bopha')).toHaveValue('10');

		await page.getByLabel('Loan fund, in the box').fill('300');
		await page.getByLabel('Where these figures come from').fill('From the green notebook');
		await page.getByRole('button', { name: 'Record the opening balances' }).click();
		await expect(page.getByText('The opening balances are recorded.')).toBeVisible();
		const summary = page.getByRole('region', { name: 'Read this aloud before the box is locked' });
		await expect(summary).toContainText('Loan fund in the box THB 300.00');
		await expect(summary).toContainText('Still owed on loans THB 200.00');
		await expect(
			page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: '2 · Bopha' }) })
		).toContainText('Shares brought in: 10 · THB 500.00');

		await page.goto(`/savings/${group.groupId}/opening`);
		await expect(page.getByText(/opening balances cannot be entered any more/)).toBeVisible();
		await group.secretary.context.close();
		await group.staff.close();
	});
});
