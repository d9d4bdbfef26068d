import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

/** Debian's Chromium where there is one (Playwright cannot download its own browser everywhere). */
const executablePath =
	process.env.CHROMIUM_PATH || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

const port = Number(process.env.E2E_PORT || 4173);
const baseURL = `http://localhost:${port}`;

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.e2e.ts',
	fullyParallel: true,
	workers: 2,
	forbidOnly: Boolean(process.env.CI),
	reporter: 'list',
	timeout: 30_000,
	use: {
		baseURL,
		viewport: { width: 360, height: 740 },
		hasTouch: true,
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
		// The production build (npm run build), as `npm start` serves it, on an in-memory database.
		command: 'node server.js',
		url: `${baseURL}/healthz`,
		reuseExistingServer: false,
		env: { PORT: String(port), ORIGIN: baseURL, DATA_DIR: 'memory://', LOG_LEVEL: 'warn' },
		timeout: 60_000
	}
});
