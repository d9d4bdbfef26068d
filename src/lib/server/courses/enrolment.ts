import type { Kysely, Transaction } from 'kysely';
import {
	normalizePseudonym,
	pseudonymProblem,
	type PseudonymProblem
} from '$lib/accounts/pseudonym-rules';
import type { Actor } from '../access/actor';
import { can } from '../access/policy';
import { requireAccess } from '../access/require';
import { isUuid } from '../db/ids';
import type { DB, EnrolmentStatus } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { progressOf } from './completion';
import { loadCourse, type CourseRow } from './course-access';
import { countSeats, firstSessionStart, promoteNext, waitlistPlace } from './promote-next';

/** Where a member stands in a course: a seat, an offer to answer by a time, or a place in line. */
export type Standing =
	| { status: 'enrolled' }
	| { status: 'offered'; offerExpiresAt: Date }
	| { status: 'waitlisted'; place: number };

export type EnrolRefusal =
	| {
			ok: false;
			problem:
				| 'not_open_yet'
				| 'closed'
				| 'started'
				| 'cancelled'
				| 'trainer'
				| 'removed'
				| 'prerequisite';
	  }
	| { ok: false; problem: 'name_invalid'; why: PseudonymProblem };

const ACTIVE: readonly EnrolmentStatus[] = ['enrolled', 'waitlisted', 'offered'];
const HOLDS_SEAT: readonly EnrolmentStatus[] = ['enrolled', 'offered'];

async function standingOf(
	trx: Kysely<DB>,
	courseId: string,
	accountId: string
): Promise<Standing | null> {
	const row = await trx
		.selectFrom('course_enrolment')
		.selectAll()
		.where('course_id', '=', courseId)
		.where('account_id', '=', accountId)
		.executeTakeFirst();
	if (!row || !ACTIVE.includes(row.status)) return null;
	if (row.status === 'offered') return { status: 'offered', offerExpiresAt: row.offer_expires_at! };
	if (row.status === 'waitlisted')
		return { status: 'waitlisted', place: (await waitlistPlace(trx, row))! };
	return { status: 'enrolled' };
}

/** Whether the member completed the course this one asks for first (if any). */
export async function meetsPrerequisite(
	db: Kysely<DB>,
	course: Pick<CourseRow, 'prerequisite_id'>,
	accountId: string,
	now: Date
): Promise<boolean> {
	if (!course.prerequisite_id) return true;
	const earlier = await db
		.selectFrom('course_enrolment as e')
		.innerJoin('course as c', 'c.id', 'e.course_id')
		.select(['e.id', 'c.id as course_id', 'c.attendance_threshold'])
		.where('e.course_id', '=', course.prerequisite_id)
		.where('e.account_id', '=', accountId)
		.where('e.status', '=', 'enrolled')
		.executeTakeFirst();
	if (!earlier) return false;
	const progress = await progressOf(
		db,
		{ id: earlier.course_id, attendance_threshold: earlier.attendance_threshold },
		earlier.id,
		now
	);
	return progress.completed;
}

/** Whether the member belongs to the circle or savings group the course gives priority to. */
async function hasPriority(trx: Kysely<DB>, course: CourseRow, accountId: string) {
	if (course.priority_circle_id) {
		return Boolean(
			await trx
				.selectFrom('group_member')
				.select('id')
				.where('group_id', '=', course.priority_circle_id)
				.where('account_id', '=', accountId)
				.where('status', '=', 'active')
				.executeTakeFirst()
		);
	}
	if (course.priority_savings_group_id) {
		return Boolean(
			await trx
				.selectFrom('savings_member')
				.select('id')
				.where('group_id', '=', course.priority_savings_group_id)
				.where('account_id', '=', accountId)
				.where('status', '=', 'active')
				.executeTakeFirst()
		);
	}
	return false;
}

/**
 * Enrols the actor: a seat when one is free, enrolment is open and nobody is waiting for it;
 * otherwise a place at the back of the waitlist. The course's row is locked and its seats counted
 * again in the same transaction, so however many arrive at once the course never takes more than
 * its capacity, and arrival numbers are given in the order the lock was granted. Sending it again
 * (a double tap) returns where the member already stands and changes nothing.
 *
 * `name` is what the course's trainers will call the member: it follows the nickname rules (no
 * phone number, e-mail or chat handle), and pages ask for it, suggesting one that is not the
 * member's sign-in nickname.
 */
export async function enrol(
	db: Kysely<DB>,
	actor: Actor,
	courseId: unknown,
	now: Date,
	input: { name?: unknown } = {}
): Promise<{ ok: true; standing: Standing } | EnrolRefusal> {
	let name: string | null = null;
	if (input.name !== undefined) {
		name = typeof input.name === 'string' ? normalizePseudonym(input.name) : '';
		const why = pseudonymProblem(name);
		if (why) return { ok: false, problem: 'name_invalid', why };
	}
	return inTransaction(db, async (trx) => {
		const context = await loadCourse(trx, actor, courseId, { lock: true });
		requireAccess(actor, 'course:view', context.resource);
		const { course, enrolment } = context;
		if (!can(actor, 'course:enrol', context.resource)) {
			const problem =
				course.state === 'cancelled'
					? 'cancelled'
					: context.resource.trains
						? 'trainer'
						: 'removed';
			return { ok: false, problem } as const;
		}
		const already = await standingOf(trx, course.id, actor.id);
		if (already) return { ok: true, standing: already };

		const first = await firstSessionStart(trx, course.id);
		if (first && now >= first) return { ok: false, problem: 'started' } as const;
		if (now < course.enrolment_opens_at) return { ok: false, problem: 'not_open_yet' } as const;
		if (now >= course.enrolment_closes_at) return { ok: false, problem: 'closed' } as const;
		if (!(await meetsPrerequisite(trx, course, actor.id, now)))
			return { ok: false, problem: 'prerequisite' } as const;

		const { taken, waiting } = await countSeats(trx, course.id);
		// Nobody jumps the line: with anyone waiting, a free seat is theirs to be offered.
		const status: EnrolmentStatus =
			taken < course.capacity && waiting === 0 ? 'enrolled' : 'waitlisted';
		const { last } = await trx
			.selectFrom('course_enrolment')
			.select((eb) => eb.fn.max('arrival').as('last'))
			.where('course_id', '=', course.id)
			.executeTakeFirstOrThrow();
		const values = {
			status,
			arrival: Number(last ?? 0) + 1,
			priority: await hasPriority(trx, course, actor.id),
			enrolled_at: status === 'enrolled' ? now : null,
			offered_at: null,
			offer_expires_at: null,
			ended_at: null,
			ended_reason: null,
			display_name: name,
			updated_at: now
		};
		if (enrolment) {
			// Back after withdrawing or letting an offer pass: at the back of the line. What changed
			// while they were away is not news to them (their place's creation is older than it).
			await trx
				.updateTable('course_enrolment')
				.set({ ...values, notices_seen_at: now })
				.where('id', '=', enrolment.id)
				.execute();
		} else {
			await trx
				.insertInto('course_enrolment')
				.values({ ...values, course_id: course.id, account_id: actor.id, created_at: now })
				.execute();
		}
		return { ok: true, standing: (await standingOf(trx, course.id, actor.id))! };
	});
}

/** Ends a place that is still active, and gives a freed seat on. */
async function endPlace(
	trx: Transaction<DB>,
	course: CourseRow,
	enrolment: { id: string; status: EnrolmentStatus },
	ending: { status: 'withdrawn' | 'removed'; reason: 'withdrew' | 'offer_expired' | 'removed' },
	now: Date
): Promise<void> {
	await trx
		.updateTable('course_enrolment')
		.set({
			status: ending.status,
			ended_at: now,
			ended_reason: ending.reason,
			offered_at: null,
			offer_expires_at: null,
			updated_at: now
		})
		.where('id', '=', enrolment.id)
		.execute();
	if (HOLDS_SEAT.includes(enrolment.status)) await promoteNext(trx, course, now);
}

/**
 * The actor leaves the course or its waitlist, or declines an offer, until the first session
 * starts. A seat they held is offered to the next in line. Sending it again changes nothing.
 */
export async function withdraw(
	db: Kysely<DB>,
	actor: Actor,
	courseId: unknown,
	now: Date
): Promise<{ ok: true } | { ok: false; problem: 'not_enrolled' | 'started' }> {
	return inTransaction(db, async (trx) => {
		const context = await loadCourse(trx, actor, courseId, { lock: true });
		requireAccess(actor, 'course:view', context.resource);
		const { course, enrolment } = context;
		if (!enrolment) return { ok: false, problem: 'not_enrolled' } as const;
		if (!ACTIVE.includes(enrolment.status)) return { ok: true } as const;
		const first = await firstSessionStart(trx, course.id);
		if (first && now >= first) return { ok: false, problem: 'started' } as const;
		await endPlace(trx, course, enrolment, { status: 'withdrawn', reason: 'withdrew' }, now);
		return { ok: true } as const;
	});
}

/**
 * The actor takes the seat they were offered. An offer past its deadline has lapsed, even if
 * housekeeping has not got to it yet: it ends here, and the seat goes to the next in line.
 */
export async function acceptOffer(
	db: Kysely<DB>,
	actor: Actor,
	courseId: unknown,
	now: Date
): Promise<{ ok: true } | { ok: false; problem: 'no_offer' | 'offer_expired' }> {
	return inTransaction(db, async (trx) => {
		const context = await loadCourse(trx, actor, courseId, { lock: true });
		requireAccess(actor, 'course:view', context.resource);
		const { course, enrolment } = context;
		if (enrolment?.status === 'enrolled') return { ok: true } as const;
		if (enrolment?.status !== 'offered' || course.state !== 'published')
			return { ok: false, problem: 'no_offer' } as const;
		if (enrolment.offer_expires_at! <= now) {
			await endPlace(trx, course, enrolment, { status: 'withdrawn', reason: 'offer_expired' }, now);
			return { ok: false, problem: 'offer_expired' } as const;
		}
		await trx
			.updateTable('course_enrolment')
			.set({ status: 'enrolled', enrolled_at: now, offer_expires_at: null, updated_at: now })
			.where('id', '=', enrolment.id)
			.execute();
		return { ok: true } as const;
	});
}

/**
 * A trainer of the course or a coordinator takes someone off the course or its waitlist; they do
 * not come back by themselves. A seat they held is offered to the next in line.
 */
export async function removeEnrolment(
	db: Kysely<DB>,
	actor: Actor,
	courseId: unknown,
	enrolmentId: unknown,
	now: Date
): Promise<{ ok: true } | { ok: false; problem: 'unknown_enrolment' }> {
	return inTransaction(db, async (trx) => {
		const context = await loadCourse(trx, actor, courseId, { lock: true });
		requireAccess(actor, 'course:manage-enrolments', context.resource);
		if (!isUuid(enrolmentId)) return { ok: false, problem: 'unknown_enrolment' } as const;
		const enrolment = await trx
			.selectFrom('course_enrolment')
			.select(['id', 'status'])
			.where('id', '=', enrolmentId)
			.where('course_id', '=', context.course.id)
			.executeTakeFirst();
		if (!enrolment) return { ok: false, problem: 'unknown_enrolment' } as const;
		if (!ACTIVE.includes(enrolment.status)) return { ok: true } as const;
		await endPlace(trx, context.course, enrolment, { status: 'removed', reason: 'removed' }, now);
		return { ok: true } as const;
	});
}

/** Ends every offer of the course past its deadline, and gives the seats on. Under the course's lock. */
export async function endLapsedOffers(
	trx: Transaction<DB>,
	course: CourseRow,
	now: Date
): Promise<number> {
	const lapsed = await trx
		.updateTable('course_enrolment')
		.set({
			status: 'withdrawn',
			ended_at: now,
			ended_reason: 'offer_expired',
			offered_at: null,
			offer_expires_at: null,
			updated_at: now
		})
		.where('course_id', '=', course.id)
		.where('status', '=', 'offered')
		.where('offer_expires_at', '<=', now)
		.returning('id')
		.execute();
	return lapsed.length;
}
