import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rolldown } from 'rolldown';
import type { Plugin } from 'vite';
import { minified } from './i18n/one-language-bundles.ts';
import { STANDALONE_SCRIPTS, standaloneFile, type StandaloneScript } from './standalone-scripts.ts';

const IMMUTABLE = '_app/immutable/';

/**
 * Builds each of `STANDALONE_SCRIPTS` as one file in the browser build, in every language's copy
 * of it (`locales`, one-language-bundles.ts): everything it imports is inside, the socket client
 * and its words too. Split as the bundler splits shared code, the circle's conversation was ten
 * files: the browser found its imports only once the script had come and the page's parsing let it
 * look (0.3 s later on a slow phone), and asked for them over five connections, two rounds of a
 * round trip each (0.4 s). The cost: a page with two such scripts (a facilitator's, with the live
 * notices) loads the socket client twice, once per script, each kept for the build's lifetime.
 */
export function standaloneScriptBundles(locales: readonly string[]): Plugin {
	let root = '';
	let browserBuild = false;
	let target: string | string[] = 'es2020';
	return {
		name: 'circles-standalone-scripts',
		apply: 'build',
		configResolved(config) {
			root = config.root;
			browserBuild = !config.build.ssr;
			if (config.build.target) target = config.build.target;
		},
		buildStart() {
			if (!browserBuild) return;
			for (const [name, source] of Object.entries(STANDALONE_SCRIPTS))
				this.emitFile({
					type: 'chunk',
					id: join(root, source),
					fileName: `${IMMUTABLE}${standaloneFile(name as StandaloneScript)}`
				});
		},
		// After the language copies are written (one-language-bundles.ts, in the usual order): each
		// copy's script is bundled from that copy's files, so it holds its own language's words.
		writeBundle: {
			order: 'post',
			async handler(options) {
				if (!browserBuild || !options.dir) return;
				for (const folder of ['', ...locales.map((locale) => `${locale}/`)])
					for (const name of Object.keys(STANDALONE_SCRIPTS))
						await bundleWhole(
							join(options.dir, `${IMMUTABLE}${folder}${standaloneFile(name as StandaloneScript)}`),
							target
						);
			}
		}
	};
}

/** The built script at `file` written again with every file it imports inside it. */
async function bundleWhole(file: string, target: string | string[]) {
	const bundle = await rolldown({ input: file, platform: 'browser' });
	try {
		const { output } = await bundle.generate({ format: 'es', codeSplitting: false });
		writeFileSync(file, minified(file, output[0].code, target));
	} finally {
		await bundle.close();
	}
}
