import { mkdirSync } from 'node:fs';
import { PGlite, types as pgliteTypes, type PGliteOptions } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock';
import type { DB } from './schema';

export type DatabaseOptions =
	| {
			/** postgres:// address of a PostgreSQL server. */
			url: string;
			poolMax: number;
			connectTimeoutMs: number;
			statementTimeoutMs: number;
			/** Called when a pooled connection fails outside a query (server restart, network cut). */
			onConnectionError: (error: Error) => void;
	  }
	| {
			/** Folder of an embedded PGlite database; `memory://` keeps it in memory. */
			dataDir: string;
	  };

const INT8_OID = 20;
const DATE_OID = 1082;
/** A calendar date stays the 'YYYY-MM-DD' text it is: as a JS Date it would gain a time zone. */
const asText = (value: string) => value;

/**
 * Opens the database. Both backends hand back int8 columns as `bigint`, so money and counts are
 * exact, and `date` columns as 'YYYY-MM-DD' text; the same code gets the same values on PostgreSQL
 * and on PGlite.
 */
export function openDatabase(options: DatabaseOptions): Kysely<DB> {
	if ('url' in options) {
		const pool = new pg.Pool({
			connectionString: options.url,
			max: options.poolMax,
			connectionTimeoutMillis: options.connectTimeoutMs,
			statement_timeout: options.statementTimeoutMs,
			idle_in_transaction_session_timeout: options.statementTimeoutMs,
			types: {
				getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
					oid === INT8_OID
						? (value: string) => BigInt(value)
						: oid === DATE_OID
							? asText
							: pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser
			}
		});
		// Without a listener, a connection that dies between queries (idle in the pool, or checked
		// out between the statements of a transaction) would throw and crash the process. The
		// query in flight, if any, still fails through its own promise.
		pool.on('error', options.onConnectionError);
		pool.on('connect', (client) => client.on('error', options.onConnectionError));
		return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
	}

	const pgliteOptions: PGliteOptions = {
		parsers: { [pgliteTypes.INT8]: (value: string) => BigInt(value), [DATE_OID]: asText }
	};
	if (options.dataDir.startsWith('memory://')) {
		return new Kysely<DB>({
			dialect: new PGliteDialect(new PGlite(options.dataDir, pgliteOptions))
		});
	}
	mkdirSync(options.dataDir, { recursive: true });
	const release = lockDataDir(options.dataDir);
	return new Kysely<DB>({
		dialect: new PGliteDialect(new LockedPGlite(options.dataDir, pgliteOptions, release))
	});
}

/** PGlite in a folder whose lock it holds until it is closed (Kysely's destroy closes it). */
class LockedPGlite extends PGlite {
	readonly #release: () => void;

	constructor(dataDir: string, options: PGliteOptions, release: () => void) {
		super(dataDir, options);
		this.#release = release;
	}

	override async close(): Promise<void> {
		try {
			await super.close();
		} finally {
			this.#release();
		}
	}
}
