import { sql, type Kysely } from 'kysely';
import type { Actor } from '../access/actor';
import { requireAccess } from '../access/require';
import { loadCourse } from './course-access';
import type { CourseTimeZone, DB } from '../db/schema';

/*
 * The course's sessions as the trainer's attendance list shows them: how many of the people with a
 * seat were marked present or excused at each, whether its check-in is open, and which one is
 * happening now (or comes next).
 */

export interface AttendanceOverview {
	id: string;
	title: string;
	timeZone: CourseTimeZone;
	/** People holding a seat now: the sheet lists them all. */
	seated: number;
	/** In the order they are held. */
	sessions: Array<{
		id: string;
		startsAt: Date;
		endsAt: Date;
		/** Marks of people who still hold a seat, as the sheet counts them. */
		present: number;
		excused: number;
		checkInOpen: boolean;
	}>;
	/** The session happening now, or else the next one; null once the last has ended. */
	currentId: string | null;
	/** Whether `currentId` is happening now (rather than coming next). */
	currentIsNow: boolean;
}

/** For the course's trainers and coordinators, in a published course; a 404 for anyone else. */
export async function readAttendanceOverview(
	db: Kysely<DB>,
	actor: Actor,
	courseId: unknown,
	now: Date
): Promise<AttendanceOverview> {
	const { course, resource } = await loadCourse(db, actor, courseId);
	requireAccess(actor, 'course:take-attendance', resource);
	const [sessions, seated] = await Promise.all([
		db
			.selectFrom('course_session as s')
			.leftJoin('course_check_in as c', 'c.session_id', 's.id')
			.leftJoin(
				(eb) =>
					eb
						.selectFrom('course_attendance as a')
						.innerJoin('course_enrolment as e', 'e.id', 'a.enrolment_id')
						.select([
							'a.session_id',
							sql<string>`count(*) filter (where a.status = 'present')`.as('present'),
							sql<string>`count(*) filter (where a.status = 'excused')`.as('excused')
						])
						.where('e.course_id', '=', course.id)
						.where('e.status', '=', 'enrolled')
						.groupBy('a.session_id')
						.as('marks'),
				(join) => join.onRef('marks.session_id', '=', 's.id')
			)
			.select(['s.id', 's.starts_at', 's.ends_at', 'c.closes_at', 'marks.present', 'marks.excused'])
			.where('s.course_id', '=', course.id)
			.orderBy('s.starts_at')
			.execute(),
		db
			.selectFrom('course_enrolment')
			.select(sql<string>`count(*)`.as('seated'))
			.where('course_id', '=', course.id)
			.where('status', '=', 'enrolled')
			.executeTakeFirstOrThrow()
	]);
	const happening = sessions.find((s) => s.starts_at <= now && now < s.ends_at);
	const next = sessions.find((s) => s.starts_at > now);
	return {
		id: course.id,
		title: course.title,
		timeZone: course.time_zone,
		seated: Number(seated.seated),
		sessions: sessions.map((s) => ({
			id: s.id,
			startsAt: s.starts_at,
			endsAt: s.ends_at,
			present: Number(s.present ?? 0),
			excused: Number(s.excused ?? 0),
			checkInOpen: s.closes_at !== null && now < s.closes_at
		})),
		currentId: (happening ?? next)?.id ?? null,
		currentIsNow: happening !== undefined
	};
}
