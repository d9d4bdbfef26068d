// Lighthouse's performance score on the main pages, signed in: its Node API with its mobile
// defaults, Debian's Chromium, the production server (`npm run build` first). Run with
// `npm run bench:lighthouse -- --help`.
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { chromium, type BrowserContext } from '@playwright/test';
import { launch, type LaunchedChrome } from 'chrome-launcher';
import lighthouse, { type Result } from 'lighthouse';
import { sparePort } from '../tests/e2e/own-server';
import { CHROMIUM, serverWithCircle } from './phone';

const USAGE = `npm run bench:lighthouse -- [--runs 5] [--only page] [--port N] [--chrome-port N]

  --runs         Lighthouse runs per page, each in a newly launched Chromium
  --only         one page, by name (home, circles, circle, savings, courses, services,
                 complaints, account, help, safety)
  --port         the server's port (default: one the system has free)
  --chrome-port  Chromium's DevTools port (default: one the system has free)

Lighthouse (the version package.json pins) with its defaults: mobile form factor and screen, simulated throttling (slow 4G,
CPU 4x), performance category only. Signed in as a member of a circle with 30 messages, on a
fresh PGlite data folder. For each page it prints the median performance score, largest
contentful paint, total blocking time and cumulative layout shift, the lowest and highest score
and LCP of the runs, and Lighthouse's benchmark index of the machine (bench: lower on a busy
machine, where the simulated timings run high). It fails if a request went to another origin
than the server's or was answered with an error.`;

/** The pages a member reaches from home, the header and the footer. */
const PAGES = (groupId: string) => [
	{ name: 'home', path: '/' },
	{ name: 'circles', path: '/groups' },
	{ name: 'circle', path: `/groups/${groupId}` },
	{ name: 'savings', path: '/savings' },
	{ name: 'courses', path: '/courses' },
	{ name: 'services', path: '/services' },
	{ name: 'complaints', path: '/complaints' },
	{ name: 'account', path: '/account' },
	{ name: 'help', path: '/help' },
	{ name: 'safety', path: '/safety' }
];

interface Options {
	runs: number;
	only: string | null;
	port: number | null;
	chromePort: number | null;
}

function readOptions(args: string[]): Options | null {
	const { values } = parseArgs({
		args,
		options: {
			runs: { type: 'string', default: '5' },
			only: { type: 'string' },
			port: { type: 'string' },
			'chrome-port': { type: 'string' },
			help: { type: 'boolean', default: false }
		}
	});
	if (values.help) return null;
	return {
		runs: Number(values.runs),
		only: values.only ?? null,
		port: values.port ? Number(values.port) : null,
		chromePort: values['chrome-port'] ? Number(values['chrome-port']) : null
	};
}

interface Run {
	score: number;
	lcpMs: number;
	tbtMs: number;
	cls: number;
	benchmarkIndex: number;
	versions: string;
}

const median = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** Chromium as Lighthouse's own CLI launches it, unable to resolve any host but this machine. */
async function launchChromium(port: number | null): Promise<LaunchedChrome> {
	return launch({
		chromePath: CHROMIUM,
		...(port ? { port } : {}),
		chromeFlags: [
			'--headless=new',
			'--no-sandbox',
			'--disable-dev-shm-usage',
			// A page or Chromium itself reaching out would fail here; the check below names it.
			'--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost'
		]
	});
}

type Cookies = Parameters<BrowserContext['addCookies']>[0];

/** Puts the member's session cookie in the browser, as if they had signed in there. */
async function signIn(chromePort: number, cookies: Cookies) {
	const browser = await chromium.connectOverCDP(`http://127.0.0.1:${chromePort}`);
	try {
		await browser.contexts()[0].addCookies(cookies);
	} finally {
		// Connected, not launched: this only disconnects, the browser keeps running.
		await browser.close();
	}
}

/**
 * What went wrong with the page's requests: any to another origin than `origin` (data: and blob:
 * URLs are not requests), or answered with an error (a build replaced under the server, say).
 */
function badRequests(lhr: Result, origin: string): string[] {
	const details = lhr.audits['network-requests']?.details;
	const items = (details && 'items' in details ? details.items : []) as Array<{
		url?: unknown;
		statusCode?: unknown;
	}>;
	return items.flatMap((item) => {
		const url = String(item.url);
		if (/^(data|blob):/.test(url)) return [];
		if (new URL(url).origin !== origin) return [`${url} (another origin)`];
		return Number(item.statusCode) >= 400 ? [`${url} (${item.statusCode})`] : [];
	});
}

async function measure(url: string, options: Options, cookies: Cookies) {
	const chrome = await launchChromium(options.chromePort);
	try {
		await signIn(chrome.port, cookies);
		const result = await lighthouse(url, {
			port: chrome.port,
			output: 'json',
			logLevel: 'error',
			onlyCategories: ['performance']
		});
		if (!result) throw new Error(`no Lighthouse result for ${url}`);
		const { lhr } = result;
		// Lighthouse asks to run again after these (a trace it could not read, on a busy machine).
		if (lhr.runtimeError) {
			console.warn(`  ${url}: ${lhr.runtimeError.code}, running again`);
			return null;
		}
		// Not signed in, the page would send Lighthouse to the sign-in page and measure that.
		if (new URL(lhr.finalDisplayedUrl).pathname !== new URL(url).pathname)
			throw new Error(`${url} ended at ${lhr.finalDisplayedUrl}`);
		const bad = badRequests(lhr, new URL(url).origin);
		if (bad.length) throw new Error(`${url}: ${bad.join(', ')}`);
		for (const warning of lhr.runWarnings) console.warn(`  warning: ${warning}`);
		const numeric = (id: string) => lhr.audits[id].numericValue ?? NaN;
		return {
			score: (lhr.categories.performance.score ?? NaN) * 100,
			lcpMs: numeric('largest-contentful-paint'),
			tbtMs: numeric('total-blocking-time'),
			cls: numeric('cumulative-layout-shift'),
			// Lighthouse's measure of the machine's speed: low on a busy machine, and then the
			// simulated timings (observed CPU time times 4) run high.
			benchmarkIndex: lhr.environment.benchmarkIndex,
			versions: `Lighthouse ${lhr.lighthouseVersion}, ${lhr.environment.hostUserAgent}`
		};
	} finally {
		// Gone before the next run launches another on the same port.
		const closed = new Promise((resolve) => chrome.process.once('close', resolve));
		chrome.kill();
		await closed;
	}
}

export async function main(args: string[]) {
	const options = readOptions(args);
	if (!options) {
		console.log(USAGE);
		return;
	}
	if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`);
	const circle = await serverWithCircle(options.port ?? (await sparePort()));
	try {
		const pages = PAGES(circle.groupId).filter(
			(page) => options.only === null || page.name === options.only
		);
		if (pages.length === 0) throw new Error(`no page named ${options.only}`);
		const { cookies } = circle.storageState;
		const loadBefore = loadavg()[0];
		const rows: string[] = [];
		let versions = '';
		for (const page of pages) {
			const runs: Run[] = [];
			for (let run = 0; run < options.runs; run++) {
				let last: Run | null = null;
				for (let attempt = 0; attempt < 3 && !last; attempt++)
					last = await measure(`${circle.base}${page.path}`, options, cookies);
				if (!last) throw new Error(`${page.name}: three runs in a row failed`);
				runs.push(last);
				versions = last.versions;
				console.log(
					`${page.name} run ${run + 1}: score ${last.score.toFixed(0)}, LCP ${(last.lcpMs / 1000).toFixed(2)} s, TBT ${last.tbtMs.toFixed(0)} ms, benchmark index ${last.benchmarkIndex.toFixed(0)}`
				);
			}
			const scores = runs.map((r) => r.score);
			const lcps = runs.map((r) => r.lcpMs / 1000);
			rows.push(
				page.name.padEnd(12) +
					median(scores).toFixed(0).padStart(6) +
					median(lcps).toFixed(2).padStart(8) +
					median(runs.map((r) => r.tbtMs))
						.toFixed(0)
						.padStart(8) +
					median(runs.map((r) => r.cls))
						.toFixed(3)
						.padStart(7) +
					`${Math.min(...scores).toFixed(0)}–${Math.max(...scores).toFixed(0)}`.padStart(9) +
					`${Math.min(...lcps).toFixed(2)}–${Math.max(...lcps).toFixed(2)}`.padStart(12) +
					median(runs.map((r) => r.benchmarkIndex))
						.toFixed(0)
						.padStart(7)
			);
		}
		console.log(`\n${versions}`);
		console.log(
			`Mobile defaults (simulated slow 4G, CPU 4x), median of ${options.runs} runs; load average ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after\n`
		);
		console.log(
			'page'.padEnd(12) +
				'score'.padStart(6) +
				'LCP s'.padStart(8) +
				'TBT ms'.padStart(8) +
				'CLS'.padStart(7) +
				'scores'.padStart(9) +
				'LCP s range'.padStart(12) +
				'bench'.padStart(7)
		);
		for (const row of rows) console.log(row);
	} finally {
		await circle.stop();
	}
}
