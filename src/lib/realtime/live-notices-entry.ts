import { join } from 'node:path';
import type { Plugin } from 'vite';

/**
 * Where the browser build writes `live-notices.ts`, under `_app/immutable/` and each language's
 * copy of it (one-language-bundles.ts). A name of its own, not a hashed one, because the server is
 * built before the browser's files and must know it: the page adds the build's version to the
 * address, so a new build is a new address (the file is served as never changing).
 */
export const LIVE_NOTICES_FILE = 'entry/live-notices.js';

/**
 * Builds `live-notices.ts` as a script of its own, loaded by a module script in the page rather
 * than imported by a page's code, so that pages without scripts have it too. What it shares with
 * the live pages (the socket client) stays in their shared files, fetched once.
 */
export function liveNoticesEntry(): Plugin {
	let source = '';
	let browserBuild = false;
	return {
		name: 'circles-live-notices-entry',
		apply: 'build',
		configResolved(config) {
			source = join(config.root, 'src/lib/realtime/live-notices.ts');
			browserBuild = !config.build.ssr;
		},
		buildStart() {
			if (!browserBuild) return;
			this.emitFile({ type: 'chunk', id: source, fileName: `_app/immutable/${LIVE_NOTICES_FILE}` });
		}
	};
}
