import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/schema';
import type { CourseRow } from './course-access';

const HOUR_MS = 60 * 60_000;

/** Offers stop this long before the first session: nobody is asked to rearrange their life overnight. */
export const OFFER_CUT_OFF_MS = 24 * HOUR_MS;

/** Seats held (enrolled or offered) and members waiting, counted afresh. */
export async function countSeats(
	db: Kysely<DB>,
	courseId: string
): Promise<{ taken: number; waiting: number }> {
	const row = await db
		.selectFrom('course_enrolment')
		.select([
			sql<string>`count(*) filter (where status in ('enrolled', 'offered'))`.as('taken'),
			sql<string>`count(*) filter (where status = 'waitlisted')`.as('waiting')
		])
		.where('course_id', '=', courseId)
		.executeTakeFirstOrThrow();
	return { taken: Number(row.taken), waiting: Number(row.waiting) };
}

/** When the course's first session starts, or null for a course without sessions. */
export async function firstSessionStart(db: Kysely<DB>, courseId: string): Promise<Date | null> {
	const row = await db
		.selectFrom('course_session')
		.select((eb) => eb.fn.min('starts_at').as('first'))
		.where('course_id', '=', courseId)
		.executeTakeFirst();
	return row?.first ? new Date(row.first as Date) : null;
}

/**
 * The waitlist's order: members of the course's priority circle or savings group first, then by
 * arrival. Everyone who reads or moves the waitlist goes by this.
 */
export const WAITLIST_ORDER = [sql`priority desc`, sql`arrival asc`] as const;

/**
 * The one path by which a freed seat is given on: a withdrawal, a removal by staff, a larger
 * capacity, an expired offer, an account deleted, all come here. While a seat is free and someone
 * waits, the first waiting member is offered it: the offer holds the seat (it counts as taken, so
 * the seat is offered once) until the course's hold hours have passed, and never beyond the first
 * session. No offers are made from a day before the first session, nor in a course that is not
 * published.
 *
 * The caller holds the course's row lock (loadCourse with `lock`) in the same transaction: seats
 * are counted again here, under it, so nothing that arrives at the same moment can overfill the
 * course. Returns the enrolments offered a seat.
 */
export async function promoteNext(
	trx: Transaction<DB>,
	course: Pick<CourseRow, 'id' | 'state' | 'capacity' | 'offer_hold_hours'>,
	now: Date
): Promise<string[]> {
	if (course.state !== 'published') return [];
	const first = await firstSessionStart(trx, course.id);
	if (!first || now.getTime() >= first.getTime() - OFFER_CUT_OFF_MS) return [];
	const deadline = new Date(
		Math.min(now.getTime() + course.offer_hold_hours * HOUR_MS, first.getTime())
	);
	const { taken } = await countSeats(trx, course.id);
	const free = course.capacity - taken;
	if (free <= 0) return [];
	const next = await trx
		.selectFrom('course_enrolment')
		.select('id')
		.where('course_id', '=', course.id)
		.where('status', '=', 'waitlisted')
		.orderBy(WAITLIST_ORDER[0])
		.orderBy(WAITLIST_ORDER[1])
		.limit(free)
		.execute();
	if (next.length === 0) return [];
	const ids = next.map((row) => row.id);
	await trx
		.updateTable('course_enrolment')
		.set({ status: 'offered', offered_at: now, offer_expires_at: deadline, updated_at: now })
		.where('id', 'in', ids)
		.execute();
	return ids;
}

/**
 * A member's place on the waitlist: 1 for the next to be offered a seat. Null when they are not
 * waiting.
 */
export async function waitlistPlace(
	db: Kysely<DB>,
	enrolment: { id: string; course_id: string; status: string; priority: boolean; arrival: number }
): Promise<number | null> {
	if (enrolment.status !== 'waitlisted') return null;
	const row = await db
		.selectFrom('course_enrolment')
		.select((eb) => eb.fn.countAll<string>().as('ahead'))
		.where('course_id', '=', enrolment.course_id)
		.where('status', '=', 'waitlisted')
		.where((eb) =>
			eb.or([
				eb('priority', '>', enrolment.priority),
				eb.and([eb('priority', '=', enrolment.priority), eb('arrival', '<', enrolment.arrival)])
			])
		)
		.executeTakeFirstOrThrow();
	return Number(row.ahead) + 1;
}
