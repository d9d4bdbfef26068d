/** PostgreSQL's unique_violation (23505), as raised by both pg and PGlite. */
export function isUniqueViolation(error: unknown): boolean {
	return (error as { code?: unknown } | null)?.code === '23505';
}
