import { sql, type Kysely } from 'kysely';

// What courses need once members use them: the name a member goes by in one course (its trainers
// see the roster by it; never the sign-in nickname), when they last read the course's notices, and
// when the course last changed in a way they must hear of (its sessions or its place).
// Enrolments made before this migration have no name; the roster numbers them instead.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database as it was
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.alterTable('course_enrolment')
		.addColumn('display_name', 'text', (c) => c.check(sql`length(display_name) between 1 and 96`))
		.execute();
	await db.schema
		.alterTable('course_enrolment')
		.addColumn('notices_seen_at', 'timestamptz')
		.execute();
	await db.schema.alterTable('course').addColumn('changed_at', 'timestamptz').execute();
}
