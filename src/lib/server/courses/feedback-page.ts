import type { Kysely } from 'kysely';
import type { Actor } from '../access/actor';
import { requireAccess } from '../access/require';
import { progressOf } from './completion';
import { loadCourse } from './course-access';
import { readOwnFeedback } from './feedback';
import type { CourseTimeZone, DB } from '../db/schema';

/*
 * What the rating page of a course shows its participant: whether the course is over, when it will
 * be, and their own answer. It belongs with the feedback services in
 * src/lib/server/courses/feedback.ts; it sits beside its page until it moves there.
 */

export interface FeedbackPage {
	courseId: string;
	title: string;
	timeZone: CourseTimeZone;
	/** Whether the last session has ended: ratings are given from then. */
	ended: boolean;
	/** When the last session ends (or ended); null for a course without sessions. */
	lastEndsAt: Date | null;
	/** What the participant answered, or null before they did. */
	own: Awaited<ReturnType<typeof readOwnFeedback>>;
}

/** For a participant with a seat in a published course; a 404 for anyone else. */
export async function readFeedbackPage(
	db: Kysely<DB>,
	actor: Actor,
	courseId: unknown,
	now: Date
): Promise<FeedbackPage> {
	const context = await loadCourse(db, actor, courseId);
	requireAccess(actor, 'course:answer', context.resource);
	const { course } = context;
	const [progress, last, own] = await Promise.all([
		progressOf(db, course, context.enrolment!.id, now),
		db
			.selectFrom('course_session')
			.select((eb) => eb.fn.max('ends_at').as('last'))
			.where('course_id', '=', course.id)
			.executeTakeFirstOrThrow(),
		readOwnFeedback(db, context)
	]);
	return {
		courseId: course.id,
		title: course.title,
		timeZone: course.time_zone,
		ended: progress.ended,
		lastEndsAt: last.last === null ? null : new Date(last.last as Date),
		own
	};
}
