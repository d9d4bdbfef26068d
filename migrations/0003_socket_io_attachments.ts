import { sql, type Kysely } from 'kysely';

// With REALTIME_ADAPTER=postgres, socket.io events cross processes as PostgreSQL notifications. A
// payload over NOTIFY's 8000-byte limit (or with binary data) is stored here and only its id is
// notified; @socket.io/postgres-adapter reads it back and deletes rows older than 30 seconds. The
// table and its columns are the ones the adapter expects.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database as it was
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('socket_io_attachments')
		.addColumn('id', 'bigserial', (c) => c.primaryKey())
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('payload', 'bytea', (c) => c.notNull())
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database as it was
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('socket_io_attachments').execute();
}
