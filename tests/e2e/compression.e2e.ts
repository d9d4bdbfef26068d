import { expect, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import { circleWithCode, joinWithCode, person, post } from './circle-over-http';
import { expectSecurityHeaders } from './response-headers';
import { recordSecret } from './secrets';

/*
 * Members pay for every byte on metered mobile data: what the server writes travels compressed
 * when the phone says it can read it (brotli, else gzip), as it is when it cannot, and a
 * compressed response keeps every security header and no-store. Playwright's client decodes
 * bodies itself, so the encoding is read from Content-Encoding.
 */

test.describe.configure({ mode: 'serial' });

/** What Chromium on Android sends. */
const BROWSER = { 'accept-encoding': 'gzip, deflate, br, zstd' };
/** An older browser or proxy that knows gzip only. */
const GZIP = { 'accept-encoding': 'gzip' };
/** A client that reads no encoding. */
const PLAIN = { 'accept-encoding': 'identity' };
const HTML = { accept: 'text/html' };

/** Under the 2000 characters a message may have, well over the 1 KB below which nothing is compressed. */
const LONG_MESSAGE = Array.from(
	{ length: 30 },
	(_, i) => `On day ${['one', 'two', 'three'][i % 3]} we met at the market and talked about seeds.`
).join(' ');

let admin: APIRequestContext;
let member: APIRequestContext;
let groupId: string;

const address = () => `192.0.2.${1 + Math.floor(Math.random() * 250)}`;

/** Says which encoding a response has, and that a cache may not give one version for another. */
function expectEncoding(response: APIResponse, encoding: 'br' | 'gzip' | undefined) {
	const headers = response.headers();
	const what = `${response.status()} ${response.url()}`;
	expect(headers['content-encoding'], what).toBe(encoding);
	expect(headers['vary'] ?? '', what).toMatch(/accept-encoding/i);
}

test.beforeAll(async ({ baseURL }) => {
	// Two sign-ups and a sign-in hash passphrases: seconds each on a busy two-core machine.
	test.setTimeout(120_000);
	admin = await person(baseURL!, baseURL!, address());
	const circle = await circleWithCode(admin, 1, 'Compression');
	groupId = circle.groupId;
	member = await person(baseURL!, baseURL!, address());
	await joinWithCode(member, circle.code, groupId);
	// A message on the page, so that its data is more than 1 KB too.
	recordSecret('message text', LONG_MESSAGE);
	await post(member, `/groups/${groupId}?/send`, {
		clientId: crypto.randomUUID(),
		body: LONG_MESSAGE
	});
});

test.afterAll(async () => {
	await admin?.dispose();
	await member?.dispose();
});

test('signed-out pages: brotli, gzip or nothing, as the phone asks', async ({ request }) => {
	for (const path of ['/login', '/safety']) {
		const brotli = await request.get(path, { headers: { ...HTML, ...BROWSER } });
		const gzip = await request.get(path, { headers: { ...HTML, ...GZIP } });
		const plain = await request.get(path, { headers: { ...HTML, ...PLAIN } });
		for (const response of [brotli, gzip, plain]) {
			expect(response.status(), path).toBe(200);
			expectSecurityHeaders(response, { signedIn: false });
			expect(await response.text(), path).toMatch(/^<!doctype html>/i);
		}
		expectEncoding(brotli, 'br');
		expectEncoding(gzip, 'gzip');
		expectEncoding(plain, undefined);
	}
});

test('a signed-in page and its __data.json: compressed, still no-store with every security header', async () => {
	const page = `/groups/${groupId}`;
	const brotli = await member.get(page, { headers: BROWSER });
	const gzip = await member.get(page, { headers: GZIP });
	const plain = await member.get(page, { headers: PLAIN });
	for (const response of [brotli, gzip, plain]) {
		expect(response.status()).toBe(200);
		expectSecurityHeaders(response, { signedIn: true });
		expect(await response.text()).toContain('talked about seeds');
	}
	expectEncoding(brotli, 'br');
	expectEncoding(gzip, 'gzip');
	expectEncoding(plain, undefined);

	const data = `${page}/__data.json`;
	const dataBrotli = await member.get(data, { headers: BROWSER });
	const dataPlain = await member.get(data, { headers: PLAIN });
	for (const response of [dataBrotli, dataPlain]) {
		expect(response.status()).toBe(200);
		expect(response.headers()['content-type']).toContain('application/json');
		expectSecurityHeaders(response, { signedIn: true });
		expect(JSON.stringify(await response.json())).toContain('talked about seeds');
	}
	expectEncoding(dataBrotli, 'br');
	expectEncoding(dataPlain, undefined);
	expect(Number(dataPlain.headers()['content-length'])).toBeGreaterThan(1024);
});

test('form results: the page and a long result compressed, a tiny result as it is', async ({
	baseURL
}) => {
	// Too long to send: the form comes back with what the member typed, and why.
	const tooLong = `${LONG_MESSAGE} ${LONG_MESSAGE}`;
	recordSecret('message text', tooLong);
	const form = { clientId: crypto.randomUUID(), body: tooLong };
	const action = `/groups/${groupId}?/send`;
	const page = await member.post(action, { form, headers: { ...HTML, ...BROWSER } });
	expect(page.status()).toBe(400);
	expect(page.headers()['content-type']).toContain('text/html');
	expectEncoding(page, 'br');
	expectSecurityHeaders(page, { signedIn: true });

	const scripted = { origin: baseURL!, accept: 'application/json', 'x-sveltekit-action': 'true' };
	const result = await member.post(action, { form, headers: { ...scripted, ...BROWSER } });
	expect(await result.json()).toMatchObject({ type: 'failure', status: 400 });
	expectEncoding(result, 'br');
	expectSecurityHeaders(result, { signedIn: true });

	// A few dozen bytes: compressing them would only add work.
	const tiny = await member.post('/account?/sessionMode', {
		form: { mode: 'shared' },
		headers: { ...scripted, ...BROWSER }
	});
	expect(await tiny.json()).toMatchObject({ type: 'success' });
	expect(Number(tiny.headers()['content-length'])).toBeLessThan(1024);
	expectEncoding(tiny, undefined);
	expectSecurityHeaders(tiny, { signedIn: true });
});

test('socket.io long-polling replies of 1 KB and more are gzipped', async ({ baseURL }) => {
	const polling = '/socket.io/?EIO=4&transport=polling';
	const origin = { origin: baseURL! };
	const opened = await member.get(polling, { headers: { ...origin, ...BROWSER } });
	const { sid } = JSON.parse((await opened.text()).slice(1)) as { sid: string };
	const session = `${polling}&sid=${sid}`;
	const send = async (packet: string) => {
		const sent = await member.post(session, {
			data: packet,
			headers: { ...origin, 'content-type': 'text/plain;charset=UTF-8' }
		});
		expect(await sent.text()).toBe('ok');
	};
	const poll = (encodings: Record<string, string>) =>
		member.get(session, { headers: { ...origin, ...encodings } });

	await send('40');
	expect(await (await poll(BROWSER)).text()).toMatch(/^40\{"sid":/);

	// Each acknowledgement carries the stored message back: more than 1 KB.
	const message = (ack: number) =>
		`42${ack}${JSON.stringify([
			'message:send',
			{ groupId, clientId: crypto.randomUUID(), body: LONG_MESSAGE }
		])}`;
	recordSecret('message text', LONG_MESSAGE);
	for (const [ack, encodings, encoding] of [
		[1, BROWSER, 'gzip'],
		[2, PLAIN, undefined]
	] as const) {
		await send(message(ack));
		const reply = await poll(encodings);
		expect(reply.status()).toBe(200);
		expect(reply.headers()['content-encoding']).toBe(encoding);
		expectSecurityHeaders(reply, { signedIn: true });
		const text = await reply.text();
		expect(text).toMatch(new RegExp(`^43${ack}\\[\\{"ok":true`));
		expect(text).toContain('talked about seeds');
	}
	await send('41');
});

test('build files go as the adapter precompressed them, encoded once', async ({ request }) => {
	// A page with scripts of its own (most have none): the circle's.
	const circle = await member.get(`/groups/${groupId}`, { headers: HTML });
	const asset = (await circle.text()).match(/_app\/immutable\/[^"']+\.js/)?.[0];
	expect(asset, 'the page links a build file').toBeTruthy();
	const plain = await request.get(`/${asset}`, { headers: PLAIN });
	expectEncoding(plain, undefined);
	for (const [encodings, encoding] of [
		[BROWSER, 'br'],
		[GZIP, 'gzip']
	] as const) {
		const response = await request.get(`/${asset}`, { headers: encodings });
		expect(response.status()).toBe(200);
		expectEncoding(response, encoding);
		// Its length known beforehand: the file written at build time, not compressed per request.
		expect(Number(response.headers()['content-length'])).toBeGreaterThan(0);
		expect(response.headers()['cache-control']).toBe('public,max-age=31536000,immutable');
		expect((await response.body()).equals(await plain.body())).toBe(true);
	}
});
