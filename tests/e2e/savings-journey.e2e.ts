import { readFile } from 'node:fs/promises';
import escapeStringRegexp from 'escape-string-regexp';
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import km from '../../messages/km.json' with { type: 'json' };
import th from '../../messages/th.json' with { type: 'json' };
import { E2E_ADMIN } from './admin.js';
import { checkAccessibility } from './axe';
import { signInOnPage } from './people';
import { createSavingsGroupOnPage, daysAgo } from './savings';
import { useLocale } from './site';

/*
 * A savings group's whole first cycle at 360x740, as its secretary lives it in her own language:
 * in Thai with JavaScript (axe on every page it opens), in Khmer without it. Every word is looked
 * up in messages/*.json. The group (tests/e2e/savings.ts): Sokha the secretary, Bopha (made
 * chair here), Chenda, Dara and Vanna; shares of 50 baht, loans at 5% a month charged flat.
 *
 *   1. everyone buys 1 share: 250 in the box.
 *   2. Chenda buys 5, the others 1 (450 in), and borrows 500 for a month (25 charged): 200 left.
 *   3. everyone buys 1 (250 in): 450. Dara's 1 is a mistake, corrected to 2: 500.
 *   4. everyone buys 1 (250 in), Chenda repays her 525: 1,275 in the box, nothing owed.
 *
 * 25 shares share out the 1,275 baht: 51 baht a share, exactly. Chenda's 8 shares make 408, Dara's
 * 5 make 255, everyone else's 4 make 204.
 */

type Locale = 'th' | 'km';
type MessageKey = Exclude<keyof typeof th, '$schema'>;
/** The words the pages show, as messages/*.json hold them. */
const MESSAGES: Record<Locale, Record<MessageKey, string>> = { th, km };

/** Books in the order the group knows them; the figures the share-out comes to. */
const PAYOUTS = [
	{ book: 1, name: 'Sokha', shares: 4, baht: 204 },
	{ book: 2, name: 'Bopha', shares: 4, baht: 204 },
	{ book: 3, name: 'Chenda', shares: 8, baht: 408 },
	{ book: 4, name: 'Dara', shares: 5, baht: 255 },
	{ book: 5, name: 'Vanna', shares: 4, baht: 204 }
];

/** A downloaded CSV's rows of cells (no cell of this journey holds a comma or a quote). */
async function csvRows(page: Page, link: Locator): Promise<string[][]> {
	const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
	const text = await readFile((await download.path())!, 'utf8');
	return text
		.replace(/^\ufeff/, '')
		.trimEnd()
		.split('\r\n')
		.map((row) => row.split(','));
}

async function journey(
	browser: Browser,
	baseURL: string,
	{ locale, javaScriptEnabled }: { locale: Locale; javaScriptEnabled: boolean }
) {
	/** A message in this language, its {placeholders} filled in. */
	const say = (key: MessageKey, inputs: Record<string, string> = {}) =>
		MESSAGES[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) => inputs[name] ?? whole);
	/** Baht as the server writes them in this language. */
	const money = (baht: number) =>
		new Intl.NumberFormat(locale, {
			style: 'currency',
			currency: 'THB',
			minimumFractionDigits: 2,
			maximumFractionDigits: 2
		}).format(baht);
	const accessible = async (page: Page) => {
		// Axe needs the page's script to run: the Thai run checks every page the journey opens.
		if (javaScriptEnabled) expect((await checkAccessibility(page)).violations).toEqual([]);
	};

	// Set up by a coordinator in the same language: the secretary with an account, 4 members
	// without one.
	const staff = await browser.newContext({ baseURL, javaScriptEnabled });
	await signInOnPage(await staff.newPage(), E2E_ADMIN);
	const group = await createSavingsGroupOnPage(browser, baseURL, {
		staff,
		startsOn: daysAgo(60),
		javaScriptEnabled,
		locale
	});
	await staff.close();
	await useLocale(group.secretary.context, baseURL, locale);
	const page = await group.secretary.context.newPage();
	const nav = page.getByRole('navigation', { name: say('savings_nav_label') });
	await page.goto(`/savings/${group.groupId}`);
	await accessible(page);

	// Bopha, who has no phone, is the chair: she approves the share-out with the secretary.
	await nav.getByRole('link', { name: say('savings_nav_members'), exact: true }).click();
	await page.locator('#appoint-member').selectOption({ label: '2. Bopha' });
	await page
		.locator('#appoint-officer')
		.selectOption({ label: say('savings_members_officer_chair') });
	await page.getByRole('button', { name: say('savings_members_appoint_submit') }).click();
	await expect(page.getByText(say('savings_members_appointed'))).toBeVisible();
	await accessible(page);

	await nav.getByRole('link', { name: say('savings_nav_meetings'), exact: true }).click();
	await expect(page.getByText(say('savings_meeting_list_empty'))).toBeVisible();
	await accessible(page);
	await page.getByRole('link', { name: say('savings_meeting_record_button'), exact: true }).click();
	await expect(
		page.getByRole('heading', { name: say('savings_meeting_new_title'), exact: true })
	).toBeVisible();

	const row = (name: string) => page.getByRole('group', { name: new RegExp(`· ${name}$`) });
	const rowField = (name: string, label: string) => row(name).getByLabel(label, { exact: true });
	const summary = page.getByRole('region', { name: say('savings_meeting_read_aloud') });
	const inSummary = (label: string, amount: number) =>
		expect(summary).toContainText(
			new RegExp(`${escapeStringRegexp(label)}\\s*${escapeStringRegexp(money(amount))}`)
		);
	const liveTotals = page.getByTestId('live-totals');

	/** One meeting on the sheet; `loanBox` is what the box holds at the end, as the books expect. */
	async function recordMeeting(meeting: {
		daysAgo: number;
		shares?: Record<string, string>;
		repaid?: Record<string, string>;
		loan?: { to: string; amount: string; months: string };
		loanBox: number;
		owed: number;
		first?: boolean;
	}) {
		if (!meeting.first) await page.goto(`/savings/${group.groupId}/meetings/new`);
		// Everyone is down as present, with 1 share: the rules' least.
		for (const member of group.memberNames) {
			await expect(rowField(member, say('savings_meeting_shares'))).toHaveValue('1');
		}
		await page
			.getByLabel(say('savings_meeting_date'), { exact: true })
			.fill(daysAgo(meeting.daysAgo));
		for (const [name, shares] of Object.entries(meeting.shares ?? {})) {
			await rowField(name, say('savings_meeting_shares')).fill(shares);
		}
		for (const [name, amount] of Object.entries(meeting.repaid ?? {})) {
			await rowField(name, say('savings_meeting_repaid')).fill(amount);
		}
		if (meeting.loan) {
			await page
				.getByLabel(say('savings_meeting_loan_member'), { exact: true })
				.first()
				.selectOption({ label: meeting.loan.to });
			await page
				.getByLabel(say('savings_meeting_amount'), { exact: true })
				.first()
				.fill(meeting.loan.amount);
			await page
				.getByLabel(say('savings_meeting_loan_term'), { exact: true })
				.first()
				.fill(meeting.loan.months);
		}
		const end = page.getByRole('group', { name: say('savings_meeting_counts_end') });
		await end
			.getByLabel(say('savings_meeting_till_loan_box'), { exact: true })
			.fill(String(meeting.loanBox));
		await end.getByLabel(say('savings_meeting_till_social_box'), { exact: true }).fill('0');
		if (javaScriptEnabled) {
			// The totals follow what is typed.
			await expect(liveTotals).toContainText(
				new RegExp(
					`${escapeStringRegexp(say('savings_meeting_live_loan_box'))}\\s*${escapeStringRegexp(money(meeting.loanBox))}`
				)
			);
			if (meeting.first) await accessible(page);
		} else if (meeting.loan) {
			// Without JavaScript the Check step adds it up on the server, and keeps what was typed.
			await page.getByRole('button', { name: say('savings_meeting_check'), exact: true }).click();
			const checked = page.getByTestId('checked-totals');
			await expect(checked).toContainText(say('savings_meeting_checked_heading'));
			await expect(checked).toContainText(
				new RegExp(
					`${escapeStringRegexp(say('savings_meeting_total_lent'))}\\s*${escapeStringRegexp(money(500))}`
				)
			);
			await expect(
				checked.getByRole('row', {
					name: new RegExp(escapeStringRegexp(say('savings_meeting_till_loan_box')))
				})
			).toContainText(`${money(meeting.loanBox)}${money(meeting.loanBox)}`);
			await expect(rowField('Chenda', say('savings_meeting_shares'))).toHaveValue('5');
		}
		await page.getByRole('button', { name: say('savings_meeting_record'), exact: true }).click();
		await expect(page.getByText(say('savings_meeting_recorded'))).toBeVisible();
		await inSummary(say('savings_meeting_in_box_loan'), meeting.loanBox);
		await inSummary(say('savings_meeting_lent_out'), meeting.owed);
		await expect(summary).toContainText(say('savings_meeting_box_agreed'));
	}

	await recordMeeting({ daysAgo: 28, loanBox: 250, owed: 0, first: true });
	await accessible(page);
	await recordMeeting({
		daysAgo: 21,
		shares: { Chenda: '5' },
		loan: { to: '3 · Chenda', amount: '500', months: '1' },
		loanBox: 200,
		owed: 525
	});
	await inSummary(say('savings_meeting_lent_here'), 500);
	await recordMeeting({ daysAgo: 14, loanBox: 450, owed: 525 });

	// Dara bought 2 shares, not 1: corrected beside the line, with the reason for all to read.
	const dara = page
		.getByRole('listitem')
		.filter({ has: page.getByRole('heading', { name: '4 · Dara' }) });
	const sharesLine = say('savings_meeting_kind_shares');
	await dara.getByRole('link', { name: `${say('savings_correct_action')}: ${sharesLine}` }).click();
	const rightShares = dara.getByLabel(say('savings_correct_shares'));
	await expect(rightShares).toHaveValue('1');
	await rightShares.fill('2');
	const reason = { th: 'ดาราซื้อ 2 หุ้น ไม่ใช่ 1 หุ้น', km: 'ដារ៉ាទិញ 2 ហ៊ុន មិនមែន 1 ហ៊ុនទេ' }[locale];
	await dara.getByLabel(say('savings_correct_reason')).fill(reason);
	await accessible(page);
	await dara.getByRole('button', { name: say('savings_correct_submit') }).click();
	await expect(page.getByText(say('savings_correct_done'))).toBeVisible();
	const corrected = say('savings_correct_reversed', { name: 'Sokha', date: '\u0000', reason });
	await expect(dara).toContainText(
		new RegExp(escapeStringRegexp(corrected).replace('\u0000', '.+'))
	);
	await expect(dara).toContainText(say('savings_correct_replaces'));
	await expect(dara).toContainText(`${sharesLine}: 2 · ${money(100)}`);
	// The 50 baht of the share now in the books: the box holds 500.
	await inSummary(say('savings_meeting_in_box_loan'), 500);
	await accessible(page);

	await page.goto(`/savings/${group.groupId}/meetings/new`);
	await expect(row('Chenda')).toContainText(say('savings_meeting_owes', { amount: money(525) }));
	await recordMeeting({ daysAgo: 7, repaid: { Chenda: '525' }, loanBox: 1275, owed: 0 });

	await nav.getByRole('link', { name: say('savings_nav_meetings'), exact: true }).click();
	await expect(page.getByRole('main').getByRole('listitem')).toHaveCount(4);
	await expect(page.getByRole('main').getByRole('listitem').first()).toContainText(
		say('savings_meeting_list_in_box', { amount: money(1275) })
	);
	await accessible(page);

	// The share-out: worked out line by line, started, approved by both officers, paid, closed.
	await nav.getByRole('link', { name: say('savings_nav_share_out'), exact: true }).click();
	await expect(
		page.getByRole('heading', { name: say('savings_share_heading', { cycle: '1' }) })
	).toBeVisible();
	const calculation = page.getByRole('region', { name: say('savings_share_calc_heading') });
	await expect(calculation).toContainText(`= ${money(1275)}`);
	await expect(calculation).toContainText(
		new RegExp(`${escapeStringRegexp(say('savings_share_calc_shares'))}\\s*25`)
	);
	await expect(calculation).toContainText(say('savings_share_about', { amount: money(51) }));
	await expect(calculation).toContainText(
		say('savings_share_calc_total', { total: money(1275), fund: money(1275) })
	);
	const card = (payout: (typeof PAYOUTS)[number]) =>
		page
			.getByRole('region', { name: say('savings_share_payouts_heading') })
			.getByRole('listitem')
			.filter({ hasText: `${payout.book} · ${payout.name}` });
	for (const payout of PAYOUTS) {
		await expect(card(payout)).toContainText(
			say('savings_share_line_gets', { amount: money(payout.baht) })
		);
	}
	await accessible(page);

	await page.getByRole('button', { name: say('savings_share_start') }).click();
	await expect(page.getByText(say('savings_share_done_started'))).toBeVisible();
	await page
		.getByRole('button', {
			name: say('savings_share_approve_own', { officer: say('savings_share_officer_secretary') })
		})
		.click();
	await expect(page.getByText(say('savings_share_done_approved'))).toBeVisible();
	await page
		.getByRole('button', { name: say('savings_share_approve_for', { name: '2 · Bopha' }) })
		.click();
	const pay = page.getByRole('button', { name: say('savings_share_pay') });
	await expect(pay).toHaveCount(5);
	await accessible(page);
	for (let paid = 1; paid <= 5; paid++) {
		await pay.first().click();
		await expect(pay).toHaveCount(5 - paid);
	}
	for (const payout of PAYOUTS) {
		await expect(card(payout)).toContainText(
			say('savings_share_line_paid', { amount: money(payout.baht) })
		);
	}
	await page.getByRole('button', { name: say('savings_share_close', { cycle: '1' }) }).click();
	await expect(page.getByText(say('savings_share_done_closed'))).toBeVisible();
	await accessible(page);

	// The payouts file: each member's line, and together the fund the page showed.
	const payouts = await csvRows(
		page,
		page.getByRole('link', { name: say('savings_share_download_share_out') })
	);
	expect(payouts[0][0]).toBe(say('savings_csv_book_number'));
	expect(payouts.slice(1)).toEqual(
		PAYOUTS.map((p) => {
			const baht = `${p.baht}.00`;
			return [
				String(p.book),
				p.name,
				String(p.shares),
				baht,
				'0',
				'0.00',
				'0.00',
				baht,
				baht,
				'THB'
			];
		})
	);
	const cents = (cell: string) => Math.round(Number(cell) * 100);
	expect(payouts.slice(1).reduce((sum, line) => sum + cents(line[7]), 0)).toBe(127_500);

	// Every record of the cycle: the shares (the correction's two lines among them), the loan and
	// its charge, the repayment, the payouts; the box ends empty.
	const ledger = await csvRows(
		page,
		page.getByRole('link', { name: say('savings_share_download_ledger') })
	);
	expect(ledger[0][0]).toBe(say('savings_csv_line'));
	const lines = ledger.slice(1);
	const KIND = 5;
	const PLACE = 7;
	const CASH = 8;
	const OWED = 9;
	const SHARES = 10;
	const REVERSES = 13;
	const ofKind = (kind: string) => lines.filter((line) => line[KIND] === kind);
	expect(ofKind('shares').reduce((sum, line) => sum + Number(line[SHARES]), 0)).toBe(25);
	const reversal = ofKind('shares').find((line) => line[REVERSES] !== '');
	expect(reversal?.[4]).toBe('Dara');
	expect(reversal?.[SHARES]).toBe('-1');
	expect(ofKind('loan_out').map((line) => [line[4], line[CASH], line[OWED]])).toEqual([
		['Chenda', '-500.00', '500.00']
	]);
	expect(ofKind('charge').map((line) => line[OWED])).toEqual(['25.00']);
	expect(ofKind('repayment').map((line) => [line[CASH], line[OWED]])).toEqual([
		['525.00', '-525.00']
	]);
	expect(ofKind('payout').reduce((sum, line) => sum + cents(line[CASH]), 0)).toBe(-127_500);
	const box = lines.filter((line) => line[PLACE] === 'box');
	expect(box.reduce((sum, line) => sum + cents(line[CASH]), 0)).toBe(0);

	await group.secretary.context.close();
}

test.describe('with JavaScript, in Thai', () => {
	test('a group of 5: 4 meetings with a loan and its repayment, a correction, the share-out, both files', async ({
		browser,
		baseURL
	}) => {
		test.setTimeout(480_000);
		await journey(browser, baseURL!, { locale: 'th', javaScriptEnabled: true });
	});
});

test.describe('without JavaScript, in Khmer', () => {
	test.use({ javaScriptEnabled: false });

	test('a group of 5: 4 meetings with a loan and its repayment, a correction, the share-out, both files', async ({
		browser,
		baseURL
	}) => {
		test.setTimeout(480_000);
		await journey(browser, baseURL!, { locale: 'km', javaScriptEnabled: false });
	});
});
