import type { Plugin } from 'vite';

/**
 * Code every page with the framework runs: Svelte, SvelteKit's client, what they import, Vite's
 * preload helper. Not socket.io's client, which only the live pages load.
 */
export const FRAMEWORK_MODULE =
	/node_modules[\\/](svelte|@sveltejs[\\/]kit|esm-env|devalue|clsx)[\\/]|^\0vite[\\/]preload-helper/;

/**
 * Paraglide's runtime and plural rules, which every script with words imports: apart from the
 * framework, so that a script apart from it (a circle's conversation) does not carry it for them.
 */
export const PARAGLIDE_RUNTIME = /src[\\/]lib[\\/]paraglide[\\/](runtime|registry)\.js$/;

/** SvelteKit's root layout and root error page in the browser build: every page loads both. */
const ROOT_NODE = /[\\/]generated[\\/]client-optimized[\\/]nodes[\\/][01]\.js$/;

/** What the bundler tells of a module (Rolldown's `this.getModuleInfo`). */
interface ModuleLinks {
	importedIds: readonly string[];
	dynamicallyImportedIds: readonly string[];
	code: string | null;
}

/** Paraglide's index of messages: it imports all 4,000 of them, of which a page calls a few. */
const MESSAGE_INDEX = /[\\/]paraglide[\\/]messages(\.js|[\\/]_index\.js)$/;
const MESSAGE = /[\\/]paraglide[\\/]messages[\\/](\w+)\.js$/;
/** A message called in our code (`m.leave_now()`; every module imports them as `m`). */
const MESSAGE_CALL = /\bm\.(\w+)/g;

/**
 * The modules that can share one file with the framework's code without a page loading what it
 * does not run: all that the root layout and root error page import, with only the messages they
 * call, leaving out the modules that import something dynamically and those that import such a
 * module (they stay in the layout's own file). Why leave those out: SvelteKit's list of a page's
 * preloads (find_deps) walks dynamic imports too and marks what it passes there as seen, so a page
 * that imported a shared file with a dynamic import of the socket client no longer preloaded that
 * client, which it imports itself (`npm run check:preloads` finds such a file).
 */
export function everyPageModules(
	ids: Iterable<string>,
	info: (id: string) => ModuleLinks | null
): Set<string> {
	const all = [...ids];
	const messages = new Map(
		all.flatMap((id) => (MESSAGE.test(id) ? [[id.match(MESSAGE)![1], id]] : []))
	);
	const links = (id: string): string[] => {
		const module = info(id);
		if (!module || MESSAGE_INDEX.test(id)) return [];
		const called = [...(module.code ?? '').matchAll(MESSAGE_CALL)].flatMap(
			([, name]) => messages.get(name) ?? []
		);
		return [...module.importedIds, ...called];
	};
	const roots = new Set(all.filter((id) => ROOT_NODE.test(id)));
	const reached = new Set<string>();
	const importers = new Map<string, string[]>();
	const pending = [...roots];
	while (pending.length) {
		const id = pending.pop()!;
		if (reached.has(id)) continue;
		reached.add(id);
		for (const next of links(id)) {
			importers.set(next, [...(importers.get(next) ?? []), id]);
			pending.push(next);
		}
	}
	// Whatever imports, directly or not, a module with a dynamic import stays out.
	const excluded = new Set(roots);
	const loading = [...reached].filter((id) => info(id)?.dynamicallyImportedIds.length);
	while (loading.length) {
		const id = loading.pop()!;
		if (excluded.has(id)) continue;
		excluded.add(id);
		loading.push(...(importers.get(id) ?? []));
	}
	return new Set(
		[...reached].filter(
			(id) =>
				!excluded.has(id) &&
				!MESSAGE_INDEX.test(id) &&
				!FRAMEWORK_MODULE.test(id) &&
				!PARAGLIDE_RUNTIME.test(id)
		)
	);
}

/**
 * The bundler splits shared code by the set of pages that use it, so Svelte's and SvelteKit's
 * client came in pieces, and so did every word of the menu that a page also shows (a Paraglide
 * message is a module of its own): a page loaded 15 to 28 script files, half of them under 500
 * bytes. A phone asks for at most six files at a time over HTTP/1.1, so each further six cost a
 * round trip (0.4 s on a slow link) whatever their size. Three groups fix that at no cost in what a
 * page loads, since every page with the framework runs them: the framework (Svelte, SvelteKit's
 * client, Vite's preload helper), Paraglide's runtime, and what the root layout and error page
 * import (`everyPageModules`). Only the browser build: the server reads its modules once, from disk.
 */
export function clientChunkGroups(): Plugin {
	let everyPage = new Set<string>();
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
								groups: [
									{ name: 'framework', test: FRAMEWORK_MODULE, priority: 2 },
									{ name: 'paraglide', test: PARAGLIDE_RUNTIME, priority: 2 },
									{ name: 'every-page', test: (id) => everyPage.has(id), priority: 1 }
								]
							}
						}
					}
				}
			};
		},
		// The whole module graph is known here, before the bundler splits it into files.
		buildEnd() {
			everyPage = everyPageModules(this.getModuleIds(), (id) => this.getModuleInfo(id));
		}
	};
}
