import type { Kysely } from 'kysely';
import type { Actor } from '../access/actor';
import { requireAccess } from '../access/require';
import type { CourseTimeZone, DB } from '../db/schema';
import { loadCourse } from './course-access';
import { WAITLIST_ORDER } from './promote-next';

/** One person on a roster: only the name they gave for this course, never their account. */
export interface RosterEntry {
	enrolmentId: string;
	/** Null for a place taken before names were asked; the page numbers it by `arrival`. */
	name: string | null;
	arrival: number;
}

export interface Roster {
	courseId: string;
	title: string;
	timeZone: CourseTimeZone;
	capacity: number;
	/** Those with a seat, in the order they got it. */
	enrolled: Array<RosterEntry & { since: Date }>;
	/** Those offered a seat from the waitlist, with the time the offer lapses. */
	offered: Array<RosterEntry & { until: Date }>;
	/** The waitlist in the order seats will be offered. */
	waiting: RosterEntry[];
}

/**
 * The roster of a course, for its trainers and coordinators: who has a seat, who has been offered
 * one and who waits, by the names they gave for the course. Members never see it.
 */
export async function readRoster(db: Kysely<DB>, actor: Actor, courseId: unknown): Promise<Roster> {
	const { course, resource } = await loadCourse(db, actor, courseId);
	requireAccess(actor, 'course:manage-enrolments', resource);
	const rows = await db
		.selectFrom('course_enrolment')
		.select(['id', 'status', 'display_name', 'arrival', 'enrolled_at', 'offer_expires_at'])
		.where('course_id', '=', course.id)
		.where('status', 'in', ['enrolled', 'offered', 'waitlisted'])
		.orderBy(WAITLIST_ORDER[0])
		.orderBy(WAITLIST_ORDER[1])
		.execute();
	const entry = (row: (typeof rows)[number]): RosterEntry => ({
		enrolmentId: row.id,
		name: row.display_name,
		arrival: row.arrival
	});
	const enrolled = rows
		.filter((row) => row.status === 'enrolled')
		.map((row) => ({ ...entry(row), since: row.enrolled_at! }))
		.sort((a, b) => a.since.getTime() - b.since.getTime() || a.arrival - b.arrival);
	return {
		courseId: course.id,
		title: course.title,
		timeZone: course.time_zone,
		capacity: course.capacity,
		enrolled,
		offered: rows
			.filter((row) => row.status === 'offered')
			.map((row) => ({ ...entry(row), until: row.offer_expires_at! })),
		waiting: rows.filter((row) => row.status === 'waitlisted').map(entry)
	};
}
