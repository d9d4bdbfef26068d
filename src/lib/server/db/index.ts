import type { Kysely } from 'kysely';
import { config } from '../config';
import { log } from '../log';
import { watchDatabasePool } from '../metrics';
import { openDatabase } from './open';
import type { DB } from './schema';

// In development Vite runs this module again when a file it imports changes. The open database
// belongs to the process, not to one run of the module: opening the PGlite folder a second time
// would be refused, since this process already holds its lock.
const PROCESS_DB = Symbol.for('circles.db');
const processState = globalThis as { [PROCESS_DB]?: Kysely<DB> };

/** The process's database: PostgreSQL when DATABASE_URL is set, otherwise PGlite in DATA_DIR. */
export function getDb(): Kysely<DB> {
	const open = processState[PROCESS_DB];
	if (open) return open;
	const settings = config();
	const db = settings.DATABASE_URL
		? openDatabase({
				url: settings.DATABASE_URL,
				poolMax: settings.DB_POOL_MAX,
				connectTimeoutMs: settings.DB_CONNECT_TIMEOUT_MS,
				statementTimeoutMs: settings.DB_STATEMENT_TIMEOUT_MS,
				onConnectionError: (error) =>
					log().warn({ err: error.message }, 'database connection failed')
			})
		: openDatabase({ dataDir: settings.DATA_DIR });
	processState[PROCESS_DB] = db;
	watchDatabasePool(db);
	return db;
}

export async function closeDb(): Promise<void> {
	const db = processState[PROCESS_DB];
	processState[PROCESS_DB] = undefined;
	await db?.destroy();
}
