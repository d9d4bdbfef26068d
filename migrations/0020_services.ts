import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

// Services and what members say about them: one directory (the help contacts of 0002 move into
// it), ratings that never show who gave them, complaints with a history the member follows, and
// "you said, we did" notes.
//
// A service is archived, never deleted, once anyone rated or complained about it. A rating keeps a
// link to its rater only to stop repeats and to let them change or withdraw it; deleting the
// account unlinks it and its figures stay in what was published. A complaint is the member's own
// and goes with their account. Published scores are snapshots: pages show only the latest one (and
// reports earlier ones), never figures worked out from the ratings on the fly.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database as it was
export async function up(db: Kysely<any>): Promise<void> {
	const id = (c: ColumnDefinitionBuilder) => c.primaryKey().defaultTo(sql`gen_random_uuid()`);
	const now = (c: ColumnDefinitionBuilder) => c.notNull().defaultTo(sql`now()`);
	const upTo = (column: string, max: number) => sql`length(${sql.ref(column)}) <= ${sql.lit(max)}`;
	const score = (column: string) => sql`${sql.ref(column)} between 1 and 5`;

	await db.schema
		.createTable('service')
		.addColumn('id', 'uuid', id)
		.addColumn('name', 'text', (c) => c.notNull().check(sql`length(name) between 1 and 120`))
		.addColumn('kind', 'text', (c) =>
			c
				.notNull()
				.check(
					sql`kind in ('hotline', 'shelter', 'health', 'counselling', 'legal_aid', 'family_support', 'education', 'job_placement', 'business_support', 'safe_migration')`
				)
		)
		.addColumn('organisation', 'text', (c) =>
			c.notNull().defaultTo('').check(upTo('organisation', 120))
		)
		.addColumn('country', 'text', (c) =>
			c.notNull().check(sql`country in ('TH', 'KH', 'LA', 'MM', 'VN')`)
		)
		.addColumn('area', 'text', (c) => c.notNull().defaultTo('').check(upTo('area', 120)))
		.addColumn('hours', 'text', (c) => c.notNull().defaultTo('').check(upTo('hours', 200)))
		.addColumn('how_to_reach', 'text', (c) =>
			c.notNull().check(sql`length(how_to_reach) between 1 and 500`)
		)
		.addColumn('serves', 'text', (c) => c.notNull().defaultTo('').check(upTo('serves', 500)))
		.addColumn('note', 'text', (c) => c.notNull().defaultTo('').check(upTo('note', 500)))
		// Shown on "I need help now" for its country (hotlines and crisis services).
		.addColumn('crisis', 'boolean', (c) => c.notNull().defaultTo(false))
		// A demo entry: it says it is an example and carries no real way to reach anyone.
		.addColumn('example', 'boolean', (c) => c.notNull().defaultTo(false))
		// Every rating given, changed or withdrawn adds one: what "5 new ratings since" counts.
		.addColumn('rating_changes', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('archived_at', 'timestamptz')
		.addColumn('created_at', 'timestamptz', now)
		.execute();
	await db.schema
		.createIndex('service_country_idx')
		.on('service')
		.columns(['country', 'kind'])
		.execute();

	// The help contacts become crisis entries of the directory, with their ids and their order
	// (created_at), so that nothing a coordinator entered is lost. They were kept for asking help
	// now, so they are hotlines until a coordinator says otherwise.
	await sql`
		insert into service (id, name, kind, country, how_to_reach, note, crisis, created_at)
		select id, left(name, 120), 'hotline', country, left(how_to_reach, 500), left(note, 500), true,
			created_at
		from referral_contact
	`.execute(db);
	// The languages a service can be used in. A moved contact is taken to speak its country's own.
	await db.schema
		.createTable('service_language')
		.addColumn('service_id', 'uuid', (c) =>
			c.notNull().references('service.id').onDelete('cascade')
		)
		.addColumn('language', 'text', (c) =>
			c.notNull().check(sql`language in ('en', 'th', 'km', 'lo', 'my', 'vi')`)
		)
		.addPrimaryKeyConstraint('service_language_pkey', ['service_id', 'language'])
		.execute();
	await db.schema
		.createIndex('service_language_language_idx')
		.on('service_language')
		.column('language')
		.execute();
	await sql`
		insert into service_language (service_id, language)
		select id, case country when 'TH' then 'th' when 'KH' then 'km' when 'LA' then 'lo'
			when 'MM' then 'my' else 'vi' end
		from service
	`.execute(db);
	await db.schema.dropTable('referral_contact').execute();

	// A provider's staff: accounts a coordinator binds to a service (one account may serve several).
	await db.schema
		.createTable('service_staff')
		.addColumn('service_id', 'uuid', (c) =>
			c.notNull().references('service.id').onDelete('cascade')
		)
		.addColumn('account_id', 'uuid', (c) =>
			c.notNull().references('account.id').onDelete('cascade')
		)
		.addColumn('created_at', 'timestamptz', now)
		.addPrimaryKeyConstraint('service_staff_pkey', ['service_id', 'account_id'])
		.execute();
	await db.schema
		.createIndex('service_staff_account_idx')
		.on('service_staff')
		.column('account_id')
		.execute();

	// Coordinators named to handle complaints of abuse or exploitation by a service's staff.
	await db.schema
		.createTable('complaint_focal_point')
		.addColumn('account_id', 'uuid', (c) =>
			c.primaryKey().references('account.id').onDelete('cascade')
		)
		.addColumn('created_at', 'timestamptz', now)
		.execute();

	await db.schema
		.createTable('service_rating')
		.addColumn('id', 'uuid', id)
		.addColumn('service_id', 'uuid', (c) =>
			c.notNull().references('service.id').onDelete('cascade')
		)
		// Null once the rater deleted their account: the rating stays in the figures, unlinked.
		.addColumn('account_id', 'uuid', (c) => c.references('account.id').onDelete('set null'))
		.addColumn('respect', 'smallint', (c) => c.notNull().check(score('respect')))
		.addColumn('helped', 'smallint', (c) => c.notNull().check(score('helped')))
		.addColumn('safe', 'smallint', (c) => c.notNull().check(score('safe')))
		.addColumn('reach', 'smallint', (c) => c.notNull().check(score('reach')))
		// Where the rater was and what language they used when rating: the only ways to filter.
		.addColumn('language', 'text', (c) =>
			c.notNull().check(sql`language in ('en', 'th', 'km', 'lo', 'my', 'vi')`)
		)
		.addColumn('country', 'text', (c) =>
			c.notNull().check(sql`country in ('TH', 'KH', 'LA', 'MM', 'VN')`)
		)
		.addColumn('comment', 'text', (c) => c.check(sql`length(comment) between 1 and 1000`))
		// pending until a coordinator approves or declines it; edit_proposed while the author decides
		// on the coordinator's version (proposed_comment).
		.addColumn('comment_state', 'text', (c) =>
			c.check(sql`comment_state in ('pending', 'approved', 'declined', 'edit_proposed')`)
		)
		.addColumn('proposed_comment', 'text', (c) =>
			c.check(sql`length(proposed_comment) between 1 and 1000`)
		)
		// Never shown: when it was given or last changed, for the 90-day rule and for publishing.
		.addColumn('rated_at', 'timestamptz', (c) => c.notNull())
		.addCheckConstraint(
			'service_rating_comment_state',
			sql`(comment is null) = (comment_state is null)`
		)
		.execute();
	await db.schema
		.createIndex('service_rating_service_idx')
		.on('service_rating')
		.columns(['service_id', 'rated_at'])
		.execute();
	await db.schema
		.createIndex('service_rating_account_idx')
		.on('service_rating')
		.columns(['account_id', 'service_id'])
		.execute();

	// A publication of a service's scores. `raters` and `ratings_total` are exact and stay on the
	// server; pages show the band and the rounded figures in `figures` (for all raters and for
	// each filter group the rules allowed), as they were when published.
	await db.schema
		.createTable('service_score')
		.addColumn('id', 'uuid', id)
		.addColumn('service_id', 'uuid', (c) =>
			c.notNull().references('service.id').onDelete('cascade')
		)
		.addColumn('published_at', 'timestamptz', (c) => c.notNull())
		.addColumn('raters', 'integer', (c) => c.notNull())
		// How many ratings had been given or changed by then, to count the new ones since.
		.addColumn('changes_seen', 'integer', (c) => c.notNull())
		.addColumn('figures', 'jsonb', (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('service_score_service_idx')
		.on('service_score')
		.columns(['service_id', 'published_at'])
		.execute();

	// A provider's public answer to an approved comment, shown once a coordinator approves it.
	await db.schema
		.createTable('service_reply')
		.addColumn('id', 'uuid', id)
		.addColumn('rating_id', 'uuid', (c) =>
			c.notNull().references('service_rating.id').onDelete('cascade')
		)
		.addColumn('author_id', 'uuid', (c) => c.references('account.id').onDelete('set null'))
		.addColumn('body', 'text', (c) => c.notNull().check(sql`length(body) between 1 and 1000`))
		.addColumn('state', 'text', (c) =>
			c
				.notNull()
				.defaultTo('pending')
				.check(sql`state in ('pending', 'approved', 'declined')`)
		)
		.addColumn('created_at', 'timestamptz', now)
		.execute();
	await db.schema
		.createIndex('service_reply_rating_idx')
		.on('service_reply')
		.column('rating_id')
		.execute();

	await db.schema
		.createTable('complaint')
		.addColumn('id', 'uuid', id)
		// The member it belongs to (who follows it), even when a coordinator recorded it for them.
		.addColumn('account_id', 'uuid', (c) =>
			c.notNull().references('account.id').onDelete('cascade')
		)
		// Null: not about one service in the directory.
		.addColumn('service_id', 'uuid', (c) => c.references('service.id').onDelete('set null'))
		.addColumn('kind', 'text', (c) =>
			c
				.notNull()
				.check(
					sql`kind in ('poor_service', 'refused_help', 'asked_to_pay', 'disrespect', 'privacy', 'retaliation', 'abuse_by_staff', 'other')`
				)
		)
		// Abuse or exploitation by staff: only focal points open it; never the service.
		.addColumn('sensitive', 'boolean', (c) => c.notNull())
		.addColumn('what_happened', 'text', (c) =>
			c.notNull().check(sql`length(what_happened) between 1 and 4000`)
		)
		.addColumn('answer_in_app', 'boolean', (c) => c.notNull().defaultTo(true))
		.addColumn('tell_service', 'boolean', (c) => c.notNull().defaultTo(false))
		// Whether the member agreed that it may be referred to an authority or another organisation.
		.addColumn('may_refer', 'boolean', (c) => c.notNull().defaultTo(false))
		.addColumn('status', 'text', (c) =>
			c
				.notNull()
				.defaultTo('received')
				.check(sql`status in ('received', 'acknowledged', 'looking_into', 'resolved', 'closed')`)
		)
		.addColumn('handler_id', 'uuid', (c) => c.references('account.id').onDelete('set null'))
		// When the member can expect the next step.
		.addColumn('next_step_by', 'timestamptz', (c) => c.notNull())
		// The coordinator who wrote it down at the member's request, with their consent.
		.addColumn('recorded_by', 'uuid', (c) => c.references('account.id').onDelete('set null'))
		.addColumn('acknowledged_at', 'timestamptz')
		.addColumn('created_at', 'timestamptz', (c) => c.notNull())
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull())
		.addCheckConstraint('complaint_sensitive_kind', sql`sensitive = (kind = 'abuse_by_staff')`)
		.addCheckConstraint('complaint_sensitive_untold', sql`not (sensitive and tell_service)`)
		.execute();
	await db.schema
		.createIndex('complaint_account_idx')
		.on('complaint')
		.column('account_id')
		.execute();
	await db.schema
		.createIndex('complaint_status_idx')
		.on('complaint')
		.columns(['status', 'created_at'])
		.execute();

	// Each step of a complaint, as the member sees it: the status it moved to and a message.
	await db.schema
		.createTable('complaint_step')
		.addColumn('id', 'uuid', id)
		.addColumn('complaint_id', 'uuid', (c) =>
			c.notNull().references('complaint.id').onDelete('cascade')
		)
		.addColumn('status', 'text', (c) =>
			c
				.notNull()
				.check(sql`status in ('received', 'acknowledged', 'looking_into', 'resolved', 'closed')`)
		)
		.addColumn('message', 'text', (c) => c.notNull().check(upTo('message', 2000)))
		.addColumn('author_id', 'uuid', (c) => c.references('account.id').onDelete('set null'))
		.addColumn('next_step_by', 'timestamptz')
		.addColumn('created_at', 'timestamptz', (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('complaint_step_complaint_idx')
		.on('complaint_step')
		.columns(['complaint_id', 'created_at'])
		.execute();

	// "You said, we did": what changed at a service because of what members said.
	await db.schema
		.createTable('service_change_note')
		.addColumn('id', 'uuid', id)
		.addColumn('service_id', 'uuid', (c) =>
			c.notNull().references('service.id').onDelete('cascade')
		)
		.addColumn('body', 'text', (c) => c.notNull().check(sql`length(body) between 1 and 1000`))
		.addColumn('author_id', 'uuid', (c) => c.references('account.id').onDelete('set null'))
		.addColumn('published_at', 'timestamptz', (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('service_change_note_service_idx')
		.on('service_change_note')
		.columns(['service_id', 'published_at'])
		.execute();
	// A member's "Got it" on a note shown on their home page.
	await db.schema
		.createTable('service_change_note_seen')
		.addColumn('note_id', 'uuid', (c) =>
			c.notNull().references('service_change_note.id').onDelete('cascade')
		)
		.addColumn('account_id', 'uuid', (c) =>
			c.notNull().references('account.id').onDelete('cascade')
		)
		.addPrimaryKeyConstraint('service_change_note_seen_pkey', ['note_id', 'account_id'])
		.execute();
}
