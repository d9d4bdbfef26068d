import type { Kysely, Selectable } from 'kysely';
import type { Actor } from '../access/actor';
import type { CourseResource } from '../access/policy';
import { notFound } from '../access/require';
import { isUuid } from '../db/ids';
import type { CourseEnrolmentTable, DB } from '../db/schema';
import { prefixedColumns, splitJoinedRow } from '../db/joined-row';

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

const selectTrains = async (db: Kysely<DB>, courseId: string, accountId: string) =>
	Boolean(
		await db
			.selectFrom('course_trainer')
			.select('account_id')
			.where('course_id', '=', courseId)
			.where('account_id', '=', accountId)
			.executeTakeFirst()
	);

export type CourseRow = NonNullable<Awaited<ReturnType<typeof selectCourse>>>;
export type EnrolmentRow = NonNullable<Awaited<ReturnType<typeof selectOwnEnrolment>>>;

/** Every column of an enrolment row (the object fails to compile when the table changes). */
const ENROLMENT_COLUMNS = Object.keys({
	id: true,
	course_id: true,
	account_id: true,
	status: true,
	arrival: true,
	priority: true,
	offered_at: true,
	offer_expires_at: true,
	enrolled_at: true,
	ended_at: true,
	ended_reason: true,
	display_name: true,
	notices_seen_at: true,
	certificate_name: true,
	created_at: true,
	updated_at: true
} satisfies Record<keyof Selectable<CourseEnrolmentTable>, true>);

/** Where the enrolment's columns go in the joined row, apart from the course's. */
const AS_ENROLMENT = 'enrolment__';

/**
 * The course, the account's enrolment and whether it trains the course in one statement: every
 * page of a course begins with this, so it is one round trip, not three. (A locked read keeps
 * them apart: the enrolment is read once the lock is held.)
 */
async function selectCourseForAccount(db: Kysely<DB>, courseId: string, accountId: string) {
	const row = await db
		.selectFrom('course')
		.leftJoin('course_enrolment as mine', (join) =>
			join.onRef('mine.course_id', '=', 'course.id').on('mine.account_id', '=', accountId)
		)
		.selectAll('course')
		.select(prefixedColumns('mine', ENROLMENT_COLUMNS, AS_ENROLMENT))
		.select((eb) =>
			eb
				.exists(
					eb
						.selectFrom('course_trainer')
						.select('course_trainer.account_id')
						.whereRef('course_trainer.course_id', '=', 'course.id')
						.where('course_trainer.account_id', '=', accountId)
				)
				.as('trains')
		)
		.where('course.id', '=', courseId)
		.executeTakeFirst();
	if (!row) return undefined;
	const { trains, ...columns } = row;
	const { own, joined } = splitJoinedRow(columns, [AS_ENROLMENT]);
	return {
		course: own as CourseRow,
		enrolment: joined[AS_ENROLMENT] as EnrolmentRow | null,
		trains: Boolean(trains)
	};
}

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
	const lock = options.lock ?? false;
	let course: CourseRow | undefined;
	let enrolment: EnrolmentRow | null = null;
	let trains = false;
	if (actor.kind === 'account' && !lock) {
		const all = await selectCourseForAccount(db, courseId, actor.id);
		if (!all) notFound();
		({ course, enrolment, trains } = all);
	} else {
		course = await selectCourse(db, courseId, lock);
		if (!course) notFound();
		if (actor.kind === 'account') {
			enrolment = (await selectOwnEnrolment(db, courseId, actor.id)) ?? null;
			trains = await selectTrains(db, courseId, actor.id);
		}
	}
	return Object.freeze({
		course: Object.freeze(course),
		enrolment: enrolment && Object.freeze(enrolment),
		resource: Object.freeze({ state: course.state, trains, enrolment: enrolment?.status ?? null })
	});
}
