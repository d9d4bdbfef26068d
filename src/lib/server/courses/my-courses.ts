import type { Kysely } from 'kysely';
import type { Actor } from '../access/actor';
import { requireAccess } from '../access/require';
import type { CourseState, CourseTimeZone, DB, EnrolmentStatus } from '../db/schema';
import { waitlistPlace } from './promote-next';

export interface MyCourse {
	courseId: string;
	title: string;
	state: CourseState;
	timeZone: CourseTimeZone;
	status: Extract<EnrolmentStatus, 'enrolled' | 'waitlisted' | 'offered'>;
	/** For an offer: until when the seat is held. */
	offerExpiresAt: Date | null;
	/** On the waitlist: 1 is next. */
	place: number | null;
	firstSessionAt: Date | null;
}

/**
 * The actor's courses: those they are enrolled in, offered a seat in or waiting for, with their
 * place on the waitlist; a cancelled one too, so they learn it was cancelled. Soonest first.
 */
export async function myCourses(db: Kysely<DB>, actor: Actor): Promise<MyCourse[]> {
	requireAccess(actor, 'course:browse');
	const rows = await db
		.selectFrom('course_enrolment as e')
		.innerJoin('course as c', 'c.id', 'e.course_id')
		.select([
			'e.id',
			'e.course_id',
			'e.status',
			'e.priority',
			'e.arrival',
			'e.offer_expires_at',
			'c.title',
			'c.state',
			'c.time_zone',
			(eb) =>
				eb
					.selectFrom('course_session as s')
					.select((s) => s.fn.min('s.starts_at').as('first'))
					.whereRef('s.course_id', '=', 'c.id')
					.as('first_at')
		])
		.where('e.account_id', '=', actor.id)
		.where('e.status', 'in', ['enrolled', 'waitlisted', 'offered'])
		.where('c.state', '<>', 'draft')
		.orderBy('first_at')
		.orderBy('c.id')
		.execute();
	const courses: MyCourse[] = [];
	for (const row of rows) {
		courses.push({
			courseId: row.course_id,
			title: row.title,
			state: row.state,
			timeZone: row.time_zone,
			status: row.status as MyCourse['status'],
			offerExpiresAt: row.offer_expires_at,
			place: await waitlistPlace(db, row),
			firstSessionAt: row.first_at ? new Date(row.first_at as Date) : null
		});
	}
	return courses;
}
