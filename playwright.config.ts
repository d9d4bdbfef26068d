import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

/** Debian's Chromium where there is one (Playwright cannot download its own browser everywhere). */
const executablePath =
	process.env.CHROMIUM_PATH || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

const port = Number(process.env.E2E_PORT || 4173);
const baseURL = `http://localhost:${port}`;

/**
 * The server trusts X-Forwarded-For, as behind a proxy; each worker sends its own address, so
 * that the failures one test provokes on purpose never lock another test out.
 */
const workerAddress = `198.51.100.${1 + Math.floor(Math.random() * 250)}`;

/**
 * The run's own folder: the server's log and the secrets the tests used, which the global
 * teardown looks for in the log. The workers load this file again and inherit the folder.
 */
process.env.E2E_RUN_DIR ||= mkdtempSync(join(tmpdir(), 'circles-e2e-run-'));

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.e2e.ts',
	fullyParallel: true,
	// Two workers on two cores. A third finished four files a quarter sooner, but the whole run
	// then timed out the tests that start processes of their own (a PostgreSQL cluster, a server).
	workers: 2,
	forbidOnly: Boolean(process.env.CI),
	// Server, Chromium and two workers share two cores: a test that fails under that load and
	// passes when run again is reported as flaky (and looked into), not as a red build. A test
	// that fails twice still fails.
	retries: 1,
	globalTeardown: './tests/e2e/log-hygiene.ts',
	reporter: 'list',
	timeout: 45_000,
	// Two workers, the server and Chromium share two cores: a page can take more than 5 s to answer.
	expect: { timeout: 10_000 },
	use: {
		baseURL,
		viewport: { width: 360, height: 740 },
		hasTouch: true,
		extraHTTPHeaders: { 'X-Forwarded-For': workerAddress },
		launchOptions: {
			executablePath,
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-dev-shm-usage',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run'
			]
		}
	},
	webServer: {
		// The production build (npm run build), as `npm start` serves it, on a fresh database with
		// its first admin.
		command: 'node tests/e2e/serve.js',
		url: `${baseURL}/healthz`,
		reuseExistingServer: false,
		env: {
			PORT: String(port),
			ORIGIN: baseURL,
			// Every request logged, so that the log-hygiene check sees all that a request line holds.
			LOG_LEVEL: 'info',
			ADDRESS_HEADER: 'x-forwarded-for',
			XFF_DEPTH: '1'
		},
		// Creating the first admin (argon2) and compiling on start take long on a busy two-core machine.
		timeout: 120_000
	}
});
