// One set of Paraglide options for the Vite plugin and for `npm run i18n:compile`, so that the
// messages compiled before type checking are the ones the app is built with.

/** @type {import('@inlang/paraglide-js').CompilerOptions} */
export const paraglideOptions = {
	project: './project.inlang',
	outdir: './src/lib/paraglide',
	strategy: ['cookie', 'preferredLanguage', 'baseLocale'],
	cookieName: 'lang',
	emitTsDeclarations: true
};
