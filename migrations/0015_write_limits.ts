import type { Kysely } from 'kysely';

// Per-account write counts in fixed windows, and the sockets each session holds open, kept in the
// database so that every process behind a load balancer counts the same writes and sockets.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database as it was
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('write_count')
		.addColumn('account_id', 'uuid', (col) =>
			col.notNull().references('account.id').onDelete('cascade')
		)
		.addColumn('kind', 'text', (col) => col.notNull())
		.addColumn('window_seconds', 'integer', (col) => col.notNull())
		.addColumn('window_start', 'timestamptz', (col) => col.notNull())
		.addColumn('count', 'integer', (col) => col.notNull())
		.addPrimaryKeyConstraint('write_count_pkey', ['account_id', 'kind', 'window_seconds'])
		.execute();

	await db.schema
		.createTable('live_socket')
		.addColumn('socket_id', 'text', (col) => col.primaryKey())
		.addColumn('session_id', 'text', (col) =>
			col.notNull().references('session.id').onDelete('cascade')
		)
		.addColumn('expires_at', 'timestamptz', (col) => col.notNull())
		.execute();
	await db.schema
		.createIndex('live_socket_session_idx')
		.on('live_socket')
		.column('session_id')
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database as it was
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('live_socket').execute();
	await db.schema.dropTable('write_count').execute();
}
