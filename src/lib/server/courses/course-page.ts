import type { Kysely } from 'kysely';
import type { Actor } from '../access/actor';
import { can } from '../access/policy';
import { requireAccess } from '../access/require';
import type { Country, CourseLevel, CourseState, CourseTimeZone, DB } from '../db/schema';
import { openSessionFor } from './attendance';
import { progressFrom, type Progress } from './completion';
import { loadCourse } from './course-access';
import { meetsPrerequisite } from './enrolment';
import { countSeats, waitlistPlace } from './promote-next';

/** Why a member cannot enrol now, when they cannot. */
export type EnrolBlock =
	| 'not_open_yet'
	| 'closed'
	| 'started'
	| 'cancelled'
	| 'draft'
	| 'trainer'
	| 'removed'
	| 'prerequisite';

export interface CoursePage {
	id: string;
	title: string;
	summary: string;
	outcomes: string;
	language: string;
	level: CourseLevel;
	provider: string;
	online: boolean;
	country: Country;
	area: string;
	address: string | null;
	timeZone: CourseTimeZone;
	state: CourseState;
	capacity: number;
	seatsLeft: number;
	waiting: number;
	enrolmentOpensAt: Date;
	enrolmentClosesAt: Date;
	offerHoldHours: number;
	attendanceThreshold: number;
	prerequisite: { id: string; title: string } | null;
	sessions: Array<{ startsAt: Date; endsAt: Date }>;
	/** The viewer's place: null when they have none (or it ended). */
	standing:
		| { status: 'enrolled'; name: string | null }
		| { status: 'offered'; name: string | null; offerExpiresAt: Date }
		| { status: 'waitlisted'; name: string | null; place: number }
		| null;
	/** Why the viewer cannot enrol now; null when they can (or already have a place). */
	enrolBlock: EnrolBlock | null;
	/** Whether the first session has begun: places can no longer be given up. */
	started: boolean;
	mayEdit: boolean;
	mayManage: boolean;
	/** For a member with a seat: their attendance against the threshold. */
	progress: Progress | null;
	/** For a member with a seat: a session they can check in to now. */
	checkInOpen: boolean;
	/**
	 * For a member who can no longer complete: the next run of the course (a published course of
	 * the same title and provider starting later), to be offered kindly.
	 */
	nextRun: { id: string; title: string } | null;
}

/**
 * A course as its page shows it to the viewer: the details, the sessions on the course's clock,
 * the seats left and the line, and the viewer's own place. A draft is a 404 for members.
 */
export async function readCoursePage(
	db: Kysely<DB>,
	actor: Actor,
	courseId: unknown,
	now: Date
): Promise<CoursePage> {
	const { course, enrolment, resource } = await loadCourse(db, actor, courseId);
	requireAccess(actor, 'course:view', resource);
	const seated = enrolment?.status === 'enrolled' && course.state !== 'draft';
	const [sessions, seats, prerequisite] = await Promise.all([
		// With a seat, the member's attendance at each comes along: their progress needs no read.
		db
			.selectFrom('course_session as s')
			.leftJoin('course_attendance as a', (join) =>
				join
					.onRef('a.session_id', '=', 's.id')
					.on((eb) =>
						seated && enrolment ? eb('a.enrolment_id', '=', enrolment.id) : eb.lit(false)
					)
			)
			.select(['s.starts_at', 's.ends_at', 'a.status'])
			.where('s.course_id', '=', course.id)
			.orderBy('s.starts_at')
			.execute(),
		countSeats(db, course.id),
		course.prerequisite_id
			? db
					.selectFrom('course')
					.select(['id', 'title'])
					.where('id', '=', course.prerequisite_id)
					.where('state', '<>', 'draft')
					.executeTakeFirst()
			: undefined
	]);
	const started = sessions.length > 0 && now >= sessions[0].starts_at;
	const prerequisiteMet =
		actor.kind === 'account' && (await meetsPrerequisite(db, course, actor.id, now));

	let standing: CoursePage['standing'] = null;
	const name = enrolment?.display_name ?? null;
	if (enrolment?.status === 'enrolled') standing = { status: 'enrolled', name };
	else if (enrolment?.status === 'offered')
		standing = { status: 'offered', name, offerExpiresAt: enrolment.offer_expires_at! };
	else if (enrolment?.status === 'waitlisted')
		standing = { status: 'waitlisted', name, place: (await waitlistPlace(db, enrolment))! };

	const progress = seated ? progressFrom(sessions, course.attendance_threshold, now) : null;
	const checkInOpen =
		seated && course.state === 'published' && (await openSessionFor(db, course.id, now)) !== null;
	const nextRun =
		progress && !progress.completed && !progress.reachable
			? await nextRunOf(db, course, now)
			: null;

	return {
		id: course.id,
		title: course.title,
		summary: course.summary,
		outcomes: course.outcomes,
		language: course.language,
		level: course.level,
		provider: course.provider,
		online: course.online,
		country: course.country,
		area: course.area,
		address: course.address,
		timeZone: course.time_zone,
		state: course.state,
		capacity: course.capacity,
		// As in the catalogue: none while anyone waits, so a newcomer joins the line.
		seatsLeft: seats.waiting > 0 ? 0 : Math.max(0, course.capacity - seats.taken),
		waiting: seats.waiting,
		enrolmentOpensAt: course.enrolment_opens_at,
		enrolmentClosesAt: course.enrolment_closes_at,
		offerHoldHours: course.offer_hold_hours,
		attendanceThreshold: course.attendance_threshold,
		prerequisite: prerequisite ?? null,
		sessions: sessions.map((s) => ({ startsAt: s.starts_at, endsAt: s.ends_at })),
		standing,
		enrolBlock: standing ? null : enrolBlock(),
		started,
		mayEdit: can(actor, 'course:edit', resource) && course.state !== 'cancelled',
		mayManage: can(actor, 'course:manage-enrolments', resource),
		progress,
		checkInOpen,
		nextRun
	};

	function enrolBlock(): EnrolBlock | null {
		if (course.state === 'cancelled') return 'cancelled';
		if (course.state === 'draft') return 'draft';
		if (resource.trains) return 'trainer';
		if (resource.enrolment === 'removed') return 'removed';
		if (started) return 'started';
		if (now < course.enrolment_opens_at) return 'not_open_yet';
		if (now >= course.enrolment_closes_at) return 'closed';
		if (!prerequisiteMet) return 'prerequisite';
		return null;
	}
}

/** A later published run of the same course: same title and provider, first session still ahead. */
async function nextRunOf(
	db: Kysely<DB>,
	course: { id: string; title: string; provider: string },
	now: Date
): Promise<{ id: string; title: string } | null> {
	const row = await db
		.selectFrom('course as c')
		.innerJoin('course_session as s', 's.course_id', 'c.id')
		.select(['c.id', 'c.title'])
		.where('c.id', '<>', course.id)
		.where('c.state', '=', 'published')
		.where('c.title', '=', course.title)
		.where('c.provider', '=', course.provider)
		.groupBy(['c.id', 'c.title'])
		.having((eb) => eb.fn.min('s.starts_at'), '>', now)
		.orderBy((eb) => eb.fn.min('s.starts_at'))
		.executeTakeFirst();
	return row ?? null;
}
