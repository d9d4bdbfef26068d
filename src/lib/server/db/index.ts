import type { Kysely } from 'kysely';
import { config } from '../config';
import { log } from '../log';
import { openDatabase } from './open';
import type { DB } from './schema';

let current: Kysely<DB> | undefined;

/** The process's database: PostgreSQL when DATABASE_URL is set, otherwise PGlite in DATA_DIR. */
export function getDb(): Kysely<DB> {
	if (current) return current;
	const settings = config();
	current = settings.DATABASE_URL
		? openDatabase({
				url: settings.DATABASE_URL,
				poolMax: settings.DB_POOL_MAX,
				connectTimeoutMs: settings.DB_CONNECT_TIMEOUT_MS,
				statementTimeoutMs: settings.DB_STATEMENT_TIMEOUT_MS,
				onConnectionError: (error) =>
					log().warn({ err: error.message }, 'database connection failed')
			})
		: openDatabase({ dataDir: settings.DATA_DIR });
	return current;
}

export async function closeDb(): Promise<void> {
	const db = current;
	current = undefined;
	await db?.destroy();
}
