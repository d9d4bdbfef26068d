import { sql, type Kysely } from 'kysely';

// What participants say about a course: a rating after its last session, and whether it helped
// three and twelve months after they completed it. Both are the participant's own answers and go
// with their place in the course; trainers and coordinators only ever see them added up, from
// five answers (the services enforce it).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database as it was
export async function up(db: Kysely<any>): Promise<void> {
	const score = (column: string) => sql`${sql.ref(column)} between 1 and 5`;
	await db.schema
		.createTable('course_feedback')
		.addColumn('enrolment_id', 'uuid', (c) =>
			c.primaryKey().references('course_enrolment.id').onDelete('cascade')
		)
		.addColumn('useful', 'smallint', (c) => c.notNull().check(score('useful')))
		.addColumn('understandable', 'smallint', (c) => c.notNull().check(score('understandable')))
		.addColumn('fitted_time', 'smallint', (c) => c.notNull().check(score('fitted_time')))
		.addColumn('recommend', 'smallint', (c) => c.notNull().check(score('recommend')))
		.addColumn('comment', 'text', (c) => c.check(sql`length(comment) between 1 and 1000`))
		.addColumn('answered_at', 'timestamptz', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('course_follow_up')
		.addColumn('enrolment_id', 'uuid', (c) =>
			c.notNull().references('course_enrolment.id').onDelete('cascade')
		)
		.addColumn('after_months', 'smallint', (c) => c.notNull().check(sql`after_months in (3, 12)`))
		// Null: the participant chose not to answer (they are not asked again).
		.addColumn('work', 'text', (c) =>
			c.check(
				sql`work in ('started_business', 'grew_business', 'found_work', 'still_looking', 'other')`
			)
		)
		.addColumn('earnings', 'text', (c) =>
			c.check(sql`earnings in ('nothing_yet', 'a_little', 'enough', 'more_than_enough')`)
		)
		.addColumn('help_next', 'text', (c) =>
			c.check(sql`help_next in ('money', 'training', 'customers', 'childcare', 'nothing')`)
		)
		.addColumn('answered_at', 'timestamptz', (c) => c.notNull())
		.addPrimaryKeyConstraint('course_follow_up_pkey', ['enrolment_id', 'after_months'])
		.execute();
}
