import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { minifySync } from 'rolldown/experimental';
import type { Plugin } from 'vite';

/**
 * Paraglide's compiled messages hold every language: a page's script would carry each string six
 * times. The browser build is written again once per language under `_app/immutable/<locale>/`
 * (same file names, so the relative imports between files still meet), with the static-locale
 * expression set to that language; the minifier then drops the other five branches of every
 * message and the strings they alone used. The server points each page at its reader's copy
 * (`one-language-assets.ts`). A language switch is a full page load, and so is the next page
 * after a switch in another tab (`follow-language-chosen-elsewhere.ts`): a page never needs
 * another language's strings.
 */

const IMMUTABLE = '_app/immutable/';
/** `experimentalStaticLocale` in paraglide.config.js, as the minifier writes it. */
export const STATIC_LOCALE_EXPRESSION = 'globalThis.__PARAGLIDE_STATIC_LOCALE__';
/** Paraglide's warning for a locale override inside a one-language bundle: no client code asks. */
const OVERRIDE_WARNING =
	/console\.warn\(`Paraglide: options\.locale cannot override a locale-specialized client bundle[^`]*`\)/g;

/** One file of the browser build, specialised to one language. */
export function oneLanguageCode(
	fileName: string,
	code: string,
	locale: string,
	target: string | string[]
): string {
	if (!code.includes(STATIC_LOCALE_EXPRESSION)) return code;
	const literal = JSON.stringify(locale);
	const specialised = code
		.replace(OVERRIDE_WARNING, 'void 0')
		.replaceAll(STATIC_LOCALE_EXPRESSION, literal);
	return minified(fileName, specialised, target);
}

/** `code`, an ES module of the browser build, made small for `target` as the build's own files. */
export function minified(fileName: string, code: string, target: string | string[]): string {
	return minifySync(fileName, code, {
		module: true,
		compress: { target },
		mangle: { toplevel: true }
	}).code;
}

export function oneLanguageBundles(locales: readonly string[]): Plugin {
	let target: string | string[] = 'es2020';
	return {
		name: 'circles-one-language-bundles',
		apply: 'build',
		configResolved(config) {
			if (config.build.target) target = config.build.target;
		},
		// After every other plugin's last word on the files (Vite fills in its preload lists as
		// late as generateBundle), so each copy is the file the browser would have loaded.
		writeBundle(options, bundle) {
			const dir = options.dir;
			if (!dir) return;
			for (const file of Object.values(bundle)) {
				if (!file.fileName.startsWith(IMMUTABLE)) continue;
				const rest = file.fileName.slice(IMMUTABLE.length);
				for (const locale of locales) {
					const fileName = `${IMMUTABLE}${locale}/${rest}`;
					const source =
						file.type === 'chunk'
							? oneLanguageCode(fileName, file.code, locale, target)
							: file.source;
					mkdirSync(dirname(join(dir, fileName)), { recursive: true });
					writeFileSync(join(dir, fileName), source);
				}
			}
		}
	};
}
