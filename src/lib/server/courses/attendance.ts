import type { Kysely } from 'kysely';
import type { Actor } from '../access/actor';
import { requireAccess } from '../access/require';
import { isUuid } from '../db/ids';
import type { DB } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { countWrite } from '../limits/write-limits';
import { codeMatches, currentCode, newCheckInSecret } from './check-in-code';
import { loadCourse } from './course-access';

export type Mark = 'present' | 'excused' | 'absent';

/** A check-in opens up to this long before a session starts, and stays open this long after it ends. */
export const CHECK_IN_EARLY_MS = 30 * 60_000;
export const CHECK_IN_LATE_MS = 30 * 60_000;

async function sessionOf(db: Kysely<DB>, courseId: string, sessionId: unknown) {
	if (!isUuid(sessionId)) return undefined;
	return db
		.selectFrom('course_session')
		.selectAll()
		.where('id', '=', sessionId)
		.where('course_id', '=', courseId)
		.executeTakeFirst();
}

export interface AttendanceSheet {
	session: { id: string; startsAt: Date; endsAt: Date };
	/** Everyone with a seat, with this session's mark. */
	people: Array<{
		enrolmentId: string;
		name: string | null;
		arrival: number;
		mark: Mark;
		byCode: boolean;
	}>;
	/** The code to show while check-in is open. */
	checkIn: { code: string; secondsLeft: number; closesAt: Date } | null;
	/** Whether check-in can be opened now (from half an hour before the session to half an hour after). */
	mayOpenCheckIn: boolean;
}

/** A session's sheet, for the course's trainers and coordinators. */
export async function readAttendanceSheet(
	db: Kysely<DB>,
	actor: Actor,
	courseId: unknown,
	sessionId: unknown,
	now: Date
): Promise<AttendanceSheet | null> {
	const { course, resource } = await loadCourse(db, actor, courseId);
	requireAccess(actor, 'course:take-attendance', resource);
	const session = await sessionOf(db, course.id, sessionId);
	if (!session) return null;
	const [people, checkIn] = await Promise.all([
		db
			.selectFrom('course_enrolment as e')
			.leftJoin('course_attendance as a', (join) =>
				join.onRef('a.enrolment_id', '=', 'e.id').on('a.session_id', '=', session.id)
			)
			.select(['e.id', 'e.display_name', 'e.arrival', 'a.status', 'a.source'])
			.where('e.course_id', '=', course.id)
			.where('e.status', '=', 'enrolled')
			.orderBy('e.enrolled_at')
			.orderBy('e.arrival')
			.execute(),
		db
			.selectFrom('course_check_in')
			.selectAll()
			.where('session_id', '=', session.id)
			.executeTakeFirst()
	]);
	const open = checkIn && now < checkIn.closes_at ? checkIn : null;
	return {
		session: { id: session.id, startsAt: session.starts_at, endsAt: session.ends_at },
		people: people.map((row) => ({
			enrolmentId: row.id,
			name: row.display_name,
			arrival: row.arrival,
			mark: row.status ?? 'absent',
			byCode: row.source === 'code'
		})),
		checkIn: open && { ...currentCode(open.secret, now), closesAt: open.closes_at },
		mayOpenCheckIn: checkInWindow(session, now)
	};
}

const checkInWindow = (session: { starts_at: Date; ends_at: Date }, now: Date) =>
	now.getTime() >= session.starts_at.getTime() - CHECK_IN_EARLY_MS &&
	now.getTime() < session.ends_at.getTime() + CHECK_IN_LATE_MS;

/**
 * The trainer marks the sheet: present, excused (their call) or absent, for people with a seat.
 * A mark by code is evidence, not proof: the trainer's word replaces it. Marks for anyone not
 * holding a seat are ignored. Sending the same sheet again changes nothing.
 */
export async function markAttendance(
	db: Kysely<DB>,
	actor: Actor,
	courseId: unknown,
	sessionId: unknown,
	marks: Record<string, Mark>,
	now: Date
): Promise<{ ok: true } | { ok: false; problem: 'unknown_session' }> {
	return inTransaction(db, async (trx) => {
		const { course, resource } = await loadCourse(trx, actor, courseId);
		requireAccess(actor, 'course:take-attendance', resource);
		const session = await sessionOf(trx, course.id, sessionId);
		if (!session) return { ok: false, problem: 'unknown_session' } as const;
		const seated = new Set(
			(
				await trx
					.selectFrom('course_enrolment')
					.select('id')
					.where('course_id', '=', course.id)
					.where('status', '=', 'enrolled')
					.execute()
			).map((row) => row.id)
		);
		for (const [enrolmentId, mark] of Object.entries(marks)) {
			if (!seated.has(enrolmentId)) continue;
			if (mark === 'absent') {
				await trx
					.deleteFrom('course_attendance')
					.where('session_id', '=', session.id)
					.where('enrolment_id', '=', enrolmentId)
					.execute();
				continue;
			}
			if (mark !== 'present' && mark !== 'excused') continue;
			await trx
				.insertInto('course_attendance')
				.values({
					session_id: session.id,
					enrolment_id: enrolmentId,
					status: mark,
					source: 'trainer',
					marked_at: now
				})
				.onConflict((conflict) =>
					conflict.columns(['session_id', 'enrolment_id']).doUpdateSet((eb) => ({
						status: eb.ref('excluded.status'),
						// The trainer confirming a code's mark leaves it known as the member's own.
						source: eb
							.case()
							.when(eb.ref('course_attendance.status'), '=', eb.ref('excluded.status'))
							.then(eb.ref('course_attendance.source'))
							.else(eb.ref('excluded.source'))
							.end(),
						marked_at: eb
							.case()
							.when(eb.ref('course_attendance.status'), '=', eb.ref('excluded.status'))
							.then(eb.ref('course_attendance.marked_at'))
							.else(eb.ref('excluded.marked_at'))
							.end()
					}))
				)
				.execute();
		}
		return { ok: true } as const;
	});
}

/**
 * Opens check-in for a session, from half an hour before it starts: a new secret, so that codes
 * shown for it before cannot be used. It closes half an hour after the session ends.
 */
export async function openCheckIn(
	db: Kysely<DB>,
	actor: Actor,
	courseId: unknown,
	sessionId: unknown,
	now: Date
): Promise<{ ok: true } | { ok: false; problem: 'unknown_session' | 'not_now' }> {
	return inTransaction(db, async (trx) => {
		const { course, resource } = await loadCourse(trx, actor, courseId);
		requireAccess(actor, 'course:take-attendance', resource);
		const session = await sessionOf(trx, course.id, sessionId);
		if (!session) return { ok: false, problem: 'unknown_session' } as const;
		if (!checkInWindow(session, now)) return { ok: false, problem: 'not_now' } as const;
		const values = {
			secret: newCheckInSecret(),
			opened_at: now,
			closes_at: new Date(session.ends_at.getTime() + CHECK_IN_LATE_MS)
		};
		await trx
			.insertInto('course_check_in')
			.values({ session_id: session.id, ...values })
			.onConflict((conflict) => conflict.column('session_id').doUpdateSet(values))
			.execute();
		return { ok: true } as const;
	});
}

export type CheckInRefusal = {
	ok: false;
	problem: 'not_open' | 'wrong_code' | 'too_fast';
	retryAfterS?: number;
};

/**
 * A member with a seat types the code the trainer shows. Every try counts against the member's
 * check-in limit (a code has a million values; guessing is slow). Two members checking in from
 * one shared phone is normal: nothing ties a code to a device. Checking in twice changes nothing;
 * an excused mark becomes present.
 */
export async function checkIn(
	db: Kysely<DB>,
	actor: Actor,
	courseId: unknown,
	input: { sessionId: unknown; code: unknown },
	now: Date
): Promise<{ ok: true } | CheckInRefusal> {
	return inTransaction(db, async (trx) => {
		const { course, enrolment, resource } = await loadCourse(trx, actor, courseId);
		requireAccess(actor, 'course:check-in', resource);
		const allowance = await countWrite(
			trx,
			{ accountId: actor.id, kind: 'check_in', elevated: false },
			now
		);
		if (!allowance.ok)
			return { ok: false, problem: 'too_fast', retryAfterS: allowance.retryAfterS } as const;
		const session = await sessionOf(trx, course.id, input.sessionId);
		const open = session
			? await trx
					.selectFrom('course_check_in')
					.selectAll()
					.where('session_id', '=', session.id)
					.where('closes_at', '>', now)
					.executeTakeFirst()
			: undefined;
		if (!session || !open) return { ok: false, problem: 'not_open' } as const;
		if (typeof input.code !== 'string' || !codeMatches(open.secret, input.code, now))
			return { ok: false, problem: 'wrong_code' } as const;
		await trx
			.insertInto('course_attendance')
			.values({
				session_id: session.id,
				enrolment_id: enrolment!.id,
				status: 'present',
				source: 'code',
				marked_at: now
			})
			.onConflict((conflict) =>
				conflict
					.columns(['session_id', 'enrolment_id'])
					.doUpdateSet({ status: 'present', source: 'code', marked_at: now })
					.where('course_attendance.status', '=', 'excused')
			)
			.execute();
		return { ok: true } as const;
	});
}

/** The session a member can check in to now, if one is open. */
export async function openSessionFor(
	db: Kysely<DB>,
	courseId: string,
	now: Date
): Promise<{ id: string; startsAt: Date; endsAt: Date } | null> {
	const row = await db
		.selectFrom('course_check_in as c')
		.innerJoin('course_session as s', 's.id', 'c.session_id')
		.select(['s.id', 's.starts_at', 's.ends_at'])
		.where('s.course_id', '=', courseId)
		.where('c.closes_at', '>', now)
		.orderBy('s.starts_at')
		.executeTakeFirst();
	return row ? { id: row.id, startsAt: row.starts_at, endsAt: row.ends_at } : null;
}
