import type { Kysely } from 'kysely';
import type { Actor } from '../access/actor';
import type { CourseResource } from '../access/policy';
import { notFound } from '../access/require';
import { isUuid } from '../db/ids';
import type { DB } from '../db/schema';

const selectCourse = (db: Kysely<DB>, courseId: string, lock: boolean) => {
	const query = db.selectFrom('course').selectAll().where('id', '=', courseId);
	return (lock ? query.forUpdate() : query).executeTakeFirst();
};

const selectOwnEnrolment = (db: Kysely<DB>, courseId: string, accountId: string) =>
	db
		.selectFrom('course_enrolment')
		.selectAll()
		.where('course_id', '=', courseId)
		.where('account_id', '=', accountId)
		.executeTakeFirst();

export type CourseRow = NonNullable<Awaited<ReturnType<typeof selectCourse>>>;
export type EnrolmentRow = NonNullable<Awaited<ReturnType<typeof selectOwnEnrolment>>>;

export interface CourseContext {
	course: CourseRow;
	/** The actor's own enrolment, in any status, or null. */
	enrolment: EnrolmentRow | null;
	resource: CourseResource;
}

/**
 * A course and the actor's place in it, for a permission check. A malformed or unknown id is a
 * 404, as is a course the caller then may not see. `lock` takes the course's row for update: every
 * write that takes, frees or offers a seat holds it, so seats are counted by one writer at a time.
 * The actor's enrolment is read after the lock, so it is the committed one.
 */
export async function loadCourse(
	db: Kysely<DB>,
	actor: Actor,
	courseId: unknown,
	options: { lock?: boolean } = {}
): Promise<CourseContext> {
	if (!isUuid(courseId)) notFound();
	const course = await selectCourse(db, courseId, options.lock ?? false);
	if (!course) notFound();
	let enrolment: EnrolmentRow | null = null;
	let trains = false;
	if (actor.kind === 'account') {
		enrolment = (await selectOwnEnrolment(db, courseId, actor.id)) ?? null;
		trains = Boolean(
			await db
				.selectFrom('course_trainer')
				.select('account_id')
				.where('course_id', '=', courseId)
				.where('account_id', '=', actor.id)
				.executeTakeFirst()
		);
	}
	return Object.freeze({
		course: Object.freeze(course),
		enrolment: enrolment && Object.freeze(enrolment),
		resource: Object.freeze({ state: course.state, trains, enrolment: enrolment?.status ?? null })
	});
}
