import type { Kysely } from 'kysely';
import type { Actor } from '../access/actor';
import { requireAccess } from '../access/require';
import type { DB } from '../db/schema';

/**
 * The courses' part of "download my data": each course the member asked for a place in, where
 * they stand or stood in it and the name they went by there; and each course they train. Never
 * another member's place, name or count: a course is named by its title and provider, which its
 * catalogue entry shows to everyone.
 */
export async function exportOwnCourseData(db: Kysely<DB>, actor: Actor) {
	requireAccess(actor, 'account:manage-own');
	const accountId = actor.id;
	const [courses, coursesTrained] = await Promise.all([
		db
			.selectFrom('course_enrolment as e')
			.innerJoin('course as c', 'c.id', 'e.course_id')
			.select([
				'c.title as course',
				'c.provider',
				(eb) =>
					eb
						.selectFrom('course_session as s')
						.select((s) => s.fn.min('s.starts_at').as('first'))
						.whereRef('s.course_id', '=', 'c.id')
						.as('first_session_at'),
				(eb) =>
					eb
						.selectFrom('course_session as s')
						.select((s) => s.fn.max('s.starts_at').as('last'))
						.whereRef('s.course_id', '=', 'c.id')
						.as('last_session_at'),
				'e.status',
				'e.display_name',
				'e.created_at',
				'e.enrolled_at',
				'e.offer_expires_at',
				'e.ended_at',
				'e.ended_reason'
			])
			.where('e.account_id', '=', accountId)
			.orderBy('e.created_at')
			.execute(),
		db
			.selectFrom('course_trainer as t')
			.innerJoin('course as c', 'c.id', 't.course_id')
			.select([
				'c.title as course',
				'c.provider',
				'c.state',
				(eb) =>
					eb
						.selectFrom('course_session as s')
						.select((s) => s.fn.min('s.starts_at').as('first'))
						.whereRef('s.course_id', '=', 'c.id')
						.as('first_session_at'),
				(eb) =>
					eb
						.selectFrom('course_session as s')
						.select((s) => s.fn.max('s.starts_at').as('last'))
						.whereRef('s.course_id', '=', 'c.id')
						.as('last_session_at'),
				't.created_at'
			])
			.where('t.account_id', '=', accountId)
			.orderBy('t.created_at')
			.execute()
	]);
	// min() and max() come back as text from some drivers: dates, as every other date in the file.
	const at = (value: unknown) => (value ? new Date(value as Date) : null);
	return {
		courses: courses.map((row) => ({
			...row,
			first_session_at: at(row.first_session_at),
			last_session_at: at(row.last_session_at)
		})),
		coursesTrained: coursesTrained.map((row) => ({
			...row,
			first_session_at: at(row.first_session_at),
			last_session_at: at(row.last_session_at)
		}))
	};
}
