import { join } from 'node:path';
import type { Plugin } from 'vite';

/**
 * Scripts that stand apart from the framework: each loaded by a module script in the page rather
 * than imported by a page's code, so that pages without scripts of their own can have them. What
 * one shares with the framework's pages (the socket client) stays in their shared files.
 * - `live-notices`: a crisis alert and "someone answered", on every page for those who hear them.
 * - `meeting-sheet`: a savings meeting sheet's running totals, draft and sending.
 * - `check-in-code`: a course session's check-in code renewed, and its attendance list with it.
 * - `support-thread`: a private conversation with a circle's facilitators, live.
 * - `group-lists`: a circle's topics and polls (and its review list), live.
 */
export const STANDALONE_SCRIPTS = {
	'live-notices': 'src/lib/realtime/live-notices.ts',
	'meeting-sheet': 'src/lib/savings/meeting-sheet-script.ts',
	'check-in-code': 'src/lib/courses/check-in-code-script.ts',
	'support-thread': 'src/lib/realtime/support-thread-script.ts',
	'group-lists': 'src/lib/groups/group-lists-script.ts'
} as const;

export type StandaloneScript = keyof typeof STANDALONE_SCRIPTS;

/**
 * Where the browser build writes a script, under `_app/immutable/` and each language's copy of it
 * (one-language-bundles.ts). A name of its own, not a hashed one, because the server is built
 * before the browser's files and must know it: the page adds the build's version to the address,
 * so a new build is a new address (the file is served as never changing).
 */
export const standaloneFile = (name: StandaloneScript) => `entry/${name}.js`;

/** Builds each of `STANDALONE_SCRIPTS` as a file of its own in the browser build. */
export function standaloneScripts(): Plugin {
	let root = '';
	let browserBuild = false;
	return {
		name: 'circles-standalone-scripts',
		apply: 'build',
		configResolved(config) {
			root = config.root;
			browserBuild = !config.build.ssr;
		},
		buildStart() {
			if (!browserBuild) return;
			for (const [name, source] of Object.entries(STANDALONE_SCRIPTS))
				this.emitFile({
					type: 'chunk',
					id: join(root, source),
					fileName: `_app/immutable/${standaloneFile(name as StandaloneScript)}`
				});
		}
	};
}
