import { expect, test, type Browser, type Page } from '@playwright/test';
import { adminContext, makeInvitation, PASSPHRASE, uniquePseudonym } from './people';
import { useLocale } from './site';

// Joining and the account, as a new member meets them on a phone: every mistake at once, a
// passphrase that can be shown, a one-syllable name, their country, and their language.

async function invitation(browser: Browser, baseURL: string) {
	const admin = await adminContext(browser, baseURL);
	const code = await makeInvitation(admin);
	await admin.close();
	return code;
}

/** A name of one syllable in Khmer: a consonant with its vowel sign, one character as read. */
function khmerSyllable(): string {
	const consonants = 'កខគឃងចឆជឈញដឋឌឍណតថទធនបផពភមយរលវសហឡអ';
	const vowels = 'ាិីឹឺុូួើឿៀេែៃោៅ';
	const [a, b] = crypto.getRandomValues(new Uint16Array(2));
	return consonants[a % consonants.length] + vowels[b % vowels.length];
}

const fieldError = (page: Page, name: string) => page.locator(`#field-${name}-error`);

for (const javaScriptEnabled of [false, true]) {
	const scripts = `JavaScript ${javaScriptEnabled ? 'on' : 'off'}`;

	test(`sign-up says everything wrong at once and keeps what was typed (${scripts})`, async ({
		browser,
		baseURL
	}) => {
		const context = await browser.newContext({ baseURL, javaScriptEnabled });
		const page = await context.newPage();
		await page.goto('/signup');
		if (javaScriptEnabled) await page.waitForLoadState('networkidle');
		let posted = 0;
		page.on('request', (request) => {
			if (request.method() === 'POST') posted += 1;
		});
		await page.getByLabel('Invitation code').fill('QQQQ-QQQQ');
		await page.getByLabel('Nickname').fill('0812345678');
		await page.getByLabel('Passphrase').fill('short');
		await page.getByRole('button', { name: 'Join' }).click();

		await expect(fieldError(page, 'pseudonym')).toHaveText(/looks like a phone number/);
		await expect(fieldError(page, 'passphrase')).toHaveText('Use at least 8 characters.');
		await expect(page.getByLabel('Nickname')).toHaveValue('0812345678');
		await expect(page.getByLabel('Invitation code')).toHaveValue('QQQQ-QQQQ');
		// The server checked the code too, in the same answer.
		await expect(fieldError(page, 'code')).toHaveText(/This code does not work/);
		expect(posted).toBe(1);
		// The server never sends a passphrase back.
		await expect(page.getByLabel('Passphrase')).toHaveValue('');
		await context.close();
	});

	test(`a nickname of one Khmer syllable joins, and each hint says its rule (${scripts})`, async ({
		browser,
		baseURL
	}) => {
		const code = await invitation(browser, baseURL!);
		const context = await browser.newContext({ baseURL, javaScriptEnabled });
		const page = await context.newPage();
		await page.goto('/signup');
		await expect(page.locator('#field-pseudonym-hint')).toHaveText(
			/3 to 24 .*one syllable is enough.*No phone number, e-mail or social media name/
		);
		await expect(page.locator('#field-passphrase-hint')).toHaveText(/8 to 128 characters/);
		await expect(page.locator('#field-country-hint')).toHaveText(/Optional/);
		const name = khmerSyllable();
		await page.getByLabel('Invitation code').fill(code);
		await page.getByLabel('Nickname').fill(name);
		await page.getByLabel('Passphrase').fill(PASSPHRASE);
		await page.getByRole('button', { name: 'Join' }).click();
		await expect(page.getByRole('heading', { name: 'Your recovery codes' })).toBeVisible();
		await page.getByRole('link', { name: 'I have kept my codes' }).click();
		await expect(page.getByRole('heading', { name: `Hello, ${name}` })).toBeVisible();
		await context.close();
	});

	test(`passphrase fields can be shown with scripts, and are plain fields without (${scripts})`, async ({
		browser,
		baseURL
	}) => {
		const context = await browser.newContext({ baseURL, javaScriptEnabled });
		const page = await context.newPage();
		for (const path of ['/signup', '/login']) {
			await page.goto(path);
			const field = page.getByLabel('Passphrase');
			await expect(field).toHaveAttribute('type', 'password');
			const show = page.getByRole('button', { name: 'Show' });
			if (!javaScriptEnabled) {
				await expect(show).toHaveCount(0);
				continue;
			}
			await field.fill('gentle rain');
			await show.click();
			await expect(field).toHaveAttribute('type', 'text');
			await expect(field).toHaveValue('gentle rain');
			await page.getByRole('button', { name: 'Hide' }).click();
			await expect(field).toHaveAttribute('type', 'password');
		}
		await context.close();
	});

	test(`the country is asked at sign-up, from the language, and changed on My account (${scripts})`, async ({
		browser,
		baseURL
	}) => {
		const code = await invitation(browser, baseURL!);
		const context = await browser.newContext({ baseURL, javaScriptEnabled });
		const page = await context.newPage();
		const country = page.locator('select[name=country]');

		// English says nothing about where someone is: nothing is chosen for them.
		await page.goto('/signup');
		await expect(country).toHaveValue('');
		// Khmer is read in Cambodia: it is chosen, and can be changed.
		await useLocale(context, baseURL!, 'km');
		await page.goto('/signup');
		await expect(country).toHaveValue('KH');
		await expect(page.locator('html')).toHaveAttribute('lang', 'km');

		const pseudonym = uniquePseudonym();
		await page.locator('input[name=code]').fill(code);
		await page.locator('input[name=pseudonym]').fill(pseudonym);
		await page.locator('input[name=passphrase]').fill(PASSPHRASE);
		await page.locator('button[type=submit]').click();
		await expect(page.locator('ol li')).toHaveCount(10);

		await useLocale(context, baseURL!, 'en');
		await page.goto('/account');
		await expect(page.getByLabel('Your country')).toHaveValue('KH');
		await page.getByLabel('Your country').selectOption('VN');
		await page.getByRole('button', { name: 'Save country' }).click();
		await expect(page.getByText('Saved.')).toBeVisible();
		await expect(page.getByLabel('Your country')).toHaveValue('VN');
		const data = await (await context.request.get('/account/data')).json();
		expect(data.account).toMatchObject({ pseudonym, country: 'VN', locale: 'km' });

		await page.getByLabel('Your country').selectOption('');
		await page.getByRole('button', { name: 'Save country' }).click();
		await expect(page.getByLabel('Your country')).toHaveValue('');
		await context.close();
	});

	test(`the language chosen before joining follows the member to another phone (${scripts})`, async ({
		browser,
		baseURL
	}) => {
		const code = await invitation(browser, baseURL!);
		const first = await browser.newContext({ baseURL, javaScriptEnabled });
		await useLocale(first, baseURL!, 'lo');
		const joining = await first.newPage();
		await joining.goto('/signup');
		const pseudonym = uniquePseudonym();
		await joining.locator('input[name=code]').fill(code);
		await joining.locator('input[name=pseudonym]').fill(pseudonym);
		await joining.locator('input[name=passphrase]').fill(PASSPHRASE);
		await joining.locator('button[type=submit]').click();
		await expect(joining.locator('ol li')).toHaveCount(10);
		await first.close();

		// Another phone, in English until its owner signs in.
		const other = await browser.newContext({ baseURL, javaScriptEnabled });
		const page = await other.newPage();
		await page.goto('/login');
		await expect(page.locator('html')).toHaveAttribute('lang', 'en');
		if (javaScriptEnabled) await page.waitForLoadState('networkidle');
		await page.getByLabel('Nickname').fill(pseudonym);
		await page.getByLabel('Passphrase').fill(PASSPHRASE);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page).toHaveURL('/');
		await expect(page.locator('html')).toHaveAttribute('lang', 'lo');
		// The whole page is in Lao, the header too.
		await expect(page.getByRole('link', { name: 'ພາສາ: ພາສາລາວ' })).toBeVisible();
		await expect(page.getByRole('link', { name: 'Language: English' })).toHaveCount(0);

		// A link followed in the page keeps the page's language.
		await page.locator('footer').getByRole('link', { name: 'ບັນຊີຂອງຂ້ອຍ' }).click();
		await expect(page).toHaveURL('/account');
		await expect(page.locator('html')).toHaveAttribute('lang', 'lo');
		await other.close();
	});
}
