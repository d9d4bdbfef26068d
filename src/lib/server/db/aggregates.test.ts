import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createTestGroup } from '../../../../tests/helpers/groups';
import { sumInt8 } from './aggregates';
import type { DB } from './schema';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

/** Two groups whose int8 `last_seq` are set: 2^53 + 1 and 2, so their sum has no float. */
async function twoGroups(): Promise<string[]> {
	const ids = [(await createTestGroup(db)).id, (await createTestGroup(db)).id];
	await db
		.updateTable('peer_group')
		.set({ last_seq: 9_007_199_254_740_993n })
		.where('id', '=', ids[0])
		.execute();
	await db.updateTable('peer_group').set({ last_seq: 2n }).where('id', '=', ids[1]).execute();
	return ids;
}

describe('sumInt8', () => {
	it('sums int8 to an exact bigint beyond 2^53, and to 0 over no rows', async () => {
		const ids = await twoGroups();
		const sumOf = (groupIds: string[]) =>
			db
				.selectFrom('peer_group')
				.select((eb) => sumInt8(eb.ref('peer_group.last_seq')).as('total'))
				.where('id', 'in', groupIds)
				.executeTakeFirstOrThrow();

		const { total } = await sumOf(ids);
		expectTypeOf(total).toEqualTypeOf<bigint>();
		expect(total).toBe(9_007_199_254_740_995n);
		expect(await sumOf([crypto.randomUUID()])).toEqual({ total: 0n });
	});

	it('is needed: a bare sum of int8 is numeric and arrives as a string', async () => {
		const { rows } = await sql<{ total: unknown }>`select sum(v) as total
			from (values (9007199254740993::int8), (2::int8)) as t(v)`.execute(db);
		expect(rows[0].total).toBe('9007199254740995');
	});
});

describe('countAll', () => {
	it('is int8 and arrives as a bigint, as typed where it is used', async () => {
		const ids = await twoGroups();
		const { n } = await db
			.selectFrom('peer_group')
			.select((eb) => eb.fn.countAll<bigint>().as('n'))
			.where('id', 'in', ids)
			.executeTakeFirstOrThrow();
		expect(n).toBe(2n);
	});
});
