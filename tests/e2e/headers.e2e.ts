import { expect, test, type APIRequestContext, type BrowserContext } from '@playwright/test';
import { createGroupOnPage, groupCode, memberOfGroup } from './groups';
import { adminContext, personWithRole } from './people';
import { expectSecurityHeaders } from './response-headers';

// Issue 13, point 10: the security headers on every kind of response, whoever asks and whatever
// answers it (a page, a form action, a static file, socket.io, SvelteKit's refusal, a 404), and
// no-store on every one that a signed-in visitor gets.

test.describe.configure({ mode: 'serial' });

let anonymous: BrowserContext;
let member: BrowserContext;
let facilitator: BrowserContext;
let coordinator: BrowserContext;
let admin: BrowserContext;
let groupId: string;

test.beforeAll(async ({ browser, baseURL }) => {
	test.setTimeout(120_000);
	anonymous = await browser.newContext({ baseURL });
	admin = await adminContext(browser, baseURL!);
	member = (await personWithRole(browser, baseURL!, admin, 'member')).context;
	coordinator = (await personWithRole(browser, baseURL!, admin, 'coordinator')).context;
	groupId = await createGroupOnPage(admin);
	const joined = await memberOfGroup(browser, baseURL!, await groupCode(admin, groupId), groupId);
	facilitator = joined.context;
	const manage = await admin.newPage();
	await manage.goto(`/groups/${groupId}/manage`);
	await manage.waitForLoadState('networkidle');
	await manage.getByLabel('Nickname of the new facilitator').fill(joined.pseudonym);
	await manage.getByRole('button', { name: 'Make facilitator' }).click();
	await expect(manage.getByLabel(`Role of ${joined.pseudonym}`)).toHaveValue('facilitator');
	await manage.close();
});

test.afterAll(async () => {
	for (const context of [anonymous, member, facilitator, coordinator, admin])
		await context?.close();
});

const html = { accept: 'text/html' };

test('pages, signed out and signed in in every role', async () => {
	const visits: [APIRequestContext, string, boolean][] = [
		[anonymous.request, '/', false],
		[anonymous.request, '/login', false],
		[member.request, '/', true],
		[member.request, '/account', true],
		[facilitator.request, `/groups/${groupId}`, true],
		[facilitator.request, `/groups/${groupId}/review`, true],
		[coordinator.request, '/invitations', true],
		[admin.request, '/admin', true]
	];
	for (const [request, path, signedIn] of visits) {
		const response = await request.get(path, { headers: html });
		expect(response.status(), path).toBe(200);
		expectSecurityHeaders(response, { signedIn });
	}
});

test('a form action, sent plain and by script', async ({ baseURL }) => {
	const form = { mode: 'shared' };
	const plain = await member.request.post('/account?/sessionMode', {
		form,
		headers: { ...html, origin: baseURL! },
		maxRedirects: 0
	});
	const scripted = await member.request.post('/account?/sessionMode', {
		form,
		headers: { origin: baseURL!, accept: 'application/json', 'x-sveltekit-action': 'true' }
	});
	expect([plain.status(), scripted.status()]).toEqual([200, 200]);
	expect(await scripted.json()).toMatchObject({ type: 'success' });
	for (const response of [plain, scripted]) expectSecurityHeaders(response, { signedIn: true });
});

test('static files: every header; only build files named by their content are cached', async () => {
	// A page with scripts of its own (most have none): a circle's.
	const page = await facilitator.request.get(`/groups/${groupId}`, { headers: html });
	const asset = (await page.text()).match(/_app\/immutable\/[^"']+\.js/)?.[0];
	expect(asset, 'the page links a build file').toBeTruthy();
	for (const request of [anonymous.request, member.request]) {
		const signedIn = request === member.request;
		for (const path of ['/favicon.svg', '/_app/version.json']) {
			const response = await request.get(path);
			expect(response.status(), path).toBe(200);
			expectSecurityHeaders(response, { signedIn });
		}
		// The same bytes for everyone, renamed whenever they change: caching them holds nothing of a
		// member's and saves a slow connection the download.
		const built = await request.get(`/${asset}`);
		expect(built.status()).toBe(200);
		expectSecurityHeaders(built, { signedIn: false });
		expect(built.headers()['cache-control']).toBe('public,max-age=31536000,immutable');
	}
});

test('socket.io polling replies, signed out and signed in', async ({ baseURL }) => {
	for (const request of [anonymous.request, member.request]) {
		const response = await request.get('/socket.io/?EIO=4&transport=polling', {
			headers: { origin: baseURL! }
		});
		expect(response.status()).toBe(200);
		expect(await response.text()).toMatch(/^0\{"sid":/);
		expectSecurityHeaders(response, { signedIn: request === member.request });
	}
});

test('the refusal of a cross-site form, signed out and signed in', async () => {
	const evil = { origin: 'https://evil.example' };
	const signIn = await anonymous.request.post('/login', {
		form: { pseudonym: 'someone', passphrase: 'anything at all' },
		headers: evil,
		maxRedirects: 0
	});
	const action = await member.request.post('/account?/sessionMode', {
		form: { mode: 'shared' },
		headers: evil,
		maxRedirects: 0
	});
	expect([signIn.status(), action.status()]).toEqual([403, 403]);
	expectSecurityHeaders(signIn, { signedIn: false });
	expectSecurityHeaders(action, { signedIn: true });
});

test('/healthz and unknown paths, signed out and signed in', async () => {
	for (const request of [anonymous.request, member.request]) {
		const signedIn = request === member.request;
		const health = await request.get('/healthz');
		expect(health.status()).toBe(200);
		expectSecurityHeaders(health, { signedIn });
		for (const path of ['/nothing-here', '/favicon.png']) {
			const response = await request.get(path, { headers: html });
			expect(response.status(), path).toBe(404);
			expectSecurityHeaders(response, { signedIn });
		}
		// SvelteKit's own answer for a missing build file: the same for everyone, and it says
		// never to use it again unchecked.
		const missing = await request.get('/_app/immutable/nothing-here.js');
		expect(missing.status()).toBe(404);
		expectSecurityHeaders(missing, { signedIn: false });
		expect(missing.headers()['cache-control']).toBe('public, max-age=0, must-revalidate');
	}
});
