import adapter from '@sveltejs/adapter-node';

/**
 * SvelteKit's route announcer (the live region that reads each new page's title to a screen
 * reader) carries one inline style attribute, which 'style-src self' refuses with a console error
 * on every page. It alone is allowed, by the hash of its exact text and for style attributes only
 * ('style-src-attr' with 'unsafe-hashes'): no other attribute, and no <style> element, may carry
 * inline style. tests/content-security-policy.test.ts checks it against the kit's own markup, so
 * an upgrade that changes the style fails there first.
 */
export const ROUTE_ANNOUNCER_STYLE_HASH = 'sha256-S8qMpvofolR8Mpjy4kQvEm7m1q8clzU4dfDH0AmvZjo=';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	compilerOptions: {
		runes: true
	},
	kit: {
		// Build files also written as .br and .gz (brotli at its best), served as they are to phones
		// that accept them: the bulk of a first visit, compressed once at build time, not per request.
		adapter: adapter({ precompress: true }),
		// A page's own stylesheets of a few hundred bytes (a meeting sheet's, a certificate's print
		// rules) travel inside its HTML: on a slow link a file costs a round trip whatever its size.
		// Not the 6 KB every page shares, which the browser keeps from one page to the next (inlined,
		// it measured no sooner on the slow phone and would come again with every page).
		inlineStyleThreshold: 1024,
		// Nothing but this origin, ever: no CDN, font, analytics or map tile. Kit adds nonces or
		// hashes for its own inline bootstrap script, so no 'unsafe-inline' is needed.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self'],
				'style-src-attr': ['unsafe-hashes', ROUTE_ANNOUNCER_STYLE_HASH],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'manifest-src': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none'],
				'base-uri': ['none'],
				'object-src': ['none']
			}
		}
	}
};

export default config;
