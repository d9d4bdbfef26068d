// One set of Paraglide options for the Vite plugin and for `npm run i18n:compile`, so that the
// messages compiled before type checking are the ones the app is built with.

/** @type {import('@inlang/paraglide-js').CompilerOptions} */
export const paraglideOptions = {
	project: './project.inlang',
	outdir: './src/lib/paraglide',
	strategy: ['cookie', 'preferredLanguage', 'baseLocale'],
	cookieName: 'lang',
	emitTsDeclarations: true,
	// The exact text Paraglide takes for a per-language browser build: unset (every language) on
	// the server, set to one language in each copy of the browser build (one-language-bundles.ts).
	experimentalStaticLocale: '/** @type {any} */ (globalThis).__PARAGLIDE_STATIC_LOCALE__'
};
