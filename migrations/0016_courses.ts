import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

// Short business courses: a course, its sessions, the trainers coordinators name for it, and who
// is enrolled, waiting or offered a seat. A course is cancelled, never deleted once it has
// enrolments (the services never delete one); its parts go with it all the same, so that a draft
// made by mistake can be removed whole.
//
// Deleting an account erases the person: their enrolments and their trainer roles are their own
// rows and go with the account (a freed seat is offered on by housekeeping's promote-next round).
// The course stays, without who created it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database as it was
export async function up(db: Kysely<any>): Promise<void> {
	const id = (c: ColumnDefinitionBuilder) => c.primaryKey().defaultTo(sql`gen_random_uuid()`);
	const now = (c: ColumnDefinitionBuilder) => c.notNull().defaultTo(sql`now()`);

	await db.schema
		.createTable('course')
		.addColumn('id', 'uuid', id)
		.addColumn('title', 'text', (c) => c.notNull().check(sql`length(title) between 1 and 120`))
		.addColumn('summary', 'text', (c) => c.notNull().check(sql`length(summary) <= 2000`))
		// What you will be able to do afterwards.
		.addColumn('outcomes', 'text', (c) => c.notNull().check(sql`length(outcomes) <= 2000`))
		.addColumn('language', 'text', (c) =>
			c.notNull().check(sql`language in ('en', 'th', 'km', 'lo', 'my', 'vi')`)
		)
		// Where a business is: an idea, starting, or growing (as ILO's GYB, SYB and IYB).
		.addColumn('level', 'text', (c) => c.notNull().check(sql`level in ('idea', 'start', 'grow')`))
		.addColumn('provider', 'text', (c) =>
			c.notNull().check(sql`length(provider) between 1 and 120`)
		)
		.addColumn('online', 'boolean', (c) => c.notNull().defaultTo(false))
		// Where it is held; for an online course, the country and area it is meant for.
		.addColumn('country', 'text', (c) =>
			c.notNull().check(sql`country in ('TH', 'KH', 'LA', 'MM', 'VN')`)
		)
		.addColumn('area', 'text', (c) => c.notNull().check(sql`length(area) between 1 and 120`))
		.addColumn('address', 'text', (c) => c.check(sql`length(address) between 1 and 500`))
		// The clock the sessions are given in; the region keeps no summer time.
		.addColumn('time_zone', 'text', (c) =>
			c
				.notNull()
				.check(
					sql`time_zone in ('Asia/Bangkok', 'Asia/Phnom_Penh', 'Asia/Vientiane', 'Asia/Yangon', 'Asia/Ho_Chi_Minh')`
				)
		)
		.addColumn('capacity', 'integer', (c) => c.notNull().check(sql`capacity between 1 and 500`))
		.addColumn('enrolment_opens_at', 'timestamptz', (c) => c.notNull())
		.addColumn('enrolment_closes_at', 'timestamptz', (c) => c.notNull())
		// An earlier course to have done first; the course outlives it.
		.addColumn('prerequisite_id', 'uuid', (c) => c.references('course.id').onDelete('set null'))
		// Members of one circle or one savings group go ahead of others on the waitlist. The
		// course outlives the group.
		.addColumn('priority_circle_id', 'uuid', (c) =>
			c.references('peer_group.id').onDelete('set null')
		)
		.addColumn('priority_savings_group_id', 'uuid', (c) =>
			c.references('savings_group.id').onDelete('set null')
		)
		// How long an offered seat is held for the member it is offered to.
		.addColumn('offer_hold_hours', 'integer', (c) =>
			c
				.notNull()
				.defaultTo(48)
				.check(sql`offer_hold_hours between 1 and 168`)
		)
		// The share of all scheduled sessions attended that completes the course.
		.addColumn('attendance_threshold', 'integer', (c) =>
			c
				.notNull()
				.defaultTo(80)
				.check(sql`attendance_threshold between 1 and 100`)
		)
		.addColumn('state', 'text', (c) =>
			c
				.notNull()
				.defaultTo('draft')
				.check(sql`state in ('draft', 'published', 'cancelled')`)
		)
		.addColumn('published_at', 'timestamptz')
		.addColumn('cancelled_at', 'timestamptz')
		.addColumn('created_by', 'uuid', (c) => c.references('account.id').onDelete('set null'))
		.addColumn('created_at', 'timestamptz', now)
		.addColumn('updated_at', 'timestamptz', now)
		.addCheckConstraint(
			'course_enrolment_window_check',
			sql`enrolment_closes_at > enrolment_opens_at`
		)
		.addCheckConstraint('course_place_check', sql`online or address is not null`)
		.addCheckConstraint(
			'course_priority_check',
			sql`priority_circle_id is null or priority_savings_group_id is null`
		)
		.addCheckConstraint('course_prerequisite_check', sql`prerequisite_id <> id`)
		.addCheckConstraint(
			'course_state_times_check',
			sql`(state <> 'published' or published_at is not null) and (state = 'cancelled') = (cancelled_at is not null)`
		)
		.execute();
	await db.schema
		.createIndex('course_state_idx')
		.on('course')
		.columns(['state', 'country'])
		.execute();

	await db.schema
		.createTable('course_session')
		.addColumn('id', 'uuid', id)
		.addColumn('course_id', 'uuid', (c) => c.notNull().references('course.id').onDelete('cascade'))
		.addColumn('starts_at', 'timestamptz', (c) => c.notNull())
		.addColumn('ends_at', 'timestamptz', (c) => c.notNull())
		// One sitting on one day.
		.addCheckConstraint(
			'course_session_time_check',
			sql`ends_at > starts_at and ends_at - starts_at <= interval '12 hours'`
		)
		.addUniqueConstraint('course_session_start_unique', ['course_id', 'starts_at'])
		.execute();

	// A per-course role that coordinators give.
	await db.schema
		.createTable('course_trainer')
		.addColumn('course_id', 'uuid', (c) => c.notNull().references('course.id').onDelete('cascade'))
		.addColumn('account_id', 'uuid', (c) =>
			c.notNull().references('account.id').onDelete('cascade')
		)
		.addColumn('created_at', 'timestamptz', now)
		.addPrimaryKeyConstraint('course_trainer_pkey', ['course_id', 'account_id'])
		.execute();
	await db.schema
		.createIndex('course_trainer_account_idx')
		.on('course_trainer')
		.column('account_id')
		.execute();

	// One row per member and course. A seat is taken by 'enrolled' and by 'offered' (held until
	// offer_expires_at); 'waitlisted' waits in `arrival` order (priority members first).
	await db.schema
		.createTable('course_enrolment')
		.addColumn('id', 'uuid', id)
		.addColumn('course_id', 'uuid', (c) => c.notNull().references('course.id').onDelete('cascade'))
		.addColumn('account_id', 'uuid', (c) =>
			c.notNull().references('account.id').onDelete('cascade')
		)
		.addColumn('status', 'text', (c) =>
			c
				.notNull()
				.check(sql`status in ('enrolled', 'waitlisted', 'offered', 'withdrawn', 'removed')`)
		)
		// The order of arrival in this course: 1, 2, 3... Enrolling again after withdrawing
		// takes a new number, at the back.
		.addColumn('arrival', 'integer', (c) => c.notNull().check(sql`arrival > 0`))
		// Set at arrival: a member of the course's priority circle or savings group.
		.addColumn('priority', 'boolean', (c) => c.notNull().defaultTo(false))
		.addColumn('offered_at', 'timestamptz')
		.addColumn('offer_expires_at', 'timestamptz')
		.addColumn('enrolled_at', 'timestamptz')
		// How a place ended: the member withdrew, declined or let an offer pass, or staff removed them.
		.addColumn('ended_at', 'timestamptz')
		.addColumn('ended_reason', 'text', (c) =>
			c.check(sql`ended_reason in ('withdrew', 'offer_expired', 'removed')`)
		)
		.addColumn('created_at', 'timestamptz', now)
		.addColumn('updated_at', 'timestamptz', now)
		.addUniqueConstraint('course_enrolment_account_unique', ['course_id', 'account_id'])
		.addUniqueConstraint('course_enrolment_arrival_unique', ['course_id', 'arrival'])
		.addCheckConstraint(
			'course_enrolment_offer_check',
			sql`(status = 'offered') = (offer_expires_at is not null)
				and (offer_expires_at is null or offered_at is not null)`
		)
		.addCheckConstraint(
			'course_enrolment_enrolled_check',
			sql`status <> 'enrolled' or enrolled_at is not null`
		)
		.addCheckConstraint(
			'course_enrolment_ended_check',
			sql`(status in ('withdrawn', 'removed')) = (ended_at is not null)
				and (ended_at is null) = (ended_reason is null)
				and (status = 'removed') = (ended_reason is not distinct from 'removed')`
		)
		.execute();
	await db.schema
		.createIndex('course_enrolment_account_idx')
		.on('course_enrolment')
		.column('account_id')
		.execute();
	// Offers to expire, found by housekeeping.
	await db.schema
		.createIndex('course_enrolment_offer_idx')
		.on('course_enrolment')
		.column('offer_expires_at')
		.where(sql.ref('status'), '=', 'offered')
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database as it was
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('course_enrolment').execute();
	await db.schema.dropTable('course_trainer').execute();
	await db.schema.dropTable('course_session').execute();
	await db.schema.dropTable('course').execute();
}
