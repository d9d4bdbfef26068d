import { expect, type APIResponse } from '@playwright/test';

/** Headers every response carries, whatever answers it: a page, a file, socket.io, a refusal. */
const EVERY_RESPONSE: Record<string, string> = {
	'x-content-type-options': 'nosniff',
	'x-frame-options': 'DENY',
	'referrer-policy': 'same-origin',
	'cross-origin-opener-policy': 'same-origin'
};

/**
 * What is wrong with a response's security headers, in words: empty when all is right. A page
 * (HTML) may have SvelteKit's policy; anything else has the one that lets nothing load. A response
 * to a signed-in visitor is never kept in the browser's cache.
 */
export function headerProblems(response: APIResponse, options: { signedIn: boolean }): string[] {
	const headers = response.headers();
	const problems = Object.entries(EVERY_RESPONSE)
		.filter(([name, value]) => headers[name] !== value)
		.map(([name, value]) => `${name} is ${headers[name]}, not ${value}`);
	const permissions = headers['permissions-policy'] ?? '';
	for (const feature of ['camera=()', 'microphone=()', 'geolocation=()'])
		if (!permissions.includes(feature)) problems.push(`permissions-policy lacks ${feature}`);
	const csp = headers['content-security-policy'] ?? '';
	const isPage = (headers['content-type'] ?? '').startsWith('text/html');
	if (!csp.includes("frame-ancestors 'none'")) problems.push(`CSP lets frames in: ${csp}`);
	if (csp.includes('unsafe-inline')) problems.push(`CSP allows inline code: ${csp}`);
	// SvelteKit's plain error page (an endpoint's 404) is HTML without the page policy.
	const defaultSrc = csp.match(/default-src ([^;]+)/)?.[1];
	if (defaultSrc !== "'none'" && !(isPage && defaultSrc === "'self'"))
		problems.push(`CSP for ${headers['content-type']}: ${csp}`);
	if (options.signedIn && headers['cache-control'] !== 'no-store')
		problems.push(`signed in, yet cache-control is ${headers['cache-control']}`);
	return problems;
}

export function expectSecurityHeaders(response: APIResponse, options: { signedIn: boolean }) {
	expect(headerProblems(response, options), `${response.status()} ${response.url()}`).toEqual([]);
}
