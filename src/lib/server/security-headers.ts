import { createHash } from 'node:crypto';
import { HEAD_SCRIPT } from '../head-script';

/**
 * Headers for every response that SvelteKit renders. The Content-Security-Policy comes from the
 * `csp` setting in svelte.config.js, which can add nonces for kit's own inline script.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
	// Other sites learn nothing of where a visitor came from. Not 'no-referrer': with it Chromium sends
	// `Origin: null` on our own form posts, which the CSRF check must refuse.
	'Referrer-Policy': 'same-origin',
	'X-Content-Type-Options': 'nosniff',
	// The CSP's frame-ancestors says the same; old Android browsers know only this one.
	'X-Frame-Options': 'DENY',
	'Permissions-Policy':
		'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()',
	'Cross-Origin-Opener-Policy': 'same-origin',
	// On a shared phone, Back or a reopened tab must not show a page from the browser's cache.
	'Cache-Control': 'no-store'
};

export const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * The policy of whatever is not a page (files, JSON, redirects, socket.io replies, refusals):
 * nothing loads from it and nothing frames it. SvelteKit's own policy replaces it on pages.
 */
export const NON_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * What every response carries, including those that never pass through SvelteKit's hooks: static
 * files, socket.io's own replies and SvelteKit's refusal of a cross-site form. A response may
 * replace one: a page its policy, a build file (named by its content's hash) its long caching.
 */
export const BASE_HEADERS: Readonly<Record<string, string>> = {
	...SECURITY_HEADERS,
	'Content-Security-Policy': NON_PAGE_CSP
};

/**
 * Sets the base headers on a Node response before anything else writes it; a header set later
 * replaces the base one.
 */
export function setBaseHeaders(response: { setHeader(name: string, value: string): unknown }) {
	for (const [name, value] of Object.entries(BASE_HEADERS)) response.setHeader(name, value);
}

/** The head's inline script (app.html) as a `script-src` source: its SHA-256, as CSP writes it. */
const headScriptHash = createHash('sha256').update(HEAD_SCRIPT).digest('base64');
export const HEAD_SCRIPT_SOURCE = `'sha256-${headScriptHash}'`;

/**
 * A page's policy with the head's script allowed by its hash. SvelteKit puts the page's nonce in
 * `script-src` only when the page has scripts of its own: on a page without (`csr = false`) the
 * browser would refuse the script, and a press of Leave now would be a plain link that waits for
 * the server.
 */
export function allowingHeadScript(policy: string): string {
	return policy.replace(
		/(^|;\s*)script-src(?![\w-])[^;]*/,
		(directive) => `${directive.trimEnd()} ${HEAD_SCRIPT_SOURCE}`
	);
}
