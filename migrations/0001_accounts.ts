import { sql, type Kysely } from 'kysely';

// Accounts, sessions, invitations, recovery and reset codes, login throttling, the audit log and
// site settings. Every id that leaves the server is a UUID.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database as it was
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('account')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('pseudonym', 'text', (c) => c.notNull())
		// NFKC, lower case: "Mai" and "mai" cannot both exist.
		.addColumn('pseudonym_key', 'text', (c) => c.notNull().unique())
		.addColumn('passphrase_hash', 'text', (c) => c.notNull())
		.addColumn('role', 'text', (c) =>
			c
				.notNull()
				.defaultTo('member')
				.check(sql`role in ('member', 'coordinator', 'admin')`)
		)
		.addColumn('locale', 'text')
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();

	await db.schema
		.createTable('session')
		// SHA-256 of the cookie's token, hex: the token itself is never stored.
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('account_id', 'uuid', (c) =>
			c.notNull().references('account.id').onDelete('cascade')
		)
		.addColumn('mode', 'text', (c) => c.notNull().check(sql`mode in ('shared', 'remember')`))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull())
		.addColumn('renewed_at', 'timestamptz', (c) => c.notNull())
		.addColumn('expires_at', 'timestamptz', (c) => c.notNull())
		.addColumn('absolute_expires_at', 'timestamptz', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('session_account_idx').on('session').column('account_id').execute();
	await db.schema.createIndex('session_expires_idx').on('session').column('expires_at').execute();

	await db.schema
		.createTable('invitation')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('code_hash', 'text', (c) => c.notNull().unique())
		.addColumn('label', 'text')
		.addColumn('issued_by', 'uuid', (c) => c.references('account.id').onDelete('set null'))
		.addColumn('max_uses', 'integer', (c) => c.notNull().check(sql`max_uses between 1 and 100`))
		.addColumn('use_count', 'integer', (c) => c.notNull().defaultTo(0))
		// The group the new member lands in; its foreign key comes with the groups table.
		.addColumn('group_id', 'uuid')
		.addColumn('expires_at', 'timestamptz', (c) => c.notNull())
		.addColumn('revoked_at', 'timestamptz')
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addCheckConstraint('invitation_use_count_check', sql`use_count <= max_uses`)
		.execute();
	await db.schema
		.createIndex('invitation_issuer_idx')
		.on('invitation')
		.column('issued_by')
		.execute();

	await db.schema
		.createTable('invitation_use')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('invitation_id', 'uuid', (c) =>
			c.notNull().references('invitation.id').onDelete('cascade')
		)
		.addColumn('account_id', 'uuid', (c) => c.references('account.id').onDelete('set null'))
		.addColumn('used_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema
		.createIndex('invitation_use_invitation_idx')
		.on('invitation_use')
		.column('invitation_id')
		.execute();

	await db.schema
		.createTable('recovery_code')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('account_id', 'uuid', (c) =>
			c.notNull().references('account.id').onDelete('cascade')
		)
		.addColumn('code_hash', 'text', (c) => c.notNull())
		.addColumn('used_at', 'timestamptz')
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema
		.createIndex('recovery_code_account_idx')
		.on('recovery_code')
		.column('account_id')
		.execute();

	await db.schema
		.createTable('reset_code')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('account_id', 'uuid', (c) =>
			c.notNull().references('account.id').onDelete('cascade')
		)
		.addColumn('code_hash', 'text', (c) => c.notNull().unique())
		.addColumn('issued_by', 'uuid', (c) => c.references('account.id').onDelete('set null'))
		.addColumn('expires_at', 'timestamptz', (c) => c.notNull())
		.addColumn('used_at', 'timestamptz')
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema
		.createIndex('reset_code_account_idx')
		.on('reset_code')
		.column('account_id')
		.execute();

	await db.schema
		.createTable('auth_failure')
		.addColumn('id', 'bigserial', (c) => c.primaryKey())
		// What was tried: 'login' (by pseudonym), 'code' (invitation, recovery or reset codes).
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('pseudonym_key', 'text')
		// SHA-256 of the client address: enough to count, not to know who it was.
		.addColumn('address_hash', 'text', (c) => c.notNull())
		.addColumn('failed_at', 'timestamptz', (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('auth_failure_failed_idx')
		.on('auth_failure')
		.column('failed_at')
		.execute();
	await db.schema
		.createIndex('auth_failure_pseudonym_idx')
		.on('auth_failure')
		.columns(['pseudonym_key', 'failed_at'])
		.execute();
	await db.schema
		.createIndex('auth_failure_address_idx')
		.on('auth_failure')
		.columns(['address_hash', 'failed_at'])
		.execute();

	await db.schema
		.createTable('audit_event')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('actor_id', 'uuid', (c) => c.references('account.id').onDelete('set null'))
		.addColumn('subject_id', 'uuid', (c) => c.references('account.id').onDelete('set null'))
		.addColumn('action', 'text', (c) => c.notNull())
		.addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema
		.createIndex('audit_event_created_idx')
		.on('audit_event')
		.column('created_at')
		.execute();

	await db.schema
		.createTable('site_setting')
		.addColumn('key', 'text', (c) => c.primaryKey())
		.addColumn('value', 'jsonb', (c) => c.notNull())
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database as it was
export async function down(db: Kysely<any>): Promise<void> {
	for (const table of [
		'site_setting',
		'audit_event',
		'auth_failure',
		'reset_code',
		'recovery_code',
		'invitation_use',
		'invitation',
		'session',
		'account'
	]) {
		await db.schema.dropTable(table).execute();
	}
}
