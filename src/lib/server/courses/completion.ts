import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';

export interface Progress {
	/** Sessions on the schedule. */
	scheduled: number;
	/** Sessions that have ended. */
	held: number;
	present: number;
	excused: number;
	/** Sessions to attend to complete: the threshold of the scheduled ones not excused. */
	needed: number;
	completed: boolean;
	/** Whether attending every session still to come would reach the threshold. */
	reachable: boolean;
	/** Whether the last session has ended (a certificate is given from then). */
	ended: boolean;
}

/**
 * A member's attendance against the course's threshold. An excused session (the trainer's call)
 * counts neither for nor against them: it leaves the sessions to count. Completion needs at least
 * one session attended.
 */
export async function progressOf(
	db: Kysely<DB>,
	course: { id: string; attendance_threshold: number },
	enrolmentId: string,
	now: Date
): Promise<Progress> {
	const sessions = await db
		.selectFrom('course_session as s')
		.leftJoin('course_attendance as a', (join) =>
			join.onRef('a.session_id', '=', 's.id').on('a.enrolment_id', '=', enrolmentId)
		)
		.select(['s.ends_at', 'a.status'])
		.where('s.course_id', '=', course.id)
		.execute();
	return progressFrom(sessions, course.attendance_threshold, now);
}

/** The same, from the course's sessions with the member's attendance at each already read. */
export function progressFrom(
	sessions: ReadonlyArray<{ ends_at: Date; status: string | null }>,
	attendanceThreshold: number,
	now: Date
): Progress {
	const scheduled = sessions.length;
	const present = sessions.filter((s) => s.status === 'present').length;
	const excused = sessions.filter((s) => s.status === 'excused').length;
	const held = sessions.filter((s) => s.ends_at <= now).length;
	const toCome = sessions.filter((s) => s.ends_at > now && s.status === null).length;
	const needed = Math.max(1, Math.ceil(((scheduled - excused) * attendanceThreshold) / 100));
	return {
		scheduled,
		held,
		present,
		excused,
		needed,
		completed: scheduled > 0 && present >= needed,
		reachable: present + toCome >= needed,
		ended: scheduled > 0 && held === scheduled
	};
}
