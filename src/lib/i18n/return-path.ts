/**
 * A path on this site to go back to after an action, or `/`. Refuses anything that could lead
 * elsewhere (`//host`, `/\host`, absolute URLs), so the parameter cannot be used to send a member
 * to another site.
 */
export function safeReturnPath(candidate: string | null | undefined): string {
	if (!candidate || !candidate.startsWith('/') || candidate.startsWith('//')) return '/';
	if (candidate.includes('\\') || /\p{Cc}/u.test(candidate)) return '/';
	return candidate;
}
