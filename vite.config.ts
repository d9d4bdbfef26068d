import { availableParallelism } from 'node:os';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import tailwindcss from '@tailwindcss/vite';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { paraglideOptions } from './paraglide.config.js';
import inlang from './project.inlang/settings.json' with { type: 'json' };
import { clientChunkGroups } from './src/lib/client-chunk-groups.ts';
import { oneLanguageBundles } from './src/lib/i18n/one-language-bundles.ts';
import { standaloneScriptBundles } from './src/lib/standalone-script-bundles.ts';
import { realtimeDevServer } from './src/lib/server/app/vite-plugin.ts';

/**
 * Validation libraries that sveltekit-superforms' adapters module imports for the schemas we do
 * not use (we use valibot). Left in the server build as bare imports, adapter-node bundles them and
 * its bundler prints a wall of their internal circular imports. Nothing of ours calls them, so
 * the bare imports are dropped (tree-shaken as free of side effects) and they are never bundled.
 */
const UNUSED_SCHEMA_LIBRARIES = /^(typebox|zod-v3-to-json-schema)$/;

export default defineConfig({
	plugins: [
		tailwindcss(),
		sveltekit(),
		paraglideVitePlugin(paraglideOptions),
		realtimeDevServer(),
		clientChunkGroups(),
		standaloneScriptBundles(inlang.locales),
		oneLanguageBundles(inlang.locales)
	],
	build: {
		rolldownOptions: {
			// A report of how long SvelteKit's and Paraglide's plugins took: nothing a newcomer can act on.
			checks: { bundlerTimings: false },
			treeshake: {
				moduleSideEffects: (id, external) =>
					external && UNUSED_SCHEMA_LIBRARIES.test(id) ? false : undefined
			}
		}
	},
	test: {
		expect: { requireAssertions: true },
		include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
		globalSetup: ['tests/helpers/migrated-pglite.ts'],
		environment: 'node',
		// On PGlite, one file per core: Vitest's default leaves a core to itself, but a file mostly
		// waits on its own database (on two cores, 20 minutes became 15). On PostgreSQL the files
		// share one database, and the backup test compares all of it: one file at a time there.
		maxWorkers: process.env.TEST_DATABASE_URL ? 1 : availableParallelism(),
		// A test file's PGlite takes a second or more to open; each file opens one, never one per test.
		testTimeout: 30_000,
		hookTimeout: 60_000
	}
});
