import { paraglideVitePlugin } from '@inlang/paraglide-js';
import tailwindcss from '@tailwindcss/vite';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { paraglideOptions } from './paraglide.config.js';
import { realtimeDevServer } from './src/lib/server/realtime/vite-plugin.ts';

export default defineConfig({
	plugins: [tailwindcss(), sveltekit(), paraglideVitePlugin(paraglideOptions), realtimeDevServer()],
	test: {
		expect: { requireAssertions: true },
		include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
		environment: 'node',
		// A fresh PGlite runs initdb (seconds); each test file opens one, never one per test.
		testTimeout: 30_000,
		hookTimeout: 60_000
	}
});
