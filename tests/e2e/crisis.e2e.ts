import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { adminContext, makeInvitation, signUpOnPage, uniquePseudonym } from './people';
import { createGroupOnPage, groupCode, memberOfGroup } from './groups';

/*
 * "I need help now" (issue 9, points 5 to 7): reachable from every page, it tells the truth about
 * who heard it, shows the help contacts at once, reaches every circle the member is in, and the
 * member sees the answer and the facilitators' replies without reloading.
 */

/** Makes the member a co-facilitator of the circle, on its manage page. */
async function appoint(admin: BrowserContext, groupId: string, pseudonym: string) {
	const manage = await admin.newPage();
	await manage.goto(`/groups/${groupId}/manage`);
	await manage.getByLabel(`Role of ${pseudonym}`).selectOption('co_facilitator');
	await manage
		.locator('li', { has: manage.getByLabel(`Role of ${pseudonym}`) })
		.getByRole('button', { name: 'Save' })
		.click();
	await expect(manage.getByText('Role saved.')).toBeVisible();
	await manage.close();
}

/** A circle with a co-facilitator (whose page is left on their account page), and one more code. */
async function circleWithFacilitator(browser: Browser, baseURL: string, admin: BrowserContext) {
	const groupId = await createGroupOnPage(admin);
	const code = await groupCode(admin, groupId, 2);
	const facilitator = await memberOfGroup(browser, baseURL, code, groupId);
	await appoint(admin, groupId, facilitator.pseudonym);
	await facilitator.page.goto('/account');
	return { groupId, code, facilitator };
}

/** A circle with a co-facilitator, and a member of it who will call for help. */
async function callerAndFacilitator(browser: Browser, baseURL: string) {
	const admin = await adminContext(browser, baseURL);
	const { groupId, code, facilitator } = await circleWithFacilitator(browser, baseURL, admin);
	const asker = await memberOfGroup(browser, baseURL, code, groupId);
	return { groupId, facilitator, asker };
}

/** The signed-in member joins one more circle with its code. */
async function joinAlso(page: Page, code: string, groupId: string) {
	await page.goto('/groups');
	await page.getByLabel('Circle code').fill(code);
	await page.getByRole('button', { name: 'Join with this code' }).click();
	await page.getByLabel('I agree to the circle agreement').check();
	await page.getByRole('button', { name: 'Join the circle' }).click();
	await expect(page).toHaveURL(new RegExp(`/groups/${groupId}$`));
}

const headerHelp = (page: Page) =>
	page.getByRole('banner').getByRole('link', { name: 'I need help now' });

test('from any page, a member of two circles alerts both, reads the truth and the contacts at once, and sees the answer live', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(90_000);
	const admin = await adminContext(browser, baseURL!);
	const first = await circleWithFacilitator(browser, baseURL!, admin);
	const second = await circleWithFacilitator(browser, baseURL!, admin);
	const asker = await memberOfGroup(browser, baseURL!, first.code, first.groupId);
	await joinAlso(asker.page, second.code, second.groupId);

	await asker.page.goto('/account');
	await headerHelp(asker.page).click();
	await expect(asker.page).toHaveURL(/\/help$/);
	// Both circles are ticked unless the member unticks one.
	const circles = asker.page.getByRole('group', { name: 'Which circles to tell' });
	await expect(circles.getByRole('checkbox')).toHaveCount(2);
	for (const box of await circles.getByRole('checkbox').all()) await expect(box).toBeChecked();
	await asker.page.getByRole('button', { name: 'I need help now' }).click();

	// The truth: two facilitators were told, and they may not be online; the contacts are right
	// there on the same screen.
	await expect(asker.page.getByText(/2 facilitators were told\./)).toBeInViewport();
	await expect(asker.page.getByText('They may not have Circles open right now.')).toBeVisible();
	await expect(asker.page.getByText(/have been told/)).toHaveCount(0);
	await expect(asker.page.getByRole('heading', { name: 'People who can help' })).toBeInViewport();

	// Both circles' facilitators hear it on the page they have open.
	for (const { facilitator } of [first, second])
		await expect(
			facilitator.page.getByText('A member of your circle is asking for you.')
		).toBeVisible();
	await second.facilitator.page.getByRole('link', { name: 'Open', exact: true }).click();
	await second.facilitator.page.getByRole('button', { name: 'I’m on it' }).click();

	// The member sees the answer without reloading, in the help page's own words, where the words
	// that said to wait were: the page has no script of its own, the live script turns its status.
	await expect(asker.page.locator('link[rel="modulepreload"]')).toHaveCount(0);
	await expect(
		asker.page
			.getByRole('region', { name: 'I need help now' })
			.getByText('Someone who can help has seen your request.')
	).toBeVisible();
	await expect(asker.page.getByText('They may not have Circles open right now.')).toBeHidden();
	// And the other circle's facilitator no longer finds the call waiting.
	await first.facilitator.page.goto(`/groups/${first.groupId}/help`);
	await expect(first.facilitator.page.getByText('Nobody is waiting right now.')).toBeVisible();
});

test('a member who calls again, after a first answer, is told the second answer too', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(90_000);
	const { groupId, facilitator, asker } = await callerAndFacilitator(browser, baseURL!);
	await asker.page.goto(`/groups/${groupId}`);
	const notice = asker.page.getByRole('status').filter({
		hasText: 'Someone who can help has seen your request.'
	});

	for (const call of ['first', 'second']) {
		await headerHelp(asker.page).click();
		await expect(asker.page).toHaveURL(/\/help$/);
		await asker.page.getByRole('button', { name: 'I need help now' }).click();
		await expect(asker.page.getByText(/1 facilitator was told\./)).toBeVisible();
		// On to another page with scripts, by links, as a member would: the circle's conversation
		// (a help page shows the answer in itself, not as a notice).
		await asker.page.locator(`a[href$="groups/${groupId}/help#conversation"]`).click();
		const circlePages = asker.page.getByRole('navigation', { name: 'Circle pages' });
		await circlePages.getByRole('link', { name: 'Talk' }).click();
		await expect(asker.page).toHaveURL(`/groups/${groupId}`);

		await facilitator.page.goto(`/groups/${groupId}/help`);
		await facilitator.page.getByRole('button', { name: 'I’m on it' }).click();
		await expect(notice, `the answer to the ${call} call`).toBeVisible();
		await notice.getByRole('button', { name: 'Close' }).click();
		await expect(notice).toHaveCount(0);
	}
});

/**
 * The scripts a page fetches, by path; with `on`, only those fetched by a document whose path
 * matches it (a page left as the test starts may still be fetching the framework's parts).
 */
function scriptsOf(page: Page, on?: RegExp): string[] {
	const scripts: string[] = [];
	page.on('request', (request) => {
		if (request.resourceType() !== 'script') return;
		if (on && !on.test(new URL(request.frame().url()).pathname)) return;
		scripts.push(new URL(request.url()).pathname);
	});
	return scripts;
}
/** The framework's or the pages' own scripts among those fetched. */
const framework = (scripts: string[]) =>
	scripts.filter((path) => /\/(entry\/(start|app)\.|nodes\/)/.test(path));

test('the private conversation is live both ways', async ({ browser, baseURL }) => {
	test.setTimeout(90_000);
	const { groupId, facilitator, asker } = await callerAndFacilitator(browser, baseURL!);
	const onHelp = /\/help(\/|$)/;
	const scripts = {
		asker: scriptsOf(asker.page, onHelp),
		facilitator: scriptsOf(facilitator.page, onHelp)
	};

	await asker.page.goto(`/groups/${groupId}/help`);
	await asker.page.getByLabel('Your message').fill('Can we talk later?');
	await asker.page.getByRole('button', { name: 'Send' }).click();
	await expect(asker.page.getByText('Can we talk later?')).toBeVisible();

	await facilitator.page.goto(`/groups/${groupId}/help`);
	await facilitator.page
		.getByRole('region', { name: 'Messages from members' })
		.getByRole('link')
		.first()
		.click();
	await expect(facilitator.page.getByText('Can we talk later?')).toBeVisible();

	// The member writes again: it reaches the facilitator's open page.
	await asker.page.getByLabel('Your message').fill('I am at home now.');
	await asker.page.getByRole('button', { name: 'Send' }).click();
	await expect(facilitator.page.getByText('I am at home now.')).toBeVisible();

	// The facilitator answers: it reaches the member's open page, once.
	await facilitator.page.getByLabel('Your reply').fill('I will call you at five.');
	await facilitator.page.getByRole('button', { name: 'Send' }).click();
	await expect(asker.page.getByText('I will call you at five.')).toHaveCount(1);
	await expect(asker.page.getByText('I will call you at five.')).toBeVisible();
	// Drawn live as the server draws it: who wrote it, when, on the other side.
	const answer = asker.page.getByRole('listitem').filter({ hasText: 'I will call you at five.' });
	const drawnLive = { text: await answer.innerText(), side: await answer.getAttribute('class') };
	await asker.page.reload();
	expect({ text: await answer.innerText(), side: await answer.getAttribute('class') }).toEqual(
		drawnLive
	);
	// Live on both sides with a script of its own each, without the framework.
	for (const fetched of [scripts.asker, scripts.facilitator]) {
		expect(framework(fetched)).toEqual([]);
		expect(fetched.filter((path) => path.endsWith('/en/entry/support-thread.js'))).not.toEqual([]);
	}

	// The member asks, then looks at another page: the answer reaches the page they have open.
	await asker.page.getByRole('button', { name: 'I need help now' }).click();
	await expect(asker.page.getByText(/1 facilitator was told\./)).toBeVisible();
	await asker.page.goto('/groups');
	await facilitator.page.goto(`/groups/${groupId}/help`);
	await facilitator.page.getByRole('button', { name: 'I’m on it' }).click();
	await expect(asker.page.getByText('Someone who can help has seen your request.')).toBeVisible();
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('the header link and the help form work, and the answer shows after a reload', async ({
		browser,
		baseURL
	}) => {
		test.setTimeout(90_000);
		const admin = await adminContext(browser, baseURL!);
		const { groupId, code, facilitator } = await circleWithFacilitator(browser, baseURL!, admin);
		const asker = await memberOfGroup(browser, baseURL!, code, groupId, {
			javaScriptEnabled: false
		});

		await asker.page.goto('/account');
		await headerHelp(asker.page).click();
		await asker.page.getByRole('button', { name: 'I need help now' }).click();
		await expect(asker.page).toHaveURL(/\/help(\?country=[A-Z]{2})?#status$/);
		await expect(asker.page.getByText(/1 facilitator was told\./)).toBeVisible();
		await expect(asker.page.getByText('They may not have Circles open right now.')).toBeVisible();
		await expect(asker.page.getByRole('heading', { name: 'People who can help' })).toBeInViewport();
		// Sent again (Back and press, a reload of the form): still one call.
		await asker.page.goBack();
		await asker.page.getByRole('button', { name: 'I need help now' }).click();

		// The facilitator's page has scripts; the member's answer shows on their next page load.
		await facilitator.page.goto(`/groups/${groupId}/help`);
		await expect(facilitator.page.getByRole('button', { name: 'I’m on it' })).toHaveCount(1);
		await facilitator.page.getByRole('button', { name: 'I’m on it' }).click();
		// The answer is stored once the alert leaves the facilitator's list.
		await expect(facilitator.page.getByRole('button', { name: 'I’m on it' })).toHaveCount(0);
		await asker.page.reload();
		await expect(asker.page.getByText('Someone who can help has seen your request.')).toBeVisible();
	});

	test('a member of no circle gets the help contacts, and no button that tells nobody', async ({
		browser,
		baseURL
	}) => {
		const admin = await adminContext(browser, baseURL!);
		const context = await browser.newContext({ baseURL, javaScriptEnabled: false });
		const page = await context.newPage();
		await signUpOnPage(page, await makeInvitation(admin), uniquePseudonym('alone'));
		await page.goto('/');
		await headerHelp(page).click();
		await expect(
			page.getByText('You are not in a circle yet, so there is no facilitator to tell.', {
				exact: false
			})
		).toBeVisible();
		await expect(page.getByRole('heading', { name: 'People who can help' })).toBeVisible();
		await expect(page.getByRole('button', { name: 'I need help now' })).toHaveCount(0);
	});

	test('unticking every circle is refused with a clear message, and nobody is alerted', async ({
		browser,
		baseURL
	}) => {
		test.setTimeout(90_000);
		const admin = await adminContext(browser, baseURL!);
		const first = await circleWithFacilitator(browser, baseURL!, admin);
		const second = await circleWithFacilitator(browser, baseURL!, admin);
		const asker = await memberOfGroup(browser, baseURL!, first.code, first.groupId, {
			javaScriptEnabled: false
		});
		await joinAlso(asker.page, second.code, second.groupId);
		await asker.page.goto('/help');
		for (const box of await asker.page.getByRole('checkbox').all()) await box.uncheck();
		const response = asker.page.waitForResponse((r) => r.request().method() === 'POST');
		await asker.page.getByRole('button', { name: 'I need help now' }).click();
		expect((await response).status()).toBe(400);
		await expect(asker.page.getByText('Choose at least one circle.')).toBeVisible();
		await first.facilitator.page.goto(`/groups/${first.groupId}/help`);
		await expect(first.facilitator.page.getByText('Nobody is waiting right now.')).toBeVisible();
	});
});

test.describe('on a page without scripts of its own (home)', () => {
	test('a facilitator hears a call, can put it aside, and is taken to the circle’s help page', async ({
		browser,
		baseURL
	}) => {
		test.setTimeout(90_000);
		const { groupId, facilitator, asker } = await callerAndFacilitator(browser, baseURL!);
		const scripts = scriptsOf(facilitator.page);
		await facilitator.page.goto('/');

		await asker.page.goto('/help');
		await asker.page.getByRole('button', { name: 'I need help now' }).click();
		await expect(asker.page.getByText(/1 facilitator was told\./)).toBeVisible();

		const alert = facilitator.page.getByRole('alert');
		await expect(alert.getByText('A member of your circle is asking for you.')).toBeVisible();
		expect(framework(scripts)).toEqual([]);
		// The page keeps room for the alert: scrolled to its end, its last links are above it.
		const { linksBottom, alertTop } = await facilitator.page.evaluate(() => {
			scrollTo(0, document.documentElement.scrollHeight);
			return {
				linksBottom: document.querySelector('footer nav')!.getBoundingClientRect().bottom,
				alertTop: document.querySelector('[data-live-alerts] > *')!.getBoundingClientRect().top
			};
		});
		expect(linksBottom).toBeLessThan(alertTop);
		// One script of its own, from the reader's language's copy of the build.
		expect(scripts.filter((path) => path.endsWith('/en/entry/live-notices.js'))).toHaveLength(1);
		await alert.getByRole('button', { name: 'Close' }).click();
		await expect(alert.getByText('A member of your circle is asking for you.')).toHaveCount(0);

		// Still waiting: the next page tells again, and its link opens the circle's help page.
		await facilitator.page.reload();
		await alert.getByRole('link', { name: 'Open', exact: true }).click();
		await expect(facilitator.page).toHaveURL(new RegExp(`/groups/${groupId}/help$`));
		// Answered, so that it is not passed on to the coordinators of the tests that follow.
		await facilitator.page.getByRole('button', { name: 'I’m on it' }).click();
		await expect(facilitator.page.getByRole('button', { name: 'I’m on it' })).toHaveCount(0);
	});

	test('each in their own language: a facilitator’s alert in Thai, a caller’s answer in Khmer', async ({
		browser,
		baseURL
	}) => {
		test.setTimeout(90_000);
		const { groupId, facilitator, asker } = await callerAndFacilitator(browser, baseURL!);
		// Chosen as on the language page: a signed-in reader's choice is kept on their account.
		for (const [page, language] of [
			[facilitator.page, 'ภาษาไทย'],
			[asker.page, 'ភាសាខ្មែរ']
		] as const) {
			await page.goto('/language?next=%2F');
			await page.getByRole('button', { name: language }).click();
			await expect(page).toHaveURL('/');
		}
		const heard = scriptsOf(facilitator.page);
		await facilitator.page.goto('/');

		await asker.page.goto('/help');
		await asker.page.getByRole('button', { name: 'ខ្ញុំត្រូវការជំនួយឥឡូវនេះ' }).click();
		const alert = facilitator.page.getByRole('alert');
		await expect(alert.getByText('สมาชิกในกลุ่มของคุณกำลังเรียกหาคุณ')).toBeVisible();
		expect(framework(heard)).toEqual([]);
		expect(heard.filter((path) => path.endsWith('/th/entry/live-notices.js'))).toHaveLength(1);

		const told = scriptsOf(asker.page);
		await Promise.all([asker.page.waitForEvent('websocket'), asker.page.goto('/')]);
		await alert.getByRole('link', { name: 'เปิด', exact: true }).click();
		await expect(facilitator.page).toHaveURL(new RegExp(`/groups/${groupId}/help$`));
		await facilitator.page.getByRole('button', { name: 'ฉันรับเรื่องแล้ว' }).click();
		await expect(
			asker.page.getByRole('status').filter({
				hasText: 'មាននរណាម្នាក់ដែលអាចជួយបាន បានឃើញសំណើរបស់អ្នកហើយ។'
			})
		).toBeVisible();
		expect(framework(told)).toEqual([]);
		expect(told.filter((path) => path.endsWith('/km/entry/live-notices.js'))).toHaveLength(1);
	});

	test('a member who called sees that someone answered, and can put it aside', async ({
		browser,
		baseURL
	}) => {
		test.setTimeout(90_000);
		const { groupId, facilitator, asker } = await callerAndFacilitator(browser, baseURL!);
		await asker.page.goto('/help');
		await asker.page.getByRole('button', { name: 'I need help now' }).click();
		await expect(asker.page.getByText(/1 facilitator was told\./)).toBeVisible();
		const scripts = scriptsOf(asker.page);
		await Promise.all([asker.page.waitForEvent('websocket'), asker.page.goto('/')]);

		await facilitator.page.goto(`/groups/${groupId}/help`);
		await facilitator.page.getByRole('button', { name: 'I’m on it' }).click();

		const notice = asker.page.getByRole('status').filter({
			hasText: 'Someone who can help has seen your request.'
		});
		await expect(notice).toBeVisible();
		expect(framework(scripts)).toEqual([]);
		await notice.getByRole('button', { name: 'Close' }).click();
		await expect(asker.page.getByText('Someone who can help has seen your request.')).toHaveCount(
			0
		);
	});
});
