import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator, sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AccountActor } from '../src/lib/server/access/actor';
import { fileMigrations, migrateToLatest, pendingMigrations } from '../src/lib/server/db/migrate';
import { openDatabase } from '../src/lib/server/db/open';
import type { DB } from '../src/lib/server/db/schema';
import { listOwnGroups } from '../src/lib/server/groups/groups';
import { readDashboard } from '../src/lib/server/savings/dashboard';

/*
 * An upgrade keeps what is there. The demo's accounts, circle with messages and savings group with
 * its ledger are made by today's code; for every earlier migration, a database is built at that
 * migration holding those rows (each table that existed then, with the columns it had), then
 * migrated to the latest. Every row must come through unchanged, and the services must read the
 * same memberships and the same savings books from it as from the original.
 */

type Row = Record<string, unknown>;
interface Column {
	table: string;
	column: string;
	type: string;
	identity: 'ALWAYS' | 'BY DEFAULT' | null;
}

const TODAY = new Date().toISOString().slice(0, 10);
const folder = mkdtempSync(join(tmpdir(), 'circles-upgrade-'));
let source: Kysely<DB>;
let sourceRows: Map<string, Row[]>;
/** For each table, its columns that point into another table, and which. */
let references: Map<string, Map<string, string>>;
let migrations: string[];

beforeAll(async () => {
	// The demo as `npm run demo` makes it, through the services, on its own PGlite folder.
	process.env.DATA_DIR = folder;
	delete process.env.DATABASE_URL;
	const quiet = vi.spyOn(console, 'log').mockImplementation(() => {});
	const { main } = await import('../src/lib/server/app/demo-seed');
	expect(await main()).toBe(0);
	quiet.mockRestore();
	source = openDatabase({ dataDir: folder });
	sourceRows = new Map();
	for (const table of new Set((await columnsOf(source)).map((c) => c.table))) {
		sourceRows.set(
			table,
			await sql<Row>`select * from ${sql.table(table)}`.execute(source).then((r) => r.rows)
		);
	}
	references = new Map();
	const { rows: keys } = await sql<{ table_name: string; column_name: string; target: string }>`
		select tc.table_name, kcu.column_name, ccu.table_name as target
		from information_schema.table_constraints tc
		join information_schema.key_column_usage kcu
			on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema
		join information_schema.constraint_column_usage ccu
			on ccu.constraint_name = tc.constraint_name and ccu.table_schema = tc.table_schema
		where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = 'public'`.execute(source);
	for (const key of keys) {
		if (!references.has(key.table_name)) references.set(key.table_name, new Map());
		references.get(key.table_name)!.set(key.column_name, key.target);
	}
	migrations = Object.keys(await fileMigrations.getMigrations()).sort();
}, 180_000);

/**
 * The original rows as they could have been at a migration whose tables are `tables`: a column
 * that points into a table that did not exist yet could only be empty.
 */
function rowsAt(table: string, tables: Set<string>): Row[] {
	const absent = [...(references.get(table) ?? [])]
		.filter(([, target]) => !tables.has(target))
		.map(([column]) => column);
	return (sourceRows.get(table) ?? []).map((row) =>
		Object.assign({ ...row }, ...absent.map((column) => ({ [column]: null })))
	);
}

afterAll(async () => {
	await source?.destroy();
	rmSync(folder, { recursive: true, force: true });
});

/** The application's tables and their columns as the database has them now. */
async function columnsOf(db: Kysely<DB>): Promise<Column[]> {
	const { rows } = await sql<{
		table_name: string;
		column_name: string;
		data_type: string;
		identity_generation: 'ALWAYS' | 'BY DEFAULT' | null;
	}>`select table_name, column_name, data_type, identity_generation
		from information_schema.columns
		where table_schema = 'public' and table_name not like 'kysely_%'`.execute(db);
	return rows.map((r) => ({
		table: r.table_name,
		column: r.column_name,
		type: r.data_type,
		identity: r.identity_generation
	}));
}

/** A new, empty database of the kind this run tests: PGlite in memory, or one on the server. */
async function emptyDatabase(): Promise<{ db: Kysely<DB>; drop: () => Promise<void> }> {
	const url = process.env.TEST_DATABASE_URL;
	if (!url) {
		const db = openDatabase({ dataDir: 'memory://' });
		return { db, drop: () => db.destroy() };
	}
	const name = `circles_upgrade_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
	const server = openDatabase({
		url,
		poolMax: 1,
		connectTimeoutMs: 5_000,
		statementTimeoutMs: 30_000,
		onConnectionError: () => {}
	});
	await sql`create database ${sql.id(name)}`.execute(server);
	const db = openDatabase({
		url: Object.assign(new URL(url), { pathname: `/${name}` }).href,
		poolMax: 2,
		connectTimeoutMs: 5_000,
		statementTimeoutMs: 30_000,
		onConnectionError: () => {}
	});
	return {
		db,
		drop: async () => {
			await db.destroy();
			await sql`drop database if exists ${sql.id(name)} with (force)`.execute(server);
			await server.destroy();
		}
	};
}

/** Puts the original rows into the tables a database has, in the columns it has. */
async function putRows(db: Kysely<DB>, columns: Column[]): Promise<void> {
	const tables = new Set(columns.map((c) => c.table));
	await db.transaction().execute(async (trx) => {
		// Rows go in table by table: foreign keys are checked by the migrations that follow.
		await sql`set local session_replication_role = replica`.execute(trx);
		for (const table of tables) {
			const rows = rowsAt(table, tables);
			const here = columns.filter((c) => c.table === table && c.column in (rows[0] ?? {}));
			if (here.length === 0 || rows.length === 0) continue;
			const overriding = here.some((c) => c.identity === 'ALWAYS')
				? sql`overriding system value`
				: sql``;
			const values = rows.map(
				(row) =>
					sql`(${sql.join(
						here.map((c) =>
							c.type === 'jsonb' && row[c.column] !== null
								? sql`${JSON.stringify(row[c.column])}::jsonb`
								: sql`${row[c.column]}`
						)
					)})`
			);
			await sql`insert into ${sql.table(table)} (${sql.join(here.map((c) => sql.ref(c.column)))})
				${overriding} values ${sql.join(values)}`.execute(trx);
		}
	});
}

/** Rows as comparable text, in the given columns, in a stable order. */
function comparable(rows: Row[], columns: string[]): string[] {
	const text = (value: unknown): unknown =>
		value instanceof Date
			? value.toISOString()
			: typeof value === 'bigint'
				? `${value}n`
				: value instanceof Uint8Array
					? Buffer.from(value).toString('hex')
					: value;
	return rows.map((row) => JSON.stringify(columns.map((column) => text(row[column])))).sort();
}

/** What today's services read from a database: each account's circles, each savings group's books. */
async function whatServicesRead(db: Kysely<DB>, tables: Set<string>) {
	const accounts = await db.selectFrom('account').select(['id', 'pseudonym', 'role']).execute();
	const actors: AccountActor[] = accounts.map((a) => ({ kind: 'account', ...a, sessionId: '' }));
	const circles = tables.has('group_member')
		? await Promise.all(actors.map((actor) => listOwnGroups(db, actor)))
		: [];
	const books = [];
	if (tables.has('savings_group')) {
		const keepers = await db
			.selectFrom('savings_member')
			.select(['group_id', 'account_id'])
			.where('account_id', 'is not', null)
			.orderBy('group_id')
			.orderBy('account_id')
			.execute();
		for (const keeper of keepers) {
			const actor = actors.find((a) => a.id === keeper.account_id)!;
			books.push(await readDashboard(db, actor, keeper.group_id, TODAY));
		}
	}
	return { circles, books };
}

describe('upgrading', () => {
	it('starts from a demo with rows in every domain', () => {
		for (const table of ['account', 'group_member', 'group_message', 'savings_entry']) {
			expect(sourceRows.get(table)?.length, table).toBeGreaterThan(0);
		}
	});

	it('keeps every row, and what the services read, from a database at each earlier migration', async () => {
		for (const target of migrations.slice(0, -1)) {
			const { db, drop } = await emptyDatabase();
			try {
				// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema as it was
				const migrator = new Migrator({ db: db as Kysely<any>, provider: fileMigrations });
				const { error } = await migrator.migrateTo(target);
				if (error) throw error;
				const then = await columnsOf(db);
				await putRows(db, then);
				expect(await pendingMigrations(db)).toEqual(
					migrations.slice(migrations.indexOf(target) + 1)
				);

				await migrateToLatest(db);
				const tablesThen = new Set(then.map((c) => c.table));
				const tablesNow = new Set((await columnsOf(db)).map((c) => c.table));
				for (const table of tablesThen) {
					// A table a later migration moved elsewhere (referral_contact into service, 0020)
					// is checked where it went: tests/services-migration.test.ts.
					if (!tablesNow.has(table)) continue;
					const original = rowsAt(table, tablesThen);
					const kept = then
						.filter((c) => c.table === table && c.column in (original[0] ?? {}))
						.map((c) => c.column);
					const now = await sql<Row>`select * from ${sql.table(table)}`.execute(db);
					expect(comparable(now.rows, kept), `${table} after upgrading from ${target}`).toEqual(
						comparable(original, kept)
					);
				}
				// The services read the same from the upgraded copy as from the original.
				expect(await whatServicesRead(db, tablesThen), `read after ${target}`).toEqual(
					await whatServicesRead(source, tablesThen)
				);
			} finally {
				await drop();
			}
		}
	}, 300_000);
});

describe('npm run db:migrate -- --dry-run', () => {
	it('lists what is pending and changes nothing', async () => {
		const { db, drop } = await emptyDatabase();
		try {
			expect(await pendingMigrations(db)).toEqual(migrations);
			const tables = await sql`select table_name from information_schema.tables
				where table_schema = 'public'`.execute(db);
			expect(tables.rows).toEqual([]);
			await migrateToLatest(db);
			expect(await pendingMigrations(db)).toEqual([]);
		} finally {
			await drop();
		}
	});
});
