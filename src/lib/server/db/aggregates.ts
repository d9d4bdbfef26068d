import { sql, type Expression, type RawBuilder } from 'kysely';

/*
 * Aggregates typed as they come back. int8 arrives as a bigint (see open.ts), so `count(*)` is a
 * bigint: `eb.fn.countAll<bigint>()`. `sum()` of an int8 column is `numeric`, which arrives as a
 * string, so sums of money and counts go through `sumInt8`.
 */

/**
 * The sum of an int8 expression as an exact bigint, 0 over no rows. PostgreSQL refuses ("bigint
 * out of range") rather than round a sum beyond int8.
 */
export function sumInt8(value: Expression<bigint>): RawBuilder<bigint> {
	return sql<bigint>`coalesce(sum(${value}), 0)::int8`;
}
