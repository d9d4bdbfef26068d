/**
 * Headers for every response that SvelteKit renders. The Content-Security-Policy comes from the
 * `csp` setting in svelte.config.js, which can add nonces for kit's own inline script.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
	// Other sites learn nothing of where a visitor came from. Not 'no-referrer': with it Chromium sends
	// `Origin: null` on our own form posts, which the CSRF check must refuse.
	'Referrer-Policy': 'same-origin',
	'X-Content-Type-Options': 'nosniff',
	'Permissions-Policy':
		'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()',
	'Cross-Origin-Opener-Policy': 'same-origin',
	// On a shared phone, Back or a reopened tab must not show a page from the browser's cache.
	'Cache-Control': 'no-store'
};

export const HSTS = 'max-age=31536000; includeSubDomains';
