// Page weight: the gzip size of the JavaScript and CSS each page loads on a first visit, measured in
// Chromium against the production build (run `npm run build` first). Fails over budget.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';

const KB = 1024;
/** Budgets in gzip bytes. The group discussion page will get 80 KB of JS when it exists. */
const BUDGET = { js: 60 * KB, css: 15 * KB };
const PORT = Number(process.env.WEIGHT_PORT || 4290);
const BASE = `http://localhost:${PORT}`;

/** Every page under src/routes without a parameter, as a URL path ("(group)" folders vanish). */
function pagePaths(dir = 'src/routes', segments = []) {
	const paths = [];
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		if (entry.isDirectory()) {
			if (entry.name.includes('[')) continue;
			const next = /^\(.*\)$/.test(entry.name) ? segments : [...segments, entry.name];
			paths.push(...pagePaths(join(dir, entry.name), next));
		} else if (entry.name === '+page.svelte') {
			paths.push('/' + segments.join('/'));
		}
	}
	return paths.sort();
}

async function waitForHealth(deadline = Date.now() + 60_000) {
	while (Date.now() < deadline) {
		try {
			if ((await fetch(`${BASE}/healthz`)).ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error('the server did not start');
}

/** Bytes of JS and CSS, gzipped, that a first visit to `path` fetches from this origin. */
async function measure(browser, path) {
	const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
	const page = await context.newPage();
	const bodies = [];
	page.on('response', (response) => {
		const type = response.request().resourceType();
		if ((type === 'script' || type === 'stylesheet') && response.url().startsWith(BASE)) {
			bodies.push(
				response.body().then((body) => ({ type, size: gzipSync(body, { level: 9 }).length }))
			);
		}
	});
	await page.goto(BASE + path, { waitUntil: 'networkidle' });
	const sizes = await Promise.all(bodies);
	await context.close();
	const total = (type) => sizes.filter((s) => s.type === type).reduce((sum, s) => sum + s.size, 0);
	return { js: total('script'), css: total('stylesheet') };
}

if (!existsSync('build/handler.js')) {
	console.error('No production build: run `npm run build` first.');
	process.exit(1);
}

const server = spawn(process.execPath, ['server.js'], {
	env: {
		...process.env,
		PORT: String(PORT),
		ORIGIN: BASE,
		DATA_DIR: 'memory://',
		LOG_LEVEL: 'warn'
	},
	stdio: 'inherit'
});
let failed = false;
try {
	await waitForHealth();
	const browser = await chromium.launch({
		executablePath:
			process.env.CHROMIUM_PATH ||
			(existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined),
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-dev-shm-usage',
			'--disable-background-networking'
		]
	});
	const kb = (bytes) => (bytes / KB).toFixed(1).padStart(6);
	console.log(
		`${'page'.padEnd(24)} ${'JS KB'.padStart(6)} ${'CSS KB'.padStart(6)}  budget ${BUDGET.js / KB}/${BUDGET.css / KB} KB`
	);
	for (const path of pagePaths()) {
		const { js, css } = await measure(browser, path);
		const over = js > BUDGET.js || css > BUDGET.css;
		failed ||= over;
		console.log(`${path.padEnd(24)} ${kb(js)} ${kb(css)}  ${over ? 'OVER BUDGET' : 'ok'}`);
	}
	await browser.close();
} finally {
	server.kill('SIGTERM');
}
process.exit(failed ? 1 : 0);
