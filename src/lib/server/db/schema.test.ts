import { fileURLToPath } from 'node:url';
import { Migrator, sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import {
	readDeclaredSchema,
	type DeclaredColumn,
	type DeclaredKind
} from '../../../../tests/helpers/declared-schema';
import { fileMigrations } from './migrate';
import { openDatabase } from './open';
import type { DB } from './schema';

/*
 * schema.ts is written by hand next to each migration; nothing else checks that the two agree, and
 * Kysely believes whatever schema.ts says. This compares it with a freshly migrated database.
 */

const SCHEMA_PATH = fileURLToPath(new URL('./schema.ts', import.meta.url));

/**
 * How a PostgreSQL type (information_schema.columns.udt_name) is declared in schema.ts: uuid and
 * text as string or a union of string literals, timestamptz as Date, int4 as number, int8 (and
 * bigserial) as bigint, bool as boolean, jsonb as any JSON-ish type (a record, unknown), bytea as
 * Buffer or Uint8Array. A type not listed here fails the test until it is added.
 */
const DECLARED_AS: Record<string, DeclaredKind> = {
	uuid: 'string',
	text: 'string',
	varchar: 'string',
	timestamptz: 'Date',
	// A calendar day, read as 'YYYY-MM-DD' text (db/open.ts).
	date: 'string',
	int2: 'number',
	int4: 'number',
	int8: 'bigint',
	bool: 'boolean',
	json: 'json',
	jsonb: 'json',
	bytea: 'bytes'
};

/** Kysely's Migrator keeps its own tables, which are no part of the app's schema. */
const NOT_OURS = ['kysely_migration', 'kysely_migration_lock'];

interface DatabaseColumn {
	table_name: string;
	column_name: string;
	udt_name: string;
	data_type: string;
	is_nullable: 'YES' | 'NO';
	column_default: string | null;
	is_identity: 'YES' | 'NO';
	is_generated: 'ALWAYS' | 'NEVER';
}

let db: Kysely<DB>;
let dropSchema = async () => {};

/**
 * A freshly migrated database: PGlite in memory, or on PostgreSQL a new schema of the test
 * database, so that tables other test files make for a moment are not in it.
 */
async function openFreshDatabase(): Promise<Kysely<DB>> {
	const url = process.env.TEST_DATABASE_URL;
	if (!url) return openTestDatabase();
	const schema = `schema_check_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
	const options = {
		poolMax: 2,
		connectTimeoutMs: 5_000,
		statementTimeoutMs: 30_000,
		onConnectionError: () => {}
	};
	const admin = openDatabase({ url, ...options });
	await sql`create schema ${sql.id(schema)}`.execute(admin);
	dropSchema = async () => {
		await sql`drop schema ${sql.id(schema)} cascade`.execute(admin);
		await admin.destroy();
	};
	const inSchema = new URL(url);
	inSchema.searchParams.set('options', `-c search_path=${schema}`);
	const fresh = openDatabase({ url: inSchema.toString(), ...options });
	// Told the schema, the migrator does not mistake the test database's own migration table for this one's.
	const migrator = new Migrator({
		db: fresh,
		provider: fileMigrations,
		migrationTableSchema: schema
	});
	const { error } = await migrator.migrateToLatest();
	if (error) throw error;
	return fresh;
}

beforeAll(async () => {
	db = await openFreshDatabase();
});

afterAll(async () => {
	await db?.destroy();
	await dropSchema();
});

async function databaseColumns(): Promise<Map<string, Map<string, DatabaseColumn>>> {
	const { rows } = await sql<DatabaseColumn>`
		select c.table_name, c.column_name, c.udt_name, c.data_type, c.is_nullable,
			c.column_default, c.is_identity, c.is_generated
		from information_schema.columns c
		join information_schema.tables t
			on t.table_schema = c.table_schema and t.table_name = c.table_name
		where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
		order by c.table_name, c.ordinal_position`.execute(db);
	const tables = new Map<string, Map<string, DatabaseColumn>>();
	for (const row of rows) {
		if (NOT_OURS.includes(row.table_name)) continue;
		if (!tables.has(row.table_name)) tables.set(row.table_name, new Map());
		tables.get(row.table_name)!.set(row.column_name, row);
	}
	return tables;
}

const describeKind = (kind: DeclaredColumn['kind']) =>
	typeof kind === 'string' ? kind : kind.unmapped;

/** Every difference between the declared and the migrated schema, each naming its table.column. */
function differences(
	declared: Map<string, Map<string, DeclaredColumn>>,
	actual: Map<string, Map<string, DatabaseColumn>>
): string[] {
	const problems: string[] = [];
	for (const table of actual.keys())
		if (!declared.has(table))
			problems.push(`${table}: a table in the database, missing from DB in schema.ts`);
	for (const [table, columns] of declared) {
		const inDatabase = actual.get(table);
		if (!inDatabase) {
			problems.push(`${table}: in DB in schema.ts, but no migration creates it`);
			continue;
		}
		for (const name of inDatabase.keys())
			if (!columns.has(name))
				problems.push(`${table}.${name}: a column in the database, missing from schema.ts`);
		for (const [name, column] of columns) {
			const real = inDatabase.get(name);
			const where = `${table}.${name}`;
			if (!real) {
				problems.push(`${where}: in schema.ts, but no migration creates it`);
				continue;
			}
			const udt = real.data_type === 'USER-DEFINED' ? 'text' : real.udt_name;
			const expected = DECLARED_AS[udt];
			if (!expected) {
				problems.push(`${where}: ${real.udt_name} has no mapping; add it to DECLARED_AS`);
			} else if (column.kind !== expected) {
				problems.push(
					`${where}: ${real.udt_name} in the database is ${expected} in TypeScript, but schema.ts declares ${describeKind(column.kind)}`
				);
			}
			const nullable = real.is_nullable === 'YES';
			if (nullable && !column.nullable)
				problems.push(`${where}: may be null in the database, but schema.ts lacks | null`);
			if (!nullable && column.nullable)
				problems.push(`${where}: is not null in the database, but schema.ts says | null`);
			if (nullable) continue;
			const filledIn =
				real.column_default !== null ||
				real.is_identity === 'YES' ||
				real.is_generated === 'ALWAYS';
			if (filledIn && !column.insertOptional)
				problems.push(
					`${where}: the database fills it in (${real.column_default ?? 'generated'}), but schema.ts makes every insert give it: use Generated<T> or a ColumnType whose insert type allows undefined`
				);
			if (!filledIn && column.insertOptional)
				problems.push(
					`${where}: has no default in the database, but schema.ts lets an insert leave it out`
				);
		}
	}
	return problems;
}

describe('schema.ts', () => {
	it('declares every table and column of the migrated database, with its type, null and default', async () => {
		expect(differences(readDeclaredSchema(SCHEMA_PATH), await databaseColumns())).toEqual([]);
	});

	it('names each table.column that differs, and how', async () => {
		const drifted = readDeclaredSchema(
			SCHEMA_PATH,
			`import type { ColumnType, Generated } from 'kysely';
			type Role = 'member' | 'coordinator' | 'admin';
			export interface DB {
				account: {
					id: Generated<string>;
					pseudonym: string | null;
					pseudonym_key: number;
					role: Role;
					locale: string;
					created_at: Generated<Date>;
					shoe_size: number;
				};
				session: {
					id: string;
					account_id: string;
					mode: 'shared' | 'remember';
					created_at: Generated<Date>;
					renewed_at: Date;
					expires_at: ColumnType<Date, Date | string, never>;
					absolute_expires_at: Date;
				};
				ghost: { id: string };
			}`
		);
		const problems = differences(drifted, await databaseColumns());
		expect(problems).toEqual(
			expect.arrayContaining([
				'invitation: a table in the database, missing from DB in schema.ts',
				'ghost: in DB in schema.ts, but no migration creates it',
				'account.passphrase_hash: a column in the database, missing from schema.ts',
				'account.shoe_size: in schema.ts, but no migration creates it',
				'account.pseudonym_key: text in the database is string in TypeScript, but schema.ts declares number',
				'account.locale: may be null in the database, but schema.ts lacks | null',
				'account.pseudonym: is not null in the database, but schema.ts says | null',
				"account.role: the database fills it in ('member'::text), but schema.ts makes every insert give it: use Generated<T> or a ColumnType whose insert type allows undefined",
				'session.created_at: has no default in the database, but schema.ts lets an insert leave it out'
			])
		);
		// What agrees is not reported.
		expect(
			problems.filter((problem) => /^(account\.id|session\.expires_at)/.test(problem))
		).toEqual([]);
	});
});
