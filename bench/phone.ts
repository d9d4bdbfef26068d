// A first visit on a slow phone: Debian's Chromium over the DevTools protocol with the network at
// 400 kbps and 400 ms round trip and the CPU slowed 4x, against the production server (`npm run
// build` first). Run with `npm run bench:phone -- --help`.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
	chromium,
	type APIRequestContext,
	type Browser,
	type BrowserContext,
	type Request
} from '@playwright/test';
import { circleWithCode, joinWithCode, person, post } from '../tests/e2e/circle-over-http';
import { createFirstAdmin, ownServer, sparePort } from '../tests/e2e/own-server';
import { formKeyIn, PASSPHRASE } from '../tests/e2e/people';

const USAGE = `npm run bench:phone -- [--runs 5] [--kbps 400] [--rtt 400] [--cpu 4] [--lang en] [--port N]
                        [--also /savings,/services] [--signed-out /login,/signup] [--sheet]

  --runs   first visits per page (each in a new browser context: nothing cached)
  --kbps   download and upload speed
  --rtt    round trip in milliseconds
  --cpu    CPU slow-down factor
  --lang   the language the pages are read in (en, th, km, lo, my, vi)
  --port   the server's port (default: one the system has free)
  --also   more pages to measure after home, the circles list and the circle page, by path;
           {circle} stands for the circle's id (--also /groups/{circle}/help)
  --signed-out  pages to measure last with no one signed in (sign-in, the page after Leave now)
  --sheet  also a savings meeting's sheet: the member is made the secretary of a savings group
           first (which adds the group to their home page)

Pages are measured signed in (but for --signed-out) as a member of a circle with 30 messages, on a
fresh PGlite data folder, as \`npm start\` runs by default. For each page it prints the median of:
  usable  the page is painted (largest contentful paint) and has its scripts: the moment the last
          script its HTML preloads arrived (on a page without the framework, the last script it
          loads), or the paint, whichever is later (the time the scripts then take to run is not
          counted)
  live    (circle page) the moment the live connection has caught up: the server's answer that
          brings the last of what changed since the page was drawn (on this network, WebSocket
          frames take the same round trip as requests)
Then, on home, signed in anew each time: how long after a press of Leave now at the page's first
paint the page is off the screen (hidden, or replaced by the neutral site).`;

const { locales } = JSON.parse(readFileSync('project.inlang/settings.json', 'utf8')) as {
	locales: string[];
};

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

interface Options {
	runs: number;
	kbps: number;
	rttMs: number;
	cpu: number;
	lang: string;
	port: number | null;
	also: string[];
	signedOut: string[];
	sheet: boolean;
}

function readOptions(args: string[]): Options | null {
	const { values } = parseArgs({
		args,
		options: {
			runs: { type: 'string', default: '5' },
			kbps: { type: 'string', default: '400' },
			rtt: { type: 'string', default: '400' },
			cpu: { type: 'string', default: '4' },
			lang: { type: 'string', default: 'en' },
			port: { type: 'string' },
			also: { type: 'string', default: '' },
			'signed-out': { type: 'string', default: '' },
			sheet: { type: 'boolean', default: false },
			help: { type: 'boolean', default: false }
		}
	});
	const also = values.also.split(',').filter(Boolean);
	const signedOut = values['signed-out'].split(',').filter(Boolean);
	if (
		values.help ||
		!locales.includes(values.lang) ||
		[...also, ...signedOut].some((path) => !path.startsWith('/'))
	)
		return null;
	return {
		runs: Number(values.runs),
		kbps: Number(values.kbps),
		rttMs: Number(values.rtt),
		cpu: Number(values.cpu),
		lang: values.lang,
		port: values.port ? Number(values.port) : null,
		also,
		signedOut,
		sheet: values.sheet
	};
}

interface Visit {
	usableMs: number;
	liveMs: number | null;
	transferredKB: number;
}

const median = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** A page of `context` on the phone's network and CPU, and its DevTools session. */
async function slowPhonePage(context: BrowserContext, options: Options) {
	const page = await context.newPage();
	const cdp = await context.newCDPSession(page);
	const bytesPerS = (options.kbps * 1000) / 8;
	await cdp.send('Network.enable');
	await cdp.send('Network.emulateNetworkConditions', {
		offline: false,
		latency: options.rttMs,
		downloadThroughput: bytesPerS,
		uploadThroughput: bytesPerS
	});
	await cdp.send('Emulation.setCPUThrottlingRate', { rate: options.cpu });
	return { page, cdp };
}

/** One first visit to `url` in a fresh context carrying only the session cookie. */
async function visit(context: BrowserContext, url: string, options: Options): Promise<Visit> {
	const { page, cdp } = await slowPhonePage(context, options);
	let transferred = 0;
	cdp.on('Network.loadingFinished', (event) => (transferred += event.encodedDataLength));
	// Live: the server's word that ends the circle's catch-up, the one that says no more changes
	// wait (a socket.io event or acknowledgement, packet "42..." or "43..."), over long-polling or
	// over the WebSocket it upgrades to.
	let caughtUpAt: number | null = null;
	const endsCatchUp = (payload: string) =>
		payload
			.split('\x1e')
			.some((packet) => /^4[23]/.test(packet) && packet.includes('"more":false'));
	page.on('response', async (response) => {
		if (!response.url().includes('/socket.io/') || response.request().method() !== 'GET') return;
		const at = Date.now();
		if (endsCatchUp(await response.text().catch(() => ''))) caughtUpAt ??= at;
	});
	// Chromium's emulation delays requests, a WebSocket's opening among them, but not the frames
	// of an open WebSocket: here each frame takes half the round trip each way, as on the network.
	const halfTrip = options.rttMs / 2;
	await page.routeWebSocket(/\/socket\.io\//, (ws) => {
		const server = ws.connectToServer();
		ws.onMessage((message) => setTimeout(() => server.send(message), halfTrip));
		server.onMessage((message) =>
			setTimeout(() => {
				ws.send(message);
				if (typeof message === 'string' && endsCatchUp(message)) caughtUpAt ??= Date.now();
			}, halfTrip)
		);
	});
	// Scripts in flight. The load event does not wait for the scripts SvelteKit imports to start
	// the page (and comes sooner when no stylesheet holds it back): the visit waits for them.
	let scriptsLoading = 0;
	let scriptSeenAt = 0;
	const isScript = (request: Request) => new URL(request.url()).pathname.endsWith('.js');
	const scriptEnded = (request: Request) => {
		if (!isScript(request)) return;
		scriptsLoading--;
		scriptSeenAt = Date.now();
	};
	page.on('request', (request) => {
		if (!isScript(request)) return;
		scriptsLoading++;
		scriptSeenAt = Date.now();
	});
	page.on('requestfinished', scriptEnded);
	page.on('requestfailed', scriptEnded);
	const startedAt = Date.now();
	await page.goto(url, { waitUntil: 'load' });
	// Largest contentful paint settles once the page stops changing, and a page's last script has
	// come when none has been asked for or arrived for a second.
	do await page.waitForTimeout(250);
	while (scriptsLoading > 0 || Date.now() - Math.max(scriptSeenAt, startedAt) < 1_000);
	const usableMs = await page.evaluate(async () => {
		const lcp = await new Promise<number>((resolve) => {
			new PerformanceObserver((list) => {
				const entries = list.getEntries();
				resolve(entries[entries.length - 1].startTime);
			}).observe({ type: 'largest-contentful-paint', buffered: true });
			setTimeout(() => resolve(0), 2_000);
		});
		// The page's own scripts: those its HTML preloads. Not what starts later, such as SvelteKit's
		// root error page, asked for as the page starts in case a later navigation fails. A page
		// without the framework preloads nothing: every script it loads is its own.
		const preloaded = new Set(
			[...document.querySelectorAll<HTMLLinkElement>('link[rel=modulepreload]')].map(
				(link) => link.href
			)
		);
		const scripts = performance
			.getEntriesByType('resource')
			.filter((entry) =>
				preloaded.size ? preloaded.has(entry.name) : new URL(entry.name).pathname.endsWith('.js')
			)
			.map((entry) => (entry as PerformanceResourceTiming).responseEnd);
		return Math.max(lcp, ...scripts);
	});
	const liveDeadline = Date.now() + 15_000;
	if (url.match(/\/groups\/[0-9a-f-]+$/)) {
		while (caughtUpAt === null && Date.now() < liveDeadline) await page.waitForTimeout(100);
	}
	await page.close();
	return {
		usableMs,
		liveMs: caughtUpAt === null ? null : caughtUpAt - startedAt,
		transferredKB: transferred / 1024
	};
}

/** A savings group set up by the admin through its form, with `secretary` (a nickname) its secretary. */
async function savingsGroupKeptBy(admin: APIRequestContext, secretary: string) {
	const form = await admin.get('/savings/new');
	const made = await post(admin, '/savings/new', {
		formKey: formKeyIn(await form.text()),
		name: 'Market savings',
		meets: 'weekly',
		startsOn: new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10),
		currency: 'THB',
		sharePrice: '50',
		secretaryName: 'Secretary',
		secretaryNickname: secretary,
		members: 'Anan\nBua\nChai\nDao'
	});
	return made.headers().location!.match(/\/savings\/([0-9a-f-]{36})$/)![1];
}

/**
 * Leave now pressed on `url` the moment the page is first painted (the first moment a member can
 * see it): how long until the page is off the screen, hidden or replaced by the neutral site
 * (answered here, so nothing leaves this machine). Build-agnostic: it presses the link as a
 * member would and watches the page, whatever script handles the press, if any.
 */
async function leaveAtFirstPaint(context: BrowserContext, url: string, options: Options) {
	const { page } = await slowPhonePage(context, options);
	const neutralSite = /^https:\/\/www\.google\.com\//;
	await page.route(neutralSite, (route) =>
		route.fulfill({ contentType: 'text/html', body: '<title>Weather</title>' })
	);
	// Timed from the press as the page receives it (not from Playwright's checks before it).
	let pressedAt: number | null = null;
	let offAt: number | null = null;
	page.on('framenavigated', (frame) => {
		if (frame === page.mainFrame() && neutralSite.test(frame.url())) offAt ??= Date.now();
	});
	page.on('console', (message) => {
		if (message.text() === 'bench: pressed') pressedAt ??= Date.now();
		if (message.text() === 'bench: hidden') offAt ??= Date.now();
	});
	await page.addInitScript(() => {
		addEventListener('click', () => console.log('bench: pressed'), true);
		new MutationObserver(() => {
			if (document.documentElement?.hidden || document.body?.hidden) console.log('bench: hidden');
		}).observe(document, { attributes: true, subtree: true, attributeFilter: ['hidden'] });
	});
	await page.goto(url, { waitUntil: 'commit' });
	const painted = await page.waitForFunction(
		() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime
	);
	const paintedMs = (await painted.jsonValue()) as number;
	await page.locator('a[href$="leave"]').click({ noWaitAfter: true });
	const deadline = Date.now() + 15_000;
	while ((pressedAt === null || offAt === null) && Date.now() < deadline) {
		await page.waitForTimeout(20);
	}
	await page.close();
	if (pressedAt === null || offAt === null) throw new Error('Leave now did not take the page off');
	return { paintedMs, offMs: offAt - pressedAt };
}

/**
 * The production server on `port` with a fresh PGlite data folder, as `npm start` runs by
 * default, holding a circle of 30 messages, and the browser storage state (the session cookie) of
 * one of its members; `signIn` signs that member in again (Leave now signs a session out) and
 * gives the new session's state. `stop` ends the server and removes the folder.
 */
export async function serverWithCircle(port: number, { savings = false } = {}) {
	const dataDir = mkdtempSync(join(tmpdir(), 'circles-phone-'));
	const base = `http://localhost:${port}`;
	const env = { DATA_DIR: dataDir };
	let server: Awaited<ReturnType<typeof ownServer>> | undefined;
	const stop = async () => {
		await server?.stop();
		rmSync(dataDir, { recursive: true, force: true });
	};
	try {
		createFirstAdmin(null, env);
		server = await ownServer({ port, databaseUrl: null, env });
		const admin = await person(base, base);
		const { groupId, code } = await circleWithCode(admin, 2, 'Market traders');
		const members = [await person(base, base), await person(base, base)];
		const pseudonyms: string[] = [];
		for (const member of members) pseudonyms.push(await joinWithCode(member, code, groupId));
		for (let i = 0; i < 30; i++) {
			// Under the write limit of 12 messages in 10 seconds per member.
			if (i > 0 && i % 20 === 0) await new Promise((resolve) => setTimeout(resolve, 10_000));
			await post(members[i % 2], `/groups/${groupId}?/send`, {
				clientId: randomUUID(),
				body: `Message ${i + 1}: the market was busy this week and prices went up again.`
			});
		}
		const storageState = await members[0].storageState();
		const savingsGroupId = savings ? await savingsGroupKeptBy(admin, pseudonyms[0]) : null;
		await Promise.all([admin, ...members].map((client) => client.dispose()));
		const signIn = async () => {
			const client = await person(base, base);
			await post(client, '/login', { pseudonym: pseudonyms[0], passphrase: PASSPHRASE });
			const state = await client.storageState();
			await client.dispose();
			return state;
		};
		return { base, groupId, savingsGroupId, storageState, signIn, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

export async function main(args: string[]) {
	const options = readOptions(args);
	if (!options) {
		console.log(USAGE);
		return;
	}
	if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`);
	const circle = await serverWithCircle(options.port ?? (await sparePort()), {
		savings: options.sheet
	});
	const { base, groupId, savingsGroupId, storageState, signIn } = circle;
	let browser: Browser | undefined;
	try {
		browser = await chromium.launch({
			executablePath: CHROMIUM,
			args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage']
		});
		const pages = [
			{ name: 'home', path: '/', state: storageState },
			{ name: 'circles list', path: '/groups', state: storageState },
			{ name: 'circle page', path: `/groups/${groupId}`, state: storageState },
			...options.also.map((path) => ({
				name: path.replace('{circle}', '…'),
				path: path.replace('{circle}', groupId),
				state: storageState
			})),
			...(savingsGroupId
				? [
						{
							name: 'meeting sheet',
							path: `/savings/${savingsGroupId}/meetings/new`,
							state: storageState
						}
					]
				: []),
			...options.signedOut.map((path) => ({ name: `${path} (out)`, path, state: undefined }))
		];
		console.log(
			`\n${options.kbps} kbps, ${options.rttMs} ms round trip, CPU ${options.cpu}x, in ${options.lang}; median of ${options.runs} first visits\n`
		);
		console.log(
			'page'.padEnd(16) + 'usable s'.padStart(10) + 'live s'.padStart(10) + 'KB sent'.padStart(10)
		);
		const phone = async (state: typeof storageState | undefined) => {
			const context = await browser!.newContext({
				storageState: state,
				viewport: { width: 360, height: 740 },
				hasTouch: true,
				isMobile: true
			});
			await context.addCookies([{ name: 'lang', value: options.lang, url: base }]);
			return context;
		};
		for (const { name, path, state } of pages) {
			const visits: Visit[] = [];
			for (let run = 0; run < options.runs; run++) {
				const context = await phone(state);
				visits.push(await visit(context, `${base}${path}`, options));
				await context.close();
			}
			const lives = visits.flatMap((v) => (v.liveMs === null ? [] : [v.liveMs]));
			console.log(
				name.padEnd(16) +
					(median(visits.map((v) => v.usableMs)) / 1000).toFixed(2).padStart(10) +
					(lives.length ? (median(lives) / 1000).toFixed(2) : '-').padStart(10) +
					median(visits.map((v) => v.transferredKB))
						.toFixed(1)
						.padStart(10)
			);
		}
		// Last: each press signs its session out, so each visit signs in anew.
		const presses: { paintedMs: number; offMs: number }[] = [];
		for (let run = 0; run < options.runs; run++) {
			const context = await phone(await signIn());
			presses.push(await leaveAtFirstPaint(context, `${base}/`, options));
			await context.close();
		}
		const seconds = (ms: number) => (ms / 1000).toFixed(2);
		console.log(
			'\nLeave now pressed on home at its first paint, each visit: first paint (s after the visit\n' +
				'began) / off the screen (s after the press)\n' +
				presses
					.map((press) => `${seconds(press.paintedMs)} / ${seconds(press.offMs)}`)
					.join('   ') +
				`\nmedian off the screen after ${seconds(median(presses.map((press) => press.offMs)))} s`
		);
	} finally {
		await browser?.close();
		await circle.stop();
	}
}
