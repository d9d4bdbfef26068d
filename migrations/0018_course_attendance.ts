import { sql, type Kysely } from 'kysely';

// Attendance, check-in codes and certificates for courses.
//
// A session's attendance is one row per enrolment the trainer (or a check-in code) marked:
// present, or excused (the trainer's call); no row is absent. A session with marks is never
// deleted by an edit (the services refuse), so marks go only with the course or the person.
//
// A session's check-in code is derived from a secret and the current 30-second window, so the
// code a trainer shows changes every 30 seconds without a write.
//
// A certificate outlives the account it was issued to: whoever holds the printed page can still
// have it checked. It then points to nobody (enrolment set null). The name printed on it is kept
// only if the member asks, on their enrolment, so it goes with their account.
//
// Lookups of certificate codes by address (a keyed hash, never the address) in fixed windows:
// the public check page is rate-limited without an account.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database as it was
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('course_attendance')
		.addColumn('session_id', 'uuid', (c) =>
			c.notNull().references('course_session.id').onDelete('cascade')
		)
		.addColumn('enrolment_id', 'uuid', (c) =>
			c.notNull().references('course_enrolment.id').onDelete('cascade')
		)
		.addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('present', 'excused')`))
		// 'code': the member typed the session's code; 'trainer': the trainer marked or corrected it.
		.addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('code', 'trainer')`))
		.addColumn('marked_at', 'timestamptz', (c) => c.notNull())
		.addPrimaryKeyConstraint('course_attendance_pkey', ['session_id', 'enrolment_id'])
		.execute();
	await db.schema
		.createIndex('course_attendance_enrolment_idx')
		.on('course_attendance')
		.column('enrolment_id')
		.execute();

	await db.schema
		.createTable('course_check_in')
		.addColumn('session_id', 'uuid', (c) =>
			c.primaryKey().references('course_session.id').onDelete('cascade')
		)
		.addColumn('secret', 'text', (c) => c.notNull())
		.addColumn('opened_at', 'timestamptz', (c) => c.notNull())
		.addColumn('closes_at', 'timestamptz', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('course_certificate')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('code', 'text', (c) =>
			c
				.notNull()
				.unique()
				.check(sql`length(code) >= 10`)
		)
		.addColumn('course_id', 'uuid', (c) => c.notNull().references('course.id').onDelete('cascade'))
		.addColumn('enrolment_id', 'uuid', (c) =>
			c.unique().references('course_enrolment.id').onDelete('set null')
		)
		.addColumn('issued_at', 'timestamptz', (c) => c.notNull())
		.addColumn('revoked_at', 'timestamptz')
		.execute();
	await db.schema
		.alterTable('course_enrolment')
		.addColumn('certificate_name', 'text', (c) =>
			c.check(sql`length(certificate_name) between 1 and 200`)
		)
		.execute();

	await db.schema
		.createTable('certificate_lookup')
		.addColumn('address_hash', 'text', (c) => c.notNull())
		.addColumn('window_start', 'timestamptz', (c) => c.notNull())
		.addColumn('count', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('certificate_lookup_pkey', ['address_hash'])
		.execute();
}
