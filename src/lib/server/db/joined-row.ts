import { sql } from 'kysely';

/*
 * A page often begins by reading one row and the reader's rows joined to it (a circle and their
 * membership) in one statement: each joined table's columns are selected under a prefix
 * (`member__id`), and the result is split back into one object per table.
 */

/** The columns of the table aliased `alias`, each selected as `prefix` followed by its name. */
export const prefixedColumns = (alias: string, columns: readonly string[], prefix: string) =>
	columns.map((column) => sql.ref(`${alias}.${column}`).as(prefix + column));

/**
 * The row's own columns, and per prefix the joined table's columns without it; null for a joined
 * table the outer join found no row in (its id is null).
 */
export function splitJoinedRow<P extends string>(
	row: Record<string, unknown>,
	prefixes: readonly P[]
): { own: Record<string, unknown>; joined: Record<P, Record<string, unknown> | null> } {
	const own: Record<string, unknown> = {};
	const parts = new Map<P, Record<string, unknown>>(prefixes.map((prefix) => [prefix, {}]));
	for (const [key, value] of Object.entries(row)) {
		const prefix = prefixes.find((candidate) => key.startsWith(candidate));
		if (prefix) parts.get(prefix)![key.slice(prefix.length)] = value;
		else own[key] = value;
	}
	const joined = {} as Record<P, Record<string, unknown> | null>;
	for (const [prefix, part] of parts) joined[prefix] = part.id === null ? null : part;
	return { own, joined };
}
