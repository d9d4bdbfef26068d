import { expect, test } from '@playwright/test';
import { NO_GROUP } from '../route-matrix';
import { adminContext, makeInvitation, signUpOnPage, uniquePseudonym } from './people';

/**
 * /metrics as an operator's scraper on the same machine reads it, and as the internet does not.
 * The suite's requests carry X-Forwarded-For (the server trusts it, as behind a proxy); the
 * scraper's context here carries none: it is a plain connection over loopback.
 */
test('/metrics answers loopback with the metrics and no one who just signed in', async ({
	browser,
	baseURL,
	playwright,
	request
}) => {
	// A member joins (and is signed in), and opens a page whose path holds an id.
	const admin = await adminContext(browser, baseURL!);
	const code = await makeInvitation(admin);
	const pseudonym = uniquePseudonym('metr');
	const member = await browser.newContext({ baseURL });
	const page = await member.newPage();
	await signUpOnPage(page, code, pseudonym);
	expect((await page.goto(`/groups/${NO_GROUP}`))?.status()).toBe(404);
	// Someone fails to sign in with a nickname of their own.
	const tried = uniquePseudonym('tried');
	const failed = await request.post('/login', {
		form: { pseudonym: tried, passphrase: 'not the right words at all' },
		headers: { origin: baseURL!, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(failed.status()).toBe(400);

	const scraper = await playwright.request.newContext({ baseURL, extraHTTPHeaders: {} });
	try {
		const response = await scraper.get('/metrics');
		expect(response.status()).toBe(200);
		expect(response.headers()['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
		expect(response.headers()['cache-control']).toContain('no-store');
		const body = await response.text();
		for (const name of [
			'circles_http_request_duration_seconds',
			'circles_socket_connections',
			'circles_socket_connections_refused_total',
			'circles_messages_stored_total',
			'circles_writes_refused_total',
			'circles_signin_failures_total',
			'circles_backup_last_time_seconds',
			'nodejs_eventloop_lag_seconds',
			'process_resident_memory_bytes'
		])
			expect(body, name).toContain(`# TYPE ${name} `);
		// Requests by route id, never by the path as asked.
		expect(body).toMatch(
			/circles_http_request_duration_seconds_count\{[^}]*route="\/groups\/\[id\]"/
		);
		expect(body).toMatch(/circles_signin_failures_total\{reason="invalid"\} [1-9]/);
		for (const secret of [pseudonym, tried, NO_GROUP, code]) expect(body).not.toContain(secret);

		// Through a proxy (the header it adds), or from anywhere else: a page that does not exist.
		for (const address of ['203.0.113.9', '127.0.0.1']) {
			const forwarded = await scraper.get('/metrics', { headers: { 'x-forwarded-for': address } });
			expect(forwarded.status()).toBe(404);
			expect(await forwarded.text()).not.toContain('circles_');
		}
		// No METRICS_TOKEN on this server: a bearer gets nothing either.
		const bearer = await request.get('/metrics', {
			headers: { authorization: `Bearer ${'x'.repeat(40)}` }
		});
		expect(bearer.status()).toBe(404);
	} finally {
		await scraper.dispose();
		await member.close();
		await admin.close();
	}
});
