import { sql, type Kysely } from 'kysely';

// What is new for a member since their last visit: how far they have read the circle's
// conversation (the group's change number when they last looked), and when they last looked at its
// topics and polls, and at their private conversation with the facilitators (null: never). Members
// already in a circle start with everything so far read, so that nobody finds a pile of old news on
// the day this lands; someone who joins later has read nothing yet.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database as it was
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.alterTable('group_member')
		.addColumn('last_read_seq', 'bigint', (c) => c.notNull().defaultTo(0))
		.addColumn('topics_seen_at', 'timestamptz')
		.addColumn('help_seen_at', 'timestamptz')
		.execute();
	await sql`update group_member
		set last_read_seq = peer_group.last_seq, topics_seen_at = now(), help_seen_at = now()
		from peer_group where peer_group.id = group_member.group_id`.execute(db);
	// The home page counts each circle's topics and polls newer than a time.
	await db.schema
		.createIndex('group_topic_group_created_idx')
		.on('group_topic')
		.columns(['group_id', 'created_at'])
		.execute();
	await db.schema
		.createIndex('group_poll_group_created_idx')
		.on('group_poll')
		.columns(['group_id', 'created_at'])
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database as it was
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('group_poll_group_created_idx').execute();
	await db.schema.dropIndex('group_topic_group_created_idx').execute();
	await db.schema
		.alterTable('group_member')
		.dropColumn('help_seen_at')
		.dropColumn('topics_seen_at')
		.dropColumn('last_read_seq')
		.execute();
}
