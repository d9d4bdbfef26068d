/*
 * bigint crosses JSON as its decimal string: `JSON.stringify` throws on a bigint, and a float
 * would round money and sequence numbers beyond 2^53. (SvelteKit page data goes through devalue,
 * which keeps bigints as they are.)
 */

/** A replacer for `JSON.stringify` (and anything that takes one): bigint as its decimal string. */
export function bigintAsString(_key: string, value: unknown): unknown {
	return typeof value === 'bigint' ? value.toString() : value;
}

/** JSON text of `value`, bigints as decimal strings. */
export function toJson(value: unknown, indent?: number): string {
	return JSON.stringify(value, bigintAsString, indent);
}
