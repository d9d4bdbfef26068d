import { sql, type Kysely, type Migration } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { fileMigrations, migrateToLatest } from './migrate';
import type { DB } from './schema';

let db: Kysely<DB>;
// Each run gets its own names, so parallel files and repeated runs on one PostgreSQL never meet.
const suffix = crypto.randomUUID().replaceAll('-', '').slice(0, 12);

beforeAll(async () => {
	db = await openTestDatabase();
});

afterAll(async () => {
	await db.destroy();
});

describe('the database', () => {
	it('returns int8 as an exact bigint', async () => {
		const big = 9_007_199_254_740_993n; // 2^53 + 1: a float would round it
		const { rows } = await sql<{ value: bigint }>`select ${big.toString()}::int8 as value`.execute(
			db
		);
		expect(rows[0].value).toBe(big);
	});

	it('lists the project migrations by file name, in order', async () => {
		const names = Object.keys(await fileMigrations.getMigrations());
		expect(names).toEqual([...names].sort());
		for (const name of names) expect(name).toMatch(/^\d{4}_[a-z0-9_]+$/);
	});
});

describe('migrateToLatest', () => {
	it('applies pending migrations in name order, once', async () => {
		const order: string[] = [];
		const migration = (name: string, statement: string): Migration => ({
			up: async (trx) => {
				order.push(name);
				await sql.raw(statement).execute(trx);
			}
		});
		const first = `test_migrated_${suffix}`;
		// The project's own migrations stay in the list: the migrator refuses to lose track of any.
		const provider = {
			getMigrations: async () => ({
				...(await fileMigrations.getMigrations()),
				[`9002_${suffix}_add_column`]: migration(
					'second',
					`alter table ${first} add column note text`
				),
				[`9001_${suffix}_create`]: migration('first', `create table ${first} (id int4)`)
			})
		};
		try {
			expect(await migrateToLatest(db, provider)).toEqual([
				`9001_${suffix}_create`,
				`9002_${suffix}_add_column`
			]);
			expect(order).toEqual(['first', 'second']);
			expect(await migrateToLatest(db, provider)).toEqual([]);
			expect(order).toEqual(['first', 'second']);
		} finally {
			await sql`drop table if exists ${sql.table(first)}`.execute(db);
			await sql`delete from kysely_migration where name like ${'%' + suffix + '%'}`.execute(db);
		}
	});
});
