import { join, posix } from 'node:path';
import type { Plugin, Rollup } from 'vite';

/**
 * Scripts that stand apart from the framework: each loaded by a module script in the page rather
 * than imported by a page's code, so that pages without scripts of their own can have them. What
 * one shares with the framework's pages (the socket client) stays in their shared files.
 * - `live-notices`: a crisis alert and "someone answered", on every page for those who hear them.
 * - `meeting-sheet`: a savings meeting sheet's running totals, draft and sending.
 * - `check-in-code`: a course session's check-in code renewed, and its attendance list with it.
 * - `support-thread`: a private conversation with a circle's facilitators, live.
 * - `group-lists`: a circle's topics and polls (and its review list), live.
 * - `conversation`: a circle's conversation, live, and messages sent without a page load.
 */
export const STANDALONE_SCRIPTS = {
	'live-notices': 'src/lib/realtime/live-notices.ts',
	'meeting-sheet': 'src/lib/savings/meeting-sheet-script.ts',
	'check-in-code': 'src/lib/courses/check-in-code-script.ts',
	'support-thread': 'src/lib/realtime/support-thread-script.ts',
	'group-lists': 'src/lib/groups/group-lists-script.ts',
	conversation: 'src/lib/groups/conversation-script.ts'
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
		},
		generateBundle(_options, bundle) {
			if (!browserBuild) return;
			for (const name of Object.keys(STANDALONE_SCRIPTS)) {
				const entry = bundle[`_app/immutable/${standaloneFile(name as StandaloneScript)}`];
				if (entry?.type === 'chunk') importWholeGraph(entry, bundle);
			}
		}
	};
}

/**
 * Makes an entry import every file its imports import, so that the browser asks for them all as
 * soon as the entry arrives: a chain of three files (the entry, the socket client, the bundler's
 * small helper it imports) cost two round trips after the entry's, 0.4 s each on a slow phone.
 * A module imported again still runs once. The ones added run before the entry's own imports,
 * which a file relying on another's side effects could notice; the only ones added today are the
 * bundler's helpers, which have none.
 */
function importWholeGraph(entry: Rollup.OutputChunk, bundle: Rollup.OutputBundle) {
	const all = new Set<string>();
	const visit = (fileName: string) => {
		const chunk = bundle[fileName];
		if (chunk?.type !== 'chunk') return;
		for (const next of chunk.imports)
			if (!all.has(next)) {
				all.add(next);
				visit(next);
			}
	};
	visit(entry.fileName);
	const missing = [...all].filter((fileName) => !entry.imports.includes(fileName));
	const relative = (fileName: string) => {
		const path = posix.relative(posix.dirname(entry.fileName), fileName);
		return path.startsWith('.') ? path : `./${path}`;
	};
	entry.code = missing.map((fileName) => `import"${relative(fileName)}";`).join('') + entry.code;
}
