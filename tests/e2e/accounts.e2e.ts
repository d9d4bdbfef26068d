import { expect, test, type Browser } from '@playwright/test';
import { io } from 'socket.io-client';
import {
	adminContext,
	formKeyIn,
	makeInvitation,
	PASSPHRASE,
	signInOnPage,
	signUpOnPage,
	uniquePseudonym
} from './people';

async function newMember(browser: Browser, baseURL: string, javaScriptEnabled = true) {
	const admin = await adminContext(browser, baseURL);
	const code = await makeInvitation(admin);
	await admin.close();
	const context = await browser.newContext({ baseURL, javaScriptEnabled });
	const page = await context.newPage();
	const pseudonym = uniquePseudonym();
	const recoveryCodes = await signUpOnPage(page, code, pseudonym);
	return { context, page, pseudonym, recoveryCodes, code };
}

test('without JavaScript: join with a code, sign out, sign in, sign in with a recovery code', async ({
	browser,
	baseURL
}) => {
	const { context, page, pseudonym, recoveryCodes, code } = await newMember(
		browser,
		baseURL!,
		false
	);
	expect(recoveryCodes).toHaveLength(10);
	await page.getByRole('link', { name: 'I have kept my codes' }).click();
	await expect(page.getByRole('heading', { name: `Hello, ${pseudonym}` })).toBeVisible();

	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page.getByText('You have signed out.')).toBeVisible();

	await signInOnPage(page, { pseudonym, passphrase: PASSPHRASE });
	await page.getByRole('button', { name: 'Sign out' }).click();

	await page.goto('/login/recover');
	await page.getByLabel('Nickname').fill(pseudonym);
	await page.getByLabel('Recovery or reset code').fill(recoveryCodes[0]);
	await page.getByLabel('New passphrase').fill('another calm evening');
	await page.getByRole('button', { name: 'Sign in and save' }).click();
	await expect(page.getByRole('heading', { name: 'My account' })).toBeVisible();

	// The code was for one person: a second sign-up with it is refused, and what was typed stays.
	const stranger = await browser.newContext({ baseURL, javaScriptEnabled: false });
	const second = await stranger.newPage();
	await second.goto('/signup');
	await second.getByLabel('Invitation code').fill(code);
	await second.getByLabel('Nickname').fill('someone_else');
	await second.getByLabel('Passphrase').fill(PASSPHRASE);
	await second.getByRole('button', { name: 'Join' }).click();
	await expect(second.getByText('This code has already been used.')).toBeVisible();
	await expect(second.getByLabel('Nickname')).toHaveValue('someone_else');
	await expect(second.getByLabel('Passphrase')).toHaveValue('');
	await stranger.close();
	await context.close();
});

/** The recovery codes on a sign-up page's HTML. */
const codesIn = (html: string) => [...html.matchAll(/<li>([A-Z0-9-]+)<\/li>/g)].map((m) => m[1]);

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('a sign-up sent twice joins once: the person sees their codes and is signed in', async ({
		page,
		browser,
		baseURL,
		request
	}) => {
		const admin = await adminContext(browser, baseURL!);
		const code = await makeInvitation(admin);
		await admin.close();
		const pseudonym = uniquePseudonym();
		await page.goto('/signup');
		await page.getByLabel('Invitation code').fill(code);
		await page.getByLabel('Nickname').fill(pseudonym);
		await page.getByLabel('Passphrase').fill(PASSPHRASE);

		// The same form goes out twice at once, and the answer to one of them never reaches the
		// phone (a second tap replaced it, or the network dropped it): here it goes to a client
		// that shares nothing with the phone, not even its cookies.
		const form = {
			formKey: await page.locator('input[name=formKey]').inputValue(),
			code,
			pseudonym,
			passphrase: PASSPHRASE
		};
		const lost = request.post('/signup', {
			form,
			headers: { origin: baseURL!, accept: 'text/html' }
		});
		await page.getByRole('button', { name: 'Join' }).click();

		await expect(page.getByRole('heading', { name: 'Your recovery codes' })).toBeVisible();
		const shown = (await page.locator('ol li').allTextContents()).map((text) => text.trim());
		expect(shown).toHaveLength(10);
		expect(codesIn(await (await lost).text())).toEqual(shown);
		await page.getByRole('link', { name: 'I have kept my codes' }).click();
		await expect(page.getByRole('heading', { name: `Hello, ${pseudonym}` })).toBeVisible();
	});
});

test('a sign-up without its form key, or with one too old, is refused and given a fresh key', async ({
	request,
	baseURL
}) => {
	const fields = { code: 'ABCD-EFGH', pseudonym: uniquePseudonym(), passphrase: PASSPHRASE };
	const send = (form: Record<string, string>) =>
		request.post('/signup', { form, headers: { origin: baseURL!, accept: 'text/html' } });

	const missing = await send(fields);
	expect(missing.status()).toBe(400);
	const missingPage = await missing.text();
	expect(missingPage).toContain('This form did not load completely. Please send it again.');
	expect(formKeyIn(missingPage)).toMatch(/^[0-9a-f-]{36}$/);

	// A UUID version 7 made two hours ago.
	const time = (Date.now() - 2 * 60 * 60_000).toString(16).padStart(12, '0');
	const old = `${time.slice(0, 8)}-${time.slice(8)}-7000-8000-000000000000`;
	const expired = await send({ ...fields, formKey: old });
	expect(expired.status()).toBe(400);
	const expiredPage = await expired.text();
	expect(expiredPage).toContain('This page was open for a long time.');
	expect(formKeyIn(expiredPage)).not.toBe(old);
	expect(expiredPage).toContain(fields.pseudonym);
});

for (const javaScriptEnabled of [false, true]) {
	test(`sign-up refuses bad input in the member language, keeping what was typed (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async ({
		browser,
		baseURL
	}) => {
		const context = await browser.newContext({ baseURL, javaScriptEnabled });
		await context.addCookies([{ name: 'lang', value: 'th', url: baseURL! }]);
		const page = await context.newPage();
		await page.goto('/signup');
		await page.waitForLoadState('networkidle');
		const responsePromise = page.waitForResponse((r) => r.request().method() === 'POST');
		await page.locator('input[name=code]').fill('ABCD-EFGH');
		await page.locator('input[name=pseudonym]').fill('0812345678');
		await page.locator('input[name=passphrase]').fill('short');
		await page.locator('button[type=submit]').click();
		const response = await responsePromise;
		// The page itself answers 400, with JavaScript too: it has no script of its own to send the
		// form. Every field is checked in the same answer: the code, the nickname and the passphrase.
		expect(response.status()).toBe(400);
		await expect(page.locator('[id$=-error]')).toHaveCount(3);
		await expect(page.locator('input[name=pseudonym]')).toHaveValue('0812345678');
		await expect(page.locator('input[name=code]')).toHaveValue('ABCD-EFGH');
		for (const error of await page.locator('[id$=-error]').allTextContents()) {
			expect(error).toMatch(/[\u0E00-\u0E7F]/); // Thai script
		}
		await context.close();
	});
}

test('session cookie: HttpOnly, SameSite=Lax, Path=/, gone with the browser unless remembered', async ({
	browser,
	baseURL
}) => {
	const { context, pseudonym } = await newMember(browser, baseURL!);
	const shared = (await context.cookies()).find((cookie) => cookie.name === 'sid')!;
	expect(shared).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', expires: -1 });

	const other = await browser.newContext({ baseURL });
	await signInOnPage(await other.newPage(), { pseudonym, passphrase: PASSPHRASE }, true);
	const remembered = (await other.cookies()).find((cookie) => cookie.name === 'sid')!;
	const days = (remembered.expires * 1000 - Date.now()) / 86_400_000;
	expect(days).toBeGreaterThan(13.9);
	expect(days).toBeLessThanOrEqual(14);
	expect(remembered.value).not.toBe(shared.value);
	await other.close();
	await context.close();
});

test('sign out: the old cookie is signed out, and an open socket closes within a second', async ({
	browser,
	baseURL
}) => {
	const { context, page } = await newMember(browser, baseURL!);
	const token = (await context.cookies()).find((cookie) => cookie.name === 'sid')!.value;

	const socket = io(baseURL!, {
		transports: ['websocket'],
		reconnection: false,
		extraHeaders: { cookie: `sid=${token}`, origin: baseURL! }
	});
	await new Promise<void>((resolve, reject) => {
		socket.on('connect', () => resolve());
		socket.on('connect_error', reject);
	});
	const closed = new Promise<number>((resolve) =>
		socket.on('disconnect', () => resolve(Date.now()))
	);

	await page.goto('/');
	await page.getByRole('button', { name: 'Sign out' }).click();
	const signedOutAt = Date.now();
	await expect(page.getByText('You have signed out.')).toBeVisible();
	expect((await closed) - signedOutAt).toBeLessThan(1_000);

	const replay = await browser.newContext({ baseURL });
	await replay.addCookies([{ name: 'sid', value: token, url: baseURL! }]);
	const again = await replay.newPage();
	await again.goto('/account');
	await expect(again).toHaveURL(/\/login\?next=%2Faccount$/);
	await replay.close();

	const refused = io(baseURL!, {
		transports: ['websocket'],
		reconnection: false,
		extraHeaders: { cookie: `sid=${token}`, origin: baseURL! }
	});
	const error = await new Promise<string>((resolve) =>
		refused.on('connect_error', (e) => resolve(e.message))
	);
	expect(error).toBe('unauthorized');
	await context.close();
});

test('sign out everywhere ends the sessions on other phones and closes their sockets', async ({
	browser,
	baseURL
}) => {
	const { context, page, pseudonym } = await newMember(browser, baseURL!);
	const phone = await browser.newContext({ baseURL });
	await signInOnPage(await phone.newPage(), { pseudonym, passphrase: PASSPHRASE });
	const phoneToken = (await phone.cookies()).find((cookie) => cookie.name === 'sid')!.value;
	const socket = io(baseURL!, {
		transports: ['websocket'],
		reconnection: false,
		extraHeaders: { cookie: `sid=${phoneToken}`, origin: baseURL! }
	});
	await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
	const closed = new Promise<void>((resolve) => socket.on('disconnect', () => resolve()));

	await page.goto('/account');
	await page.getByRole('button', { name: 'Sign out everywhere' }).click();
	await expect(page.getByText('You have signed out.')).toBeVisible();
	await closed;
	const phonePage = await phone.newPage();
	await phonePage.goto('/account');
	await expect(phonePage).toHaveURL(/\/login/);
	await phone.close();
	await context.close();
});

test('the sixth failed sign-in in 30 minutes gets 429 with Retry-After', async ({
	request,
	baseURL
}) => {
	const pseudonym = uniquePseudonym();
	const attempt = () =>
		request.post('/login', {
			form: { pseudonym, passphrase: 'not this one' },
			headers: { origin: baseURL!, accept: 'text/html', 'x-forwarded-for': '203.0.113.7' },
			maxRedirects: 0
		});
	for (let i = 0; i < 5; i++) expect((await attempt()).status()).toBe(400);
	const locked = await attempt();
	expect(locked.status()).toBe(429);
	expect(Number(locked.headers()['retry-after'])).toBeGreaterThan(0);
	expect(await locked.text()).toContain('Too many tries');
});

test('download my data gives my rows as JSON', async ({ browser, baseURL }) => {
	const { context, pseudonym } = await newMember(browser, baseURL!);
	const response = await context.request.get('/account/data');
	expect(response.status()).toBe(200);
	expect(response.headers()['content-disposition']).toContain('attachment');
	const data = await response.json();
	expect(data.account.pseudonym).toBe(pseudonym);
	expect(data.recoveryCodes).toMatchObject({ total: 10, unused: 10 });
	await context.close();
});

test('delete my account: asks once more, then the account and its sessions are gone', async ({
	browser,
	baseURL
}) => {
	const { context, page, pseudonym } = await newMember(browser, baseURL!);
	await page.goto('/account');
	await page.getByRole('link', { name: 'Delete my account' }).click();
	await expect(page.getByText('This cannot be undone.')).toBeVisible();
	await page.getByLabel('Type your passphrase to confirm').fill('not my passphrase');
	await page.getByRole('button', { name: 'Delete my account for ever' }).click();
	await expect(page.getByText('Nothing was deleted.')).toBeVisible();
	await page.getByLabel('Type your passphrase to confirm').fill(PASSPHRASE);
	await page.getByRole('button', { name: 'Delete my account for ever' }).click();
	await expect(page.getByText('Your account is deleted.')).toBeVisible();

	await page.getByLabel('Nickname').fill(pseudonym);
	await page.getByLabel('Passphrase').fill(PASSPHRASE);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByText('The nickname or passphrase is not right.')).toBeVisible();
	await context.close();
});

test('without JavaScript: guessing the passphrase on My account ends the session, and sign-in says why', async ({
	browser,
	baseURL
}) => {
	const { context, page } = await newMember(browser, baseURL!, false);
	await page.goto('/account');
	// Five wrong guesses are answered; the next try, whatever it holds, signs the phone out.
	for (let guess = 0; guess < 6; guess++) {
		await page.getByLabel('Current passphrase').fill(`a wrong guess ${guess}`);
		await page.getByLabel('New passphrase').fill('fresh green leaves');
		await page.getByRole('button', { name: 'Change passphrase' }).click();
		if (guess < 5)
			await expect(page.getByText('That is not your current passphrase.')).toBeVisible();
	}
	await expect(page).toHaveURL(/\/login\?guessed$/);
	await expect(
		page.getByText('You were signed out: the passphrase was wrong too many times.', {
			exact: false
		})
	).toBeVisible();
	expect((await page.goto('/account'))?.url()).toMatch(/\/login/);
	await context.close();
});

test('without JavaScript: a reset code staff made is told to the member at their next sign-in, with who made it', async ({
	browser,
	baseURL
}) => {
	const { context, page, pseudonym } = await newMember(browser, baseURL!, false);
	await page.goto('/account');
	await expect(page.getByRole('heading', { name: 'A reset code was made for you' })).toHaveCount(0);
	await page.getByRole('button', { name: 'Sign out' }).click();

	const admin = await adminContext(browser, baseURL!);
	const staffPage = await admin.newPage();
	await staffPage.goto('/admin');
	const row = staffPage.getByRole('listitem').filter({ hasText: pseudonym });
	await row.getByRole('button', { name: 'Make a reset code' }).click();
	await expect(staffPage.getByText(`Reset code for ${pseudonym}:`)).toBeVisible();
	await admin.close();

	// Signing in with the passphrase lands on the notice, not on the home page.
	await page.goto('/login');
	await page.getByLabel('Nickname').fill(pseudonym);
	await page.getByLabel('Passphrase').fill(PASSPHRASE);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('heading', { name: 'A reset code was made for you' })).toBeVisible();
	await expect(
		page.getByText(
			new RegExp(`^e2e_admin made a one-time code for you on .+ It has not been used\\.$`)
		)
	).toBeVisible();
	await page.getByRole('button', { name: 'I have read this' }).click();
	await expect(page.getByRole('heading', { name: 'A reset code was made for you' })).toHaveCount(0);

	await page.getByRole('button', { name: 'Sign out' }).click();
	await signInOnPage(page, { pseudonym, passphrase: PASSPHRASE });
	await context.close();
});
