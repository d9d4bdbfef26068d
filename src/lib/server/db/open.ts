import { mkdirSync } from 'node:fs';
import { PGlite, types as pgliteTypes, type PGliteOptions } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock';
import { FairPGlite } from './fair-pglite';
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
			/**
			 * A dump of a data folder to start from instead of an empty database: the tests start
			 * each file from one migrated database, as initdb and the migrations take seconds.
			 */
			loadDataDir?: Blob;
	  };

/** The PGlite instance behind a Kysely opened here on PGlite: backups read its data folder. */
const embedded = new WeakMap<Kysely<DB>, PGlite>();

/** The embedded PGlite under `db`, or undefined on PostgreSQL. */
export function embeddedDatabase(db: Kysely<DB>): PGlite | undefined {
	return embedded.get(db);
}

/** The pool behind each PostgreSQL database, for the metrics read on a scrape. */
const pools = new WeakMap<Kysely<DB>, pg.Pool>();

/** How a database's connections are used now; undefined for PGlite, which has no pool. */
export interface PoolUse {
	/** Connections open, busy or idle. */
	total: number;
	idle: number;
	/** Queries waiting for a connection because all `max` are busy. */
	waiting: number;
	max: number;
}

export function poolUse(db: Kysely<DB>): PoolUse | undefined {
	const pool = pools.get(db);
	if (!pool) return undefined;
	return {
		total: pool.totalCount,
		idle: pool.idleCount,
		waiting: pool.waitingCount,
		max: pool.options.max ?? 10
	};
}

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
		const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
		pools.set(db, pool);
		return db;
	}

	const pgliteOptions: PGliteOptions = {
		parsers: { [pgliteTypes.INT8]: (value: string) => BigInt(value), [DATE_OID]: asText },
		loadDataDir: options.loadDataDir
	};
	const pglite = options.dataDir.startsWith('memory://')
		? new FairPGlite(options.dataDir, pgliteOptions)
		: openFolder(options.dataDir, pgliteOptions);
	const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
	embedded.set(db, pglite);
	return db;
}

function openFolder(dataDir: string, options: PGliteOptions): PGlite {
	mkdirSync(dataDir, { recursive: true });
	const release = lockDataDir(dataDir);
	return new LockedPGlite(dataDir, options, release);
}

/** PGlite in a folder whose lock it holds until it is closed (Kysely's destroy closes it). */
class LockedPGlite extends FairPGlite {
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
