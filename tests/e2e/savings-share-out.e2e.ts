import { readFile } from 'node:fs/promises';
import { expect, test, type Browser, type Download, type Page } from '@playwright/test';
import { checkAccessibility } from './axe';
import { createSavingsGroupOnPage, daysAgo, type SavingsGroupOnPage } from './savings';
import { useLocale } from './site';

/*
 * The share-out, in a group of 5 set up on its pages: Sokha (the secretary, with an account) and 4
 * members without one, Bopha made chair on the members page. Two meetings are recorded on the
 * meeting sheet: Sokha buys 2 shares, everyone else 1, then everyone 1 more, and Chenda borrows
 * 100 baht for a month (5 baht charged). 11 shares of 50 baht; the loan fund has 450 baht in the
 * box and 105 owed: a fund of 555 baht, 50.45 baht a share. Sokha's 3 shares make 151 baht, each
 * other member's 2 make 100 baht and 91 satang: the 4 baht left over go one each to them (the
 * larger remainders), 101 baht each. Chenda's 105 owed come off her 101: she pays 4 in.
 */

/** Records a meeting on the meeting sheet, in English, as the secretary does. */
async function recordMeeting(
	page: Page,
	groupId: string,
	meeting: {
		heldOn: string;
		shares?: Record<string, string>;
		loan?: { to: string; amount: string; months: string };
		loanBox: string;
		socialBox: string;
	}
) {
	await page.goto(`/savings/${groupId}/meetings/new`);
	// Pressed before the sheet's script runs, the sheet takes the no-script path: a Check step first.
	await page.waitForLoadState('networkidle');
	await page.getByLabel('Day of the meeting').fill(meeting.heldOn);
	for (const [name, shares] of Object.entries(meeting.shares ?? {})) {
		await page.getByRole('group', { name }).getByLabel('Shares').fill(shares);
	}
	if (meeting.loan) {
		const borrower = page.getByLabel('Who borrows').first();
		const value = await borrower
			.locator('option', { hasText: meeting.loan.to })
			.getAttribute('value');
		await borrower.selectOption(value!);
		await page.getByLabel('Amount').first().fill(meeting.loan.amount);
		await page.getByLabel('Months to repay').first().fill(meeting.loan.months);
	}
	const end = page.getByRole('group', { name: 'At the end, before the box is locked' });
	await end.getByLabel('Loan fund, in the box').fill(meeting.loanBox);
	await end.getByLabel('Social fund, in the box').fill(meeting.socialBox);
	await page.getByRole('button', { name: 'Record the meeting' }).click();
	await expect(page.getByText('The meeting is recorded.')).toBeVisible();
}

/** Gives Bopha (no phone) the chair's label on the members page. */
async function makeBophaChair(page: Page, groupId: string) {
	await page.goto(`/savings/${groupId}/members`);
	const member = page.locator('#appoint-member');
	await member.selectOption(
		(await member.locator('option', { hasText: 'Bopha' }).getAttribute('value'))!
	);
	const officer = page.locator('#appoint-officer');
	await officer.selectOption(
		(await officer.locator('option', { hasText: 'Chair' }).getAttribute('value'))!
	);
	await page.getByRole('button', { name: 'Save role' }).click();
	await expect(page.getByText('Saved. The list above shows the new role.')).toBeVisible();
}

/**
 * The group at the end of its cycle, its meetings recorded by the secretary in a context that runs
 * JavaScript (the meeting sheet is another page's test); the secretary's own context is returned.
 */
async function groupAtTheEnd(
	browser: Browser,
	baseURL: string,
	options: { javaScriptEnabled?: boolean } = {}
): Promise<SavingsGroupOnPage> {
	const group = await createSavingsGroupOnPage(browser, baseURL, {
		startsOn: daysAgo(60),
		javaScriptEnabled: options.javaScriptEnabled
	});
	const recorder = await browser.newContext({
		baseURL,
		storageState: await group.secretary.context.storageState()
	});
	const page = await recorder.newPage();
	await makeBophaChair(page, group.groupId);
	await recordMeeting(page, group.groupId, {
		heldOn: daysAgo(20),
		shares: { '1 · Sokha': '2' },
		loanBox: '300',
		socialBox: '0'
	});
	await recordMeeting(page, group.groupId, {
		heldOn: daysAgo(13),
		loan: { to: 'Chenda', amount: '100', months: '1' },
		loanBox: '450',
		socialBox: '0'
	});
	await recorder.close();
	return group;
}

const csvOf = async (download: Download) => await readFile((await download.path())!, 'utf8');

test.describe('with JavaScript', () => {
	test('the secretary shares out: projection, start, both approvals, each payout, close; both files download', async ({
		browser,
		baseURL
	}) => {
		test.setTimeout(300_000);
		const group = await groupAtTheEnd(browser, baseURL!);
		const page = await group.secretary.context.newPage();
		await page.goto(`/savings/${group.groupId}/share-out`);
		await expect(page.getByRole('heading', { name: 'Share-out · cycle 1' })).toBeVisible();

		// The calculation, line by line.
		const calculation = page.getByRole('region', { name: 'How the payouts are worked out' });
		await expect(calculation).toContainText('450.00');
		await expect(calculation).toContainText('105.00');
		await expect(calculation).toContainText('555.00');
		await expect(calculation).toContainText('Shares bought this cycle');
		await expect(calculation).toContainText('50.45');
		await expect(calculation).toContainText('Cash units left over after that: 4.');
		await expect(calculation).toContainText('All payouts together: THB 555.00');
		const chenda = page.getByRole('listitem').filter({ hasText: '3 · Chenda' });
		await expect(chenda).toContainText('101.00 (with 1 unit left over)');
		await expect(chenda).toContainText('pays THB 4.00 into the box');
		expect((await checkAccessibility(page)).violations).toEqual([]);

		// The loan still owed may be written off, only with a reason and the group's agreement; by
		// default it comes off the payout. Refused, the form keeps what was typed.
		await expect(page.getByRole('heading', { name: 'Loans still owed' })).toBeVisible();
		await page.getByLabel('Why the group writes it off').fill('=1+1 moved away');
		await page.getByRole('button', { name: /^Write off THB\s105\.00$/ }).click();
		await expect(
			page.getByText('Only the group can write off a loan. Tick this once the group has agreed.')
		).toBeVisible();
		await expect(page.getByLabel('Why the group writes it off')).toHaveValue('=1+1 moved away');
		expect((await checkAccessibility(page)).violations).toEqual([]);

		await page.getByRole('button', { name: 'Start the share-out' }).click();
		await expect(page.getByText('The share-out has started. The books are closed.')).toBeVisible();
		// Nothing is paid before both approve.
		await expect(page.getByRole('button', { name: 'Mark as paid' })).toHaveCount(0);
		await page.getByRole('button', { name: 'Approve as Secretary' }).click();
		await expect(page.getByText(/1 · Sokha approved on/)).toBeVisible();
		// Once someone approved, the books cannot be reopened.
		await expect(page.getByRole('button', { name: 'Reopen the books' })).toHaveCount(0);
		await page
			.getByRole('button', { name: 'Record the approval of 2 · Bopha, who has no phone' })
			.click();
		await expect(
			page.getByText(/2 · Bopha approved on .* \(recorded by 1 · Sokha\)/)
		).toBeVisible();
		expect((await checkAccessibility(page)).violations).toEqual([]);

		for (let paid = 0; paid < 5; paid++) {
			await page.getByRole('button', { name: 'Mark as paid' }).first().click();
			await expect(page.getByText(/Paid(: | into the box: )THB/)).toHaveCount(paid + 1);
		}
		await expect(page.getByRole('listitem').filter({ hasText: '3 · Chenda' })).toContainText(
			'Paid into the box: THB 4.00'
		);

		// Printed: the sheet alone, without the navigation, the site's header or the forms.
		await page.emulateMedia({ media: 'print' });
		await expect(page.getByRole('navigation', { name: 'Savings group pages' })).toBeHidden();
		await expect(page.getByRole('link', { name: 'Leave now' })).toBeHidden();
		await expect(page.getByRole('button', { name: 'Close cycle 1' })).toBeHidden();
		await expect(calculation).toBeVisible();
		await expect(
			page.getByRole('heading', { name: 'Each member' + "'" + 's payout' })
		).toBeVisible();
		await page.emulateMedia({ media: 'screen' });

		await page.getByRole('button', { name: 'Close cycle 1' }).click();
		await expect(page.getByText('The cycle is closed.')).toBeVisible();
		await expect(page.getByText(/This cycle was closed on/)).toBeVisible();
		await expect(page.getByText(/Carried into the next cycle: THB\s0\.00/)).toBeVisible();
		await expect(page.getByRole('button', { name: 'Start the next cycle' })).toBeVisible();
		expect((await checkAccessibility(page)).violations).toEqual([]);

		// The payouts, as a spreadsheet reads them: plain decimals, a neutral file name.
		const [payouts] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('link', { name: 'Payouts (CSV)' }).click()
		]);
		expect(payouts.suggestedFilename()).toBe('share-out-cycle-1.csv');
		const payoutRows = (await csvOf(payouts))
			.replace(/^\ufeff/, '')
			.trimEnd()
			.split('\r\n');
		expect(payoutRows[0]).toBe(
			'Book number,Member,Shares,Value of shares,Got a leftover unit,Loan taken off,Social fund,Payout,Paid,Currency'
		);
		expect(payoutRows.slice(1)).toEqual([
			'1,Sokha,3,151.00,0,0.00,0.00,151.00,151.00,THB',
			'2,Bopha,2,101.00,1,0.00,0.00,101.00,101.00,THB',
			'3,Chenda,2,101.00,1,105.00,0.00,-4.00,-4.00,THB',
			'4,Dara,2,101.00,1,0.00,0.00,101.00,101.00,THB',
			'5,Vanna,2,101.00,1,0.00,0.00,101.00,101.00,THB'
		]);

		// Every record of the cycle, from the first share to the last payout.
		const [ledger] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('link', { name: 'Every record of the cycle (CSV)' }).click()
		]);
		expect(ledger.suggestedFilename()).toBe('ledger-cycle-1.csv');
		const ledgerRows = (await csvOf(ledger))
			.replace(/^\ufeff/, '')
			.trimEnd()
			.split('\r\n');
		expect(ledgerRows[0]).toBe(
			'Line,Date,Meeting,Book number,Member,Kind,Fund,Place,Cash,Owed,Shares,Savings,Currency,Reverses line,Recorded by (book number),Recorded by,Note'
		);
		const cells = ledgerRows.slice(1).map((row) => row.split(','));
		expect(cells.map((row) => row[0])).toEqual(cells.map((_, index) => String(index + 1)));
		const sokhaShares = cells.find((row) => row[4] === 'Sokha' && row[5] === 'shares')!;
		expect(sokhaShares.slice(1, 13)).toEqual([
			daysAgo(20),
			'1',
			'1',
			'Sokha',
			'shares',
			'loan',
			'box',
			'100.00',
			'0.00',
			'2',
			'100.00',
			'THB'
		]);
		const loan = cells.find((row) => row[5] === 'loan_out')!;
		expect(loan.slice(3, 10)).toEqual([
			'3',
			'Chenda',
			'loan_out',
			'loan',
			'box',
			'-100.00',
			'100.00'
		]);
		// The box is empty at the end: the cash column adds up to nothing.
		const cents = cells
			.filter((row) => row[7] === 'box')
			.reduce((sum, row) => sum + Math.round(Number(row[8]) * 100), 0);
		expect(cents).toBe(0);

		// The next cycle: not before the last meeting of this one; then it starts, on the same rules.
		// Those paid keep part of their payout in the group as shares (Chenda paid in: not listed);
		// Sokha's 151 baht buy 3 shares of 50, not 4.
		await expect(page.getByLabel('3 · Chenda: shares to buy')).toHaveCount(0);
		const sokhaField = page.getByLabel('1 · Sokha: shares to buy');
		await expect(page.getByText(/Was paid THB\s151\.00\. At most 3 shares\./)).toBeVisible();
		await sokhaField.fill('4');
		await page.getByLabel('First day of the new cycle').fill(daysAgo(20));
		await page.getByRole('button', { name: 'Start the next cycle' }).click();
		await expect(
			page.getByText(/The new cycle must start after the last meeting of the one before/)
		).toBeVisible();
		await expect(sokhaField).toHaveValue('4');
		await page.getByLabel('First day of the new cycle').fill(daysAgo(0));
		await page.getByRole('button', { name: 'Start the next cycle' }).click();
		await expect(
			page.getByText('That costs more than this member was paid. Write fewer shares.')
		).toBeVisible();
		await expect(sokhaField).toHaveValue('4');
		expect((await checkAccessibility(page)).violations).toEqual([]);
		await sokhaField.fill('3');
		await page.getByRole('button', { name: 'Start the next cycle' }).click();
		await expect(page.getByText('The new cycle has started.')).toBeVisible();
		await expect(page.getByRole('heading', { name: 'Share-out · cycle 2' })).toBeVisible();
		// Its first record: Sokha's 3 shares, their 150 baht in the box.
		await expect(
			page.getByRole('region', { name: 'How the payouts are worked out' })
		).toContainText('150.00');
		// The closed cycle's files are still there.
		const earlier = page.getByRole('listitem').filter({ hasText: 'Share-out · cycle 1' });
		const [again] = await Promise.all([
			page.waitForEvent('download'),
			earlier.getByRole('link', { name: 'Payouts (CSV)' }).click()
		]);
		expect(again.suggestedFilename()).toBe('share-out-cycle-1.csv');
		expect(await csvOf(again)).toBe(await csvOf(payouts));
		expect((await checkAccessibility(page)).violations).toEqual([]);

		// Staff look after the group: they read the share-out and the books, and record nothing.
		const staffPage = await group.staff.newPage();
		await staffPage.goto(`/savings/${group.groupId}/share-out`);
		await expect(staffPage.getByRole('heading', { name: 'Share-out · cycle 2' })).toBeVisible();
		await expect(staffPage.getByRole('button', { name: 'Start the share-out' })).toHaveCount(0);
		expect((await staffPage.request.get(`/savings/${group.groupId}/ledger.csv`)).status()).toBe(
			200
		);

		// Anyone else: the files are not there.
		const outsider = await browser.newContext({ baseURL });
		const response = await outsider.request.get(`/savings/${group.groupId}/ledger.csv`, {
			maxRedirects: 0
		});
		expect(response.status()).toBe(303);
		await outsider.close();
		await group.secretary.context.close();
		await group.staff.close();
	});
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('in Vietnamese: a write-off needs a reason and the group’s agreement; then the share-out starts and is approved', async ({
		browser,
		baseURL
	}) => {
		test.setTimeout(300_000);
		const group = await groupAtTheEnd(browser, baseURL!, { javaScriptEnabled: false });
		await useLocale(group.secretary.context, baseURL!, 'vi');
		const page = await group.secretary.context.newPage();
		await page.goto(`/savings/${group.groupId}/share-out`);
		await expect(page.getByRole('heading', { name: 'Chia tiền · chu kỳ 1' })).toBeVisible();
		// Without scripts the print button is hidden; the hint says how to print. (Axe
		// runs with JavaScript: the first test checks these same pages.)
		await expect(page.getByRole('button', { name: 'In trang này' })).toHaveCount(0);
		await expect(page.getByText(/in trang này từ menu của trình duyệt/)).toBeVisible();

		// Without the group's agreement, nothing is written off and what was typed stays.
		const reason = page.getByLabel('Lý do nhóm xóa nợ');
		await reason.fill('Chenda đã chuyển đi xa');
		await page.getByRole('button', { name: /^Xóa nợ/ }).click();
		await expect(
			page.getByText('Chỉ nhóm mới được xóa nợ. Hãy đánh dấu ô này khi nhóm đã đồng ý.')
		).toBeVisible();
		await expect(page.getByLabel('Lý do nhóm xóa nợ')).toHaveValue('Chenda đã chuyển đi xa');

		await page.getByLabel(/Nhóm đã đồng ý tại buổi họp ngày/).check();
		await page.getByRole('button', { name: /^Xóa nợ/ }).click();
		await expect(page.getByText('Khoản vay đã được xóa nợ.')).toBeVisible();
		// Written off: the fund is the box alone (450,00 baht), and Chenda owes nothing.
		await expect(page.getByRole('heading', { name: 'Khoản vay còn nợ' })).toHaveCount(0);
		const calculation = page.getByRole('region', { name: 'Cách tính số tiền mỗi người nhận' });
		await expect(calculation).toContainText('450,00');

		await page.getByRole('button', { name: 'Bắt đầu chia tiền' }).click();
		await expect(page.getByText('Đã bắt đầu chia tiền. Sổ đã khóa.')).toBeVisible();
		await page.getByRole('button', { name: 'Mở lại sổ' }).click();
		await expect(page.getByText('Sổ đã được mở lại.')).toBeVisible();
		await page.getByRole('button', { name: 'Bắt đầu chia tiền' }).click();
		await page.getByRole('button', { name: 'Phê duyệt với tư cách Thư ký' }).click();
		await expect(page.getByText('Đã ghi lại phê duyệt.')).toBeVisible();
		await page.getByRole('button', { name: /Ghi lại phê duyệt của 2 · Bopha/ }).click();
		await expect(page.getByRole('button', { name: 'Đánh dấu đã trả' })).toHaveCount(5);
		// The first payout's form, sent twice as a flaky network may send it: one payout.
		const pay = page.locator('form[action="?/pay"]').first();
		const form = {
			formKey: (await pay.locator('input[name="formKey"]').getAttribute('value'))!,
			memberId: (await pay.locator('input[name="memberId"]').getAttribute('value'))!
		};
		for (let send = 0; send < 2; send++) {
			const response = await page.request.post(`/savings/${group.groupId}/share-out?/pay`, {
				form,
				headers: { origin: baseURL!, accept: 'text/html' }
			});
			expect(response.status()).toBe(200);
		}
		await page.goto(`/savings/${group.groupId}/share-out`);
		await expect(page.getByRole('button', { name: 'Đánh dấu đã trả' })).toHaveCount(4);
		await page.getByRole('button', { name: 'Đánh dấu đã trả' }).first().click();
		await expect(page.getByText('Đã ghi là đã trả tiền.')).toBeVisible();
		await expect(page.getByRole('button', { name: 'Đánh dấu đã trả' })).toHaveCount(3);
		// Closing before everyone is paid: not offered, and refused in words if sent (409).
		await expect(page.getByRole('button', { name: 'Kết thúc chu kỳ 1' })).toHaveCount(0);
		const early = await page.request.post(`/savings/${group.groupId}/share-out?/close`, {
			form: {
				formKey: (await page
					.locator('form[action="?/pay"] input[name="formKey"]')
					.first()
					.getAttribute('value'))!
			},
			headers: { origin: baseURL!, accept: 'text/html' }
		});
		expect(early.status()).toBe(409);
		expect(await early.text()).toContain('Chưa trả tiền cho tất cả mọi người.');

		const ledger = await page.request.get(`/savings/${group.groupId}/ledger.csv`);
		expect(ledger.headers()['content-type']).toBe('text/csv; charset=utf-8');
		expect(ledger.headers()['cache-control']).toBe('no-store');
		expect(ledger.headers()['content-disposition']).toBe(
			'attachment; filename="ledger-cycle-1.csv"'
		);
		const text = await ledger.text();
		expect(text.split('\r\n')[0]).toContain('Dòng,Ngày,Buổi họp');
		expect(text).toContain('write_off');
		expect(text).toContain('Chenda đã chuyển đi xa');
		expect(text.match(/,payout,/g)?.length).toBeGreaterThanOrEqual(2);
		await group.secretary.context.close();
		await group.staff.close();
	});
});
