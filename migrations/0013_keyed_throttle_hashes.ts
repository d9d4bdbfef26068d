import { sql, type Kysely } from 'kysely';

// Failed sign-ins are counted under keyed hashes of the nickname and the address (the key never
// reaches the database), so the column says what it holds now. The rows kept until now hold
// nicknames in clear and unkeyed address hashes: they are dropped, which forgives at most the last
// half hour's failures.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database as it was
export async function up(db: Kysely<any>): Promise<void> {
	await sql`delete from auth_failure`.execute(db);
	await db.schema
		.alterTable('auth_failure')
		.renameColumn('pseudonym_key', 'pseudonym_hash')
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database as it was
export async function down(db: Kysely<any>): Promise<void> {
	await sql`delete from auth_failure`.execute(db);
	await db.schema
		.alterTable('auth_failure')
		.renameColumn('pseudonym_hash', 'pseudonym_key')
		.execute();
}
