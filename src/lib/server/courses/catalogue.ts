import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '../access/actor';
import { requireAccess } from '../access/require';
import type { DB } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { repeatSafe } from '../forms/repeat-safe';
import { loadCourse, type CourseRow } from './course-access';
import {
	checkCourseInput,
	type CourseFields,
	type CourseInput,
	type CourseValues
} from './course-input';
import { countSeats, promoteNext } from './promote-next';

export type CourseRefusal = { ok: false; problem: 'invalid'; fields: CourseFields };

/** The prerequisite and the priority group must exist (a course cannot need itself). */
async function unknownReferences(
	trx: Kysely<DB>,
	values: CourseValues,
	courseId: string | null
): Promise<CourseFields> {
	const fields: CourseFields = {};
	if (values.prerequisite_id) {
		const found = await trx
			.selectFrom('course')
			.select('id')
			.where('id', '=', values.prerequisite_id)
			.executeTakeFirst();
		if (!found || values.prerequisite_id === courseId) fields.prerequisiteId = 'unknown';
	}
	if (values.priority_circle_id) {
		const found = await trx
			.selectFrom('peer_group')
			.select('id')
			.where('id', '=', values.priority_circle_id)
			.executeTakeFirst();
		if (!found) fields.priorityCircleId = 'unknown';
	}
	if (values.priority_savings_group_id) {
		const found = await trx
			.selectFrom('savings_group')
			.select('id')
			.where('id', '=', values.priority_savings_group_id)
			.executeTakeFirst();
		if (!found) fields.prioritySavingsGroupId = 'unknown';
	}
	return fields;
}

/**
 * Makes the course's sessions the given ones. Sessions are matched by their start, so one that
 * stays keeps its id and its attendance marks; only one that is gone is deleted.
 */
async function writeSessions(trx: Transaction<DB>, courseId: string, values: CourseValues) {
	const existing = await trx
		.selectFrom('course_session')
		.select(['id', 'starts_at', 'ends_at'])
		.where('course_id', '=', courseId)
		.execute();
	const byStart = new Map(existing.map((session) => [session.starts_at.getTime(), session]));
	const wanted = new Set(values.sessions.map((session) => session.starts_at.getTime()));
	const gone = existing.filter((session) => !wanted.has(session.starts_at.getTime()));
	if (gone.length > 0)
		await trx
			.deleteFrom('course_session')
			.where(
				'id',
				'in',
				gone.map((session) => session.id)
			)
			.execute();
	for (const session of values.sessions) {
		const kept = byStart.get(session.starts_at.getTime());
		if (!kept) {
			await trx
				.insertInto('course_session')
				.values({ course_id: courseId, ...session })
				.execute();
		} else if (kept.ends_at.getTime() !== session.ends_at.getTime()) {
			await trx
				.updateTable('course_session')
				.set({ ends_at: session.ends_at })
				.where('id', '=', kept.id)
				.execute();
		}
	}
}

/** Whether the new schedule drops a session someone's attendance was marked for. */
async function dropsAttendedSession(trx: Kysely<DB>, courseId: string, values: CourseValues) {
	const wanted = values.sessions.map((session) => session.starts_at);
	let query = trx
		.selectFrom('course_session as s')
		.innerJoin('course_attendance as a', 'a.session_id', 's.id')
		.select('s.id')
		.where('s.course_id', '=', courseId);
	if (wanted.length > 0) query = query.where('s.starts_at', 'not in', wanted);
	return Boolean(await query.executeTakeFirst());
}

/**
 * Whether a change to a published course moves its members: another day or time, or another
 * place. They are told on their home page (a new title or a larger capacity is not news to them).
 */
async function movesMembers(trx: Kysely<DB>, course: CourseRow, values: CourseValues) {
	const before = await trx
		.selectFrom('course_session')
		.select(['starts_at', 'ends_at'])
		.where('course_id', '=', course.id)
		.orderBy('starts_at')
		.execute();
	const after = [...values.sessions].sort((a, b) => a.starts_at.getTime() - b.starts_at.getTime());
	const sameSessions =
		before.length === after.length &&
		before.every(
			(session, i) =>
				session.starts_at.getTime() === after[i].starts_at.getTime() &&
				session.ends_at.getTime() === after[i].ends_at.getTime()
		);
	const samePlace =
		course.online === values.online &&
		course.country === values.country &&
		course.area === values.area &&
		course.address === values.address;
	return !(sameSessions && samePlace);
}

/** A coordinator writes a new course, as a draft nobody else sees. Repeat-safe by the form's key. */
export async function createCourse(
	db: Kysely<DB>,
	actor: Actor,
	input: CourseInput & { formKey: string },
	now: Date
): Promise<{ ok: true; id: string } | CourseRefusal> {
	requireAccess(actor, 'course:create');
	const { result } = await inTransaction(db, (trx) =>
		repeatSafe(trx, { scope: 'course', key: input?.formKey ?? '', now }, async () => {
			const checked = checkCourseInput(input);
			if (!checked.ok) return { ok: false, problem: 'invalid', fields: checked.fields } as const;
			const fields = await unknownReferences(trx, checked.values, null);
			if (Object.keys(fields).length > 0) return { ok: false, problem: 'invalid', fields } as const;
			const { sessions: _sessions, ...columns } = checked.values;
			const { id } = await trx
				.insertInto('course')
				.values({ ...columns, created_by: actor.id, created_at: now, updated_at: now })
				.returning('id')
				.executeTakeFirstOrThrow();
			await writeSessions(trx, id, checked.values);
			return { ok: true, id } as const;
		})
	);
	return result;
}

/**
 * A coordinator, or a trainer of the course, changes its details and sessions. Capacity cannot go
 * below the seats already taken; a larger one offers the new seats to the waitlist (promoteNext).
 * Sending it again writes the same values.
 */
export async function updateCourse(
	db: Kysely<DB>,
	actor: Actor,
	courseId: unknown,
	input: CourseInput,
	now: Date
): Promise<{ ok: true } | CourseRefusal | { ok: false; problem: 'cancelled' }> {
	return inTransaction(db, async (trx) => {
		const context = await loadCourse(trx, actor, courseId, { lock: true });
		requireAccess(actor, 'course:edit', context.resource);
		const { course } = context;
		if (course.state === 'cancelled') return { ok: false, problem: 'cancelled' } as const;
		const checked = checkCourseInput(input);
		if (!checked.ok) return { ok: false, problem: 'invalid', fields: checked.fields } as const;
		const fields = await unknownReferences(trx, checked.values, course.id);
		const { taken } = await countSeats(trx, course.id);
		if (checked.values.capacity < taken) fields.capacity = 'out_of_range';
		// Marks are evidence of who came: a session with marks is not edited away.
		if (await dropsAttendedSession(trx, course.id, checked.values)) fields.sessions = 'attended';
		if (Object.keys(fields).length > 0) return { ok: false, problem: 'invalid', fields } as const;
		const { sessions: _sessions, ...columns } = checked.values;
		const moved = course.state === 'published' && (await movesMembers(trx, course, checked.values));
		const updated = await trx
			.updateTable('course')
			.set({ ...columns, updated_at: now, ...(moved ? { changed_at: now } : {}) })
			.where('id', '=', course.id)
			.returningAll()
			.executeTakeFirstOrThrow();
		await writeSessions(trx, course.id, checked.values);
		await promoteNext(trx, updated, now);
		return { ok: true } as const;
	});
}

/** Members see the course from now on. Publishing it again changes nothing. */
export async function publishCourse(
	db: Kysely<DB>,
	actor: Actor,
	courseId: unknown,
	now: Date
): Promise<{ ok: true } | { ok: false; problem: 'cancelled' }> {
	return inTransaction(db, async (trx) => {
		const context = await loadCourse(trx, actor, courseId, { lock: true });
		requireAccess(actor, 'course:edit', context.resource);
		const { course } = context;
		if (course.state === 'cancelled') return { ok: false, problem: 'cancelled' } as const;
		if (course.state === 'published') return { ok: true } as const;
		await trx
			.updateTable('course')
			.set({ state: 'published', published_at: now, updated_at: now })
			.where('id', '=', course.id)
			.execute();
		return { ok: true } as const;
	});
}

/**
 * A coordinator cancels a course. Enrolments stay as they were, so that its page can tell the
 * members who were in it; nobody enrols or is offered a seat any more. Cancelling again changes
 * nothing.
 */
export async function cancelCourse(
	db: Kysely<DB>,
	actor: Actor,
	courseId: unknown,
	now: Date
): Promise<{ ok: true }> {
	return inTransaction(db, async (trx) => {
		const context = await loadCourse(trx, actor, courseId, { lock: true });
		requireAccess(actor, 'course:cancel', context.resource);
		if (context.course.state === 'cancelled') return { ok: true } as const;
		await trx
			.updateTable('course')
			.set({
				state: 'cancelled',
				cancelled_at: now,
				updated_at: now
			})
			.where('id', '=', context.course.id)
			.execute();
		return { ok: true } as const;
	});
}
