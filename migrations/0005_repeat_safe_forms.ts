import { type Kysely } from 'kysely';

// A form that creates something carries a key made when it was rendered; the first result of each
// key is kept here, so that the same form sent again (a double tap, a retry) gets that result back
// instead of acting twice. Only the key's SHA-256 is stored, and the result is encrypted under a
// key derived from the form key, which only the browser holds. Rows live about an hour.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database as it was
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('form_result')
		// SHA-256 hex of `scope:key`.
		.addColumn('key_hash', 'text', (c) => c.primaryKey())
		.addColumn('scope', 'text', (c) => c.notNull())
		// Null only inside the transaction that is doing the form's work.
		.addColumn('result', 'bytea')
		.addColumn('created_at', 'timestamptz', (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('form_result_created_idx')
		.on('form_result')
		.column('created_at')
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database as it was
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('form_result').execute();
}
