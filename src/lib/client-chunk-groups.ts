import type { Plugin } from 'vite';

/**
 * Code every page runs: Svelte, SvelteKit's client, what they import, Vite's preload helper and
 * Paraglide's runtime. Not socket.io's client, which only the live pages load.
 */
export const FRAMEWORK_MODULE =
	/node_modules[\\/](svelte|@sveltejs[\\/]kit|esm-env|devalue|clsx)[\\/]|^\0vite[\\/]preload-helper|src[\\/]lib[\\/]paraglide[\\/](runtime|registry)\.js$/;

/**
 * The bundler splits shared code by the set of pages that use it, so Svelte's and SvelteKit's
 * client came in pieces: a circle's page loaded 28 script files, half of them under 500 bytes
 * (Svelte's version marker, a one-line re-export, the preload helper), each also carrying about
 * 560 bytes of response headers. Code every page runs costs no page anything when it travels as
 * one file: 6 to 8 files and 1.1 to 2.2 KB (gzip) fewer a page, one file compressing better than
 * several.
 *
 * Not also the root layout and error page with what they import, though that took 5 files more
 * off: SvelteKit's list of a page's preloads (find_deps) walks dynamic imports too and marks what
 * it passes there as seen, so a page that shares a file with the layout no longer preloaded the
 * socket client, which the layout's crisis and help listeners import dynamically (the circle went
 * live 0.35 s later than with the framework alone). `npm run check:preloads` finds such a file.
 * Only the browser build: the server reads its modules once, from disk.
 */
export function clientChunkGroups(): Plugin {
	return {
		name: 'circles-client-chunk-groups',
		apply: 'build',
		// SvelteKit starts the server's build and then the browser's, deciding which in its own
		// config hook (build.ssr): this plugin comes after it.
		config(config) {
			if (config.build?.ssr) return;
			return {
				build: {
					rolldownOptions: {
						output: {
							codeSplitting: {
								groups: [{ name: 'framework', test: FRAMEWORK_MODULE }]
							}
						}
					}
				}
			};
		}
	};
}
