import { mkdirSync } from 'node:fs';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
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

/**
 * Opens the database. Both backends hand back int8 columns as `bigint`, so money and counts are
 * exact and the same code gets the same values on PostgreSQL and on PGlite.
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

	if (!options.dataDir.startsWith('memory://')) mkdirSync(options.dataDir, { recursive: true });
	const pglite = new PGlite(options.dataDir, {
		parsers: { [pgliteTypes.INT8]: (value: string) => BigInt(value) }
	});
	return new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
}
