import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

// Peer-support groups: memberships with a per-group display name, messages with a per-group
// sequence, flags, the moderation log, notes and warnings, notices to members, crisis alerts and
// referral contacts, topics and polls. "group" is an SQL keyword, so the table is peer_group.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database as it was
export async function up(db: Kysely<any>): Promise<void> {
	const id = (c: ColumnDefinitionBuilder) => c.primaryKey().defaultTo(sql`gen_random_uuid()`);
	const now = (c: ColumnDefinitionBuilder) => c.notNull().defaultTo(sql`now()`);

	await db.schema
		.createTable('peer_group')
		.addColumn('id', 'uuid', id)
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('language', 'text', (c) => c.notNull())
		.addColumn('size_cap', 'integer', (c) =>
			c
				.notNull()
				.defaultTo(12)
				.check(sql`size_cap between 2 and 50`)
		)
		.addColumn('join_rule', 'text', (c) =>
			c.notNull().check(sql`join_rule in ('invitation', 'request')`)
		)
		.addColumn('agreement', 'text', (c) => c.notNull())
		// A member's first N messages wait for a facilitator.
		.addColumn('hold_first_posts', 'integer', (c) =>
			c
				.notNull()
				.defaultTo(3)
				.check(sql`hold_first_posts between 0 and 50`)
		)
		.addColumn('slow_mode_seconds', 'integer', (c) =>
			c
				.notNull()
				.defaultTo(0)
				.check(sql`slow_mode_seconds between 0 and 3600`)
		)
		.addColumn('paused_at', 'timestamptz')
		// The last number handed out to a message change; rows lock on it, so numbers never repeat.
		.addColumn('last_seq', 'bigint', (c) => c.notNull().defaultTo(0))
		.addColumn('created_by', 'uuid', (c) => c.references('account.id').onDelete('set null'))
		.addColumn('created_at', 'timestamptz', now)
		.execute();

	await db.schema
		.createTable('group_member')
		.addColumn('id', 'uuid', id)
		.addColumn('group_id', 'uuid', (c) =>
			c.notNull().references('peer_group.id').onDelete('cascade')
		)
		.addColumn('account_id', 'uuid', (c) =>
			c.notNull().references('account.id').onDelete('cascade')
		)
		.addColumn('role', 'text', (c) =>
			c
				.notNull()
				.defaultTo('member')
				.check(sql`role in ('member', 'co_facilitator', 'facilitator')`)
		)
		.addColumn('status', 'text', (c) =>
			c.notNull().check(sql`status in ('invited', 'requested', 'active', 'left', 'removed')`)
		)
		.addColumn('display_name', 'text', (c) => c.notNull())
		.addColumn('display_name_key', 'text', (c) => c.notNull())
		.addColumn('agreement_accepted_at', 'timestamptz')
		.addColumn('joined_at', 'timestamptz')
		.addColumn('approved_posts', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('muted_until', 'timestamptz')
		.addColumn('mute_reason', 'text')
		.addColumn('last_posted_at', 'timestamptz')
		.addColumn('created_at', 'timestamptz', now)
		.addUniqueConstraint('group_member_account_unique', ['group_id', 'account_id'])
		.execute();
	await db.schema
		.createIndex('group_member_name_unique')
		.on('group_member')
		.columns(['group_id', 'display_name_key'])
		.unique()
		.where(sql.ref('status'), 'in', sql`('requested', 'active')`)
		.execute();
	await db.schema
		.createIndex('group_member_account_idx')
		.on('group_member')
		.column('account_id')
		.execute();

	await db.schema
		.createTable('group_message')
		.addColumn('id', 'uuid', id)
		.addColumn('group_id', 'uuid', (c) =>
			c.notNull().references('peer_group.id').onDelete('cascade')
		)
		// Position in the group, in the order messages were stored.
		.addColumn('seq', 'bigint', (c) => c.notNull())
		// The group's number for the message's latest change: a client syncs "everything after".
		.addColumn('rev', 'bigint', (c) => c.notNull())
		.addColumn('client_id', 'uuid', (c) => c.notNull())
		.addColumn('author_id', 'uuid', (c) =>
			c.notNull().references('group_member.id').onDelete('cascade')
		)
		.addColumn('body', 'text', (c) => c.notNull().check(sql`char_length(body) <= 2000`))
		.addColumn('reply_to_id', 'uuid', (c) => c.references('group_message.id').onDelete('set null'))
		.addColumn('status', 'text', (c) =>
			c.notNull().check(sql`status in ('visible', 'held', 'hidden', 'deleted')`)
		)
		.addColumn('held_reason', 'text', (c) =>
			c.check(sql`held_reason in ('first_posts', 'contact', 'flags')`)
		)
		.addColumn('flag_count', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('created_at', 'timestamptz', now)
		.addUniqueConstraint('group_message_seq_unique', ['group_id', 'seq'])
		// A resend of the same message (same sender, same client id) is the same row.
		.addUniqueConstraint('group_message_client_unique', ['author_id', 'client_id'])
		.execute();
	await db.schema
		.createIndex('group_message_rev_idx')
		.on('group_message')
		.columns(['group_id', 'rev'])
		.execute();

	await db.schema
		.createTable('message_flag')
		.addColumn('id', 'uuid', id)
		.addColumn('message_id', 'uuid', (c) =>
			c.notNull().references('group_message.id').onDelete('cascade')
		)
		.addColumn('flagger_id', 'uuid', (c) =>
			c.notNull().references('group_member.id').onDelete('cascade')
		)
		.addColumn('reason', 'text', (c) =>
			c.notNull().check(sql`reason in ('unkind', 'unsafe', 'spam', 'contact', 'other')`)
		)
		.addColumn('outcome', 'text')
		.addColumn('resolved_at', 'timestamptz')
		.addColumn('created_at', 'timestamptz', now)
		.addUniqueConstraint('message_flag_once', ['message_id', 'flagger_id'])
		.execute();

	await db.schema
		.createTable('moderation_action')
		.addColumn('id', 'uuid', id)
		.addColumn('group_id', 'uuid', (c) =>
			c.notNull().references('peer_group.id').onDelete('cascade')
		)
		.addColumn('actor_id', 'uuid', (c) => c.references('account.id').onDelete('set null'))
		.addColumn('action', 'text', (c) => c.notNull())
		.addColumn('subject_id', 'uuid', (c) => c.references('group_member.id').onDelete('set null'))
		.addColumn('message_id', 'uuid', (c) => c.references('group_message.id').onDelete('set null'))
		.addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
		.addColumn('created_at', 'timestamptz', now)
		.execute();
	await db.schema
		.createIndex('moderation_action_group_idx')
		.on('moderation_action')
		.columns(['group_id', 'created_at'])
		.execute();

	// Private notes and warnings about a member in a group; warnings are also shown to the member.
	await db.schema
		.createTable('member_note')
		.addColumn('id', 'uuid', id)
		.addColumn('group_id', 'uuid', (c) =>
			c.notNull().references('peer_group.id').onDelete('cascade')
		)
		.addColumn('subject_id', 'uuid', (c) =>
			c.notNull().references('group_member.id').onDelete('cascade')
		)
		.addColumn('author_id', 'uuid', (c) => c.references('account.id').onDelete('set null'))
		.addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('note', 'warning')`))
		.addColumn('body', 'text', (c) => c.notNull().check(sql`char_length(body) <= 2000`))
		.addColumn('created_at', 'timestamptz', now)
		.execute();

	// What a member is told about themselves: a flag's outcome, a warning, a mute.
	await db.schema
		.createTable('member_notice')
		.addColumn('id', 'uuid', id)
		.addColumn('member_id', 'uuid', (c) =>
			c.notNull().references('group_member.id').onDelete('cascade')
		)
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
		.addColumn('created_at', 'timestamptz', now)
		.addColumn('read_at', 'timestamptz')
		.execute();
	await db.schema
		.createIndex('member_notice_member_idx')
		.on('member_notice')
		.column('member_id')
		.execute();

	await db.schema
		.createTable('referral_contact')
		.addColumn('id', 'uuid', id)
		.addColumn('country', 'text', (c) =>
			c.notNull().check(sql`country in ('TH', 'KH', 'LA', 'MM', 'VN')`)
		)
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('how_to_reach', 'text', (c) => c.notNull())
		.addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('created_at', 'timestamptz', now)
		.execute();

	await db.schema
		.createTable('crisis_alert')
		.addColumn('id', 'uuid', id)
		.addColumn('group_id', 'uuid', (c) =>
			c.notNull().references('peer_group.id').onDelete('cascade')
		)
		.addColumn('member_id', 'uuid', (c) =>
			c.notNull().references('group_member.id').onDelete('cascade')
		)
		.addColumn('acknowledged_by', 'uuid', (c) => c.references('account.id').onDelete('set null'))
		.addColumn('acknowledged_at', 'timestamptz')
		.addColumn('created_at', 'timestamptz', now)
		.execute();

	// A private conversation between one member and the group's facilitators.
	await db.schema
		.createTable('support_message')
		.addColumn('id', 'uuid', id)
		.addColumn('group_id', 'uuid', (c) =>
			c.notNull().references('peer_group.id').onDelete('cascade')
		)
		.addColumn('member_id', 'uuid', (c) =>
			c.notNull().references('group_member.id').onDelete('cascade')
		)
		.addColumn('author_id', 'uuid', (c) => c.references('account.id').onDelete('set null'))
		.addColumn('body', 'text', (c) => c.notNull().check(sql`char_length(body) <= 2000`))
		.addColumn('created_at', 'timestamptz', now)
		.execute();
	await db.schema
		.createIndex('support_message_member_idx')
		.on('support_message')
		.columns(['member_id', 'created_at'])
		.execute();

	await db.schema
		.createTable('group_topic')
		.addColumn('id', 'uuid', id)
		.addColumn('group_id', 'uuid', (c) =>
			c.notNull().references('peer_group.id').onDelete('cascade')
		)
		.addColumn('proposer_id', 'uuid', (c) => c.references('group_member.id').onDelete('set null'))
		.addColumn('title', 'text', (c) => c.notNull().check(sql`char_length(title) <= 200`))
		.addColumn('created_at', 'timestamptz', now)
		.execute();
	await db.schema
		.createTable('topic_vote')
		.addColumn('topic_id', 'uuid', (c) =>
			c.notNull().references('group_topic.id').onDelete('cascade')
		)
		.addColumn('member_id', 'uuid', (c) =>
			c.notNull().references('group_member.id').onDelete('cascade')
		)
		.addColumn('created_at', 'timestamptz', now)
		.addPrimaryKeyConstraint('topic_vote_pk', ['topic_id', 'member_id'])
		.execute();

	await db.schema
		.createTable('group_poll')
		.addColumn('id', 'uuid', id)
		.addColumn('group_id', 'uuid', (c) =>
			c.notNull().references('peer_group.id').onDelete('cascade')
		)
		.addColumn('author_id', 'uuid', (c) => c.references('account.id').onDelete('set null'))
		.addColumn('question', 'text', (c) => c.notNull().check(sql`char_length(question) <= 200`))
		.addColumn('closed_at', 'timestamptz')
		.addColumn('created_at', 'timestamptz', now)
		.execute();
	await db.schema
		.createTable('poll_option')
		.addColumn('id', 'uuid', id)
		.addColumn('poll_id', 'uuid', (c) =>
			c.notNull().references('group_poll.id').onDelete('cascade')
		)
		.addColumn('label', 'text', (c) => c.notNull().check(sql`char_length(label) <= 100`))
		.addColumn('position', 'integer', (c) => c.notNull())
		.execute();
	await db.schema
		.createTable('poll_vote')
		.addColumn('poll_id', 'uuid', (c) =>
			c.notNull().references('group_poll.id').onDelete('cascade')
		)
		.addColumn('member_id', 'uuid', (c) =>
			c.notNull().references('group_member.id').onDelete('cascade')
		)
		.addColumn('option_id', 'uuid', (c) =>
			c.notNull().references('poll_option.id').onDelete('cascade')
		)
		.addColumn('created_at', 'timestamptz', now)
		.addPrimaryKeyConstraint('poll_vote_pk', ['poll_id', 'member_id'])
		.execute();

	// Codes bound to a group that never existed cannot place anyone; they lose the binding.
	await sql`update invitation set group_id = null
		where group_id is not null and group_id not in (select id from peer_group)`.execute(db);
	await db.schema
		.alterTable('invitation')
		.addForeignKeyConstraint('invitation_group_fk', ['group_id'], 'peer_group', ['id'])
		.onDelete('cascade')
		.execute();
}
