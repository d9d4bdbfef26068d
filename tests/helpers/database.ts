import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { inject } from 'vitest';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { openDatabase } from '../../src/lib/server/db/open';
import type { DB } from '../../src/lib/server/db/schema';

/** Whether this run targets PostgreSQL (TEST_DATABASE_URL) rather than embedded PGlite. */
export const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

/**
 * A migrated database for one test file: the PostgreSQL server named by TEST_DATABASE_URL, or a
 * fresh in-memory PGlite started from the run's migrated one (tests/helpers/migrated-pglite.ts;
 * the migrations then find nothing to do). Tests make their own rows and never assume an empty
 * table, so files can share one PostgreSQL database.
 */
export async function openTestDatabase(): Promise<Kysely<DB>> {
	const url = process.env.TEST_DATABASE_URL;
	const db = url
		? openDatabase({
				url,
				poolMax: 5,
				connectTimeoutMs: 5_000,
				statementTimeoutMs: 30_000,
				onConnectionError: () => {}
			})
		: openDatabase({
				dataDir: 'memory://',
				loadDataDir: new Blob([readFileSync(inject('migratedPGlite'))])
			});
	await migrateToLatest(db);
	return db;
}
