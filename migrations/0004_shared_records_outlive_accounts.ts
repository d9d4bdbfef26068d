import { sql, type Kysely } from 'kysely';

// Deleting an account erases the person, never the group's records. A membership outlives its
// account as a "former member" (status 'erased': no account, no name); the messages, flags and
// votes that hang on it stay. A message its author chose to take with them is 'withdrawn': its
// place stays, its words are gone. Nothing that others depend on cascades from an account or a
// membership any more: such a delete now fails unless the deletion service has erased the person
// first. The person's own rows (sessions, codes, notices, notes about them, their help thread,
// their calls for help) still cascade, and the service deletes them itself.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database as it was
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('group_member').dropConstraint('group_member_status_check').execute();
	await db.schema
		.alterTable('group_member')
		.addCheckConstraint(
			'group_member_status_check',
			sql`status in ('invited', 'requested', 'active', 'left', 'removed', 'erased')`
		)
		.execute();
	await db.schema
		.alterTable('group_member')
		.alterColumn('account_id', (c) => c.dropNotNull())
		.execute();
	await db.schema
		.alterTable('group_member')
		.alterColumn('display_name', (c) => c.dropNotNull())
		.execute();
	// A former member, and only a former member, has neither an account nor a name.
	await db.schema
		.alterTable('group_member')
		.addCheckConstraint(
			'group_member_erased_check',
			sql`(status = 'erased') = (account_id is null) and (status = 'erased') = (display_name is null)`
		)
		.execute();
	await refuseDelete(db, 'group_member', 'account_id', 'account', { deferred: false });

	await db.schema
		.alterTable('group_message')
		.dropConstraint('group_message_status_check')
		.execute();
	await db.schema
		.alterTable('group_message')
		.addCheckConstraint(
			'group_message_status_check',
			sql`status in ('visible', 'held', 'hidden', 'deleted', 'withdrawn')`
		)
		.execute();
	await refuseDelete(db, 'group_message', 'author_id', 'group_member', { deferred: true });
	await refuseDelete(db, 'message_flag', 'flagger_id', 'group_member', { deferred: true });
	await refuseDelete(db, 'topic_vote', 'member_id', 'group_member', { deferred: true });
	await refuseDelete(db, 'poll_vote', 'member_id', 'group_member', { deferred: true });
}

/**
 * Replaces a cascading foreign key with one that refuses the delete (NO ACTION). Checked at commit
 * when `deferred`: deleting a whole group then removes its memberships and what hangs on them in
 * one go, whatever order PostgreSQL runs the cascades in.
 */
async function refuseDelete(
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database as it was
	db: Kysely<any>,
	table: string,
	column: string,
	references: string,
	options: { deferred: boolean }
) {
	const name = `${table}_${column}_fkey`;
	await db.schema.alterTable(table).dropConstraint(name).execute();
	const key = db.schema
		.alterTable(table)
		.addForeignKeyConstraint(name, [column], references, ['id']);
	await (options.deferred ? key.deferrable().initiallyDeferred() : key).execute();
}

// No down: former members and withdrawn messages have no place under the earlier rules.
