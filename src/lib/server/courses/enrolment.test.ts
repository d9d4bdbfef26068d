import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock, DAY, MINUTE } from '../../../../tests/helpers/clock';
import { createTestCourse, courseInput, newMember } from '../../../../tests/helpers/courses';
import { openTestDatabase } from '../../../../tests/helpers/database';
import {
	createAccount,
	FACTORY_PASSPHRASE,
	fromAddress,
	signedIn
} from '../../../../tests/helpers/factories';
import { createGroupMember, createTestGroup } from '../../../../tests/helpers/groups';
import { deleteOwnAccount } from '../accounts/own-account';
import { runHousekeeping } from '../app/housekeeping';
import type { DB } from '../db/schema';
import { cancelCourse, updateCourse } from './catalogue';
import { acceptOffer, enrol, removeEnrolment, withdraw } from './enrolment';
import { myCourses } from './my-courses';
import { expireOffers } from './offer-expiry';
import { nameTrainer } from './trainers';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

const rowsOf = (courseId: string) =>
	db
		.selectFrom('course_enrolment')
		.selectAll()
		.where('course_id', '=', courseId)
		.orderBy('arrival')
		.execute();

const statusOf = async (courseId: string, accountId: string) =>
	(
		await db
			.selectFrom('course_enrolment')
			.select(['status', 'ended_reason'])
			.where('course_id', '=', courseId)
			.where('account_id', '=', accountId)
			.executeTakeFirst()
	)?.status;

/** A course of `capacity` seats, filled by new members, with `waiting` more on its waitlist. */
async function fullCourse(capacity: number, waiting: number, clock: () => Date) {
	const course = await createTestCourse(db, clock(), { capacity });
	const seated = [];
	for (let i = 0; i < capacity; i++) {
		const member = await newMember(db);
		expect(await enrol(db, member, course.id, clock())).toEqual({
			ok: true,
			standing: { status: 'enrolled' }
		});
		seated.push(member);
	}
	const waitlist = [];
	for (let i = 0; i < waiting; i++) {
		const member = await newMember(db);
		expect(await enrol(db, member, course.id, clock())).toEqual({
			ok: true,
			standing: { status: 'waitlisted', place: i + 1 }
		});
		waitlist.push(member);
	}
	return { ...course, seated, waitlist };
}

describe('enrolling', () => {
	it('gives a free seat, and the same answer when the form is sent again', async () => {
		const clock = fakeClock();
		const course = await createTestCourse(db, clock());
		const member = await newMember(db);
		expect(await enrol(db, member, course.id, clock())).toEqual({
			ok: true,
			standing: { status: 'enrolled' }
		});
		expect(await enrol(db, member, course.id, clock())).toEqual({
			ok: true,
			standing: { status: 'enrolled' }
		});
		expect(await rowsOf(course.id)).toHaveLength(1);
	});

	it('50 at once into 20 seats: exactly 20 enrolled, 30 waitlisted in the order they arrived', async () => {
		const clock = fakeClock();
		const course = await createTestCourse(db, clock(), { capacity: 20 });
		const members = await Promise.all(Array.from({ length: 50 }, () => newMember(db)));
		const results = await Promise.all(members.map((m) => enrol(db, m, course.id, clock())));
		expect(results.every((r) => r.ok)).toBe(true);

		const rows = await rowsOf(course.id);
		expect(rows.map((r) => r.arrival)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
		// The first 20 to arrive have the seats, the other 30 wait in arrival order.
		expect(rows.slice(0, 20).every((r) => r.status === 'enrolled')).toBe(true);
		expect(rows.slice(20).every((r) => r.status === 'waitlisted')).toBe(true);
		const byAccount = new Map(members.map((m, i) => [m.id, results[i]]));
		rows.slice(20).forEach((row, i) => {
			expect(byAccount.get(row.account_id)).toEqual({
				ok: true,
				standing: { status: 'waitlisted', place: i + 1 }
			});
		});
	});

	it('puts the members of the priority circle ahead on the waitlist', async () => {
		const clock = fakeClock();
		const circle = await createTestGroup(db);
		const course = await createTestCourse(db, clock(), {
			capacity: 1,
			priorityCircleId: circle.id
		});
		await enrol(db, await newMember(db), course.id, clock());
		const early = await newMember(db);
		const fromCircle = await createGroupMember(db, circle.id);
		await enrol(db, early, course.id, clock());
		expect(await enrol(db, fromCircle, course.id, clock())).toEqual({
			ok: true,
			standing: { status: 'waitlisted', place: 1 }
		});
		expect((await myCourses(db, early))[0]).toMatchObject({ status: 'waitlisted', place: 2 });
	});

	it('only while enrolment is open, and not in a cancelled course or by its trainer', async () => {
		const clock = fakeClock();
		const now = clock();
		const later = await createTestCourse(db, now, {
			enrolmentOpens: courseInput(new Date(now.getTime() + 2 * DAY)).enrolmentOpens
		});
		const member = await newMember(db);
		expect(await enrol(db, member, later.id, now)).toEqual({ ok: false, problem: 'not_open_yet' });
		const course = await createTestCourse(db, now);
		// Enrolment closes at the end of the day before the first session (day 9).
		const { enrolment_closes_at: closes } = await db
			.selectFrom('course')
			.select('enrolment_closes_at')
			.where('id', '=', course.id)
			.executeTakeFirstOrThrow();
		expect(await enrol(db, member, course.id, new Date(closes.getTime() - 1))).toMatchObject({
			ok: true
		});
		await withdraw(db, member, course.id, closes);
		expect(await enrol(db, member, course.id, closes)).toEqual({
			ok: false,
			problem: 'closed'
		});
		const trainer = await signedIn(db, await createAccount(db));
		await nameTrainer(db, course.coordinator, course.id, { pseudonym: trainer.pseudonym }, now);
		expect(await enrol(db, trainer, course.id, now)).toEqual({ ok: false, problem: 'trainer' });
		expect(await statusOf(course.id, trainer.id)).toBeUndefined();
		await cancelCourse(db, course.coordinator, course.id, now);
		const late = await newMember(db);
		expect(await enrol(db, late, course.id, now)).toEqual({ ok: false, problem: 'cancelled' });
		expect(await statusOf(course.id, late.id)).toBeUndefined();
	});

	it('a member may withdraw until the first session starts, and enrol again at the back', async () => {
		const clock = fakeClock();
		const course = await fullCourse(1, 1, clock);
		const [first] = course.seated;
		expect(await withdraw(db, first, course.id, clock())).toEqual({ ok: true });
		expect(await withdraw(db, first, course.id, clock())).toEqual({ ok: true });
		expect(await enrol(db, first, course.id, clock())).toEqual({
			ok: true,
			standing: { status: 'waitlisted', place: 1 }
		});
		const offered = course.waitlist[0];
		clock.advance(10 * DAY);
		expect(await withdraw(db, offered, course.id, clock())).toEqual({
			ok: false,
			problem: 'started'
		});
	});
});

describe('one promote-next path for every freed seat', () => {
	it('a withdrawal offers the seat to the first waitlisted; the offer holds it, counted once', async () => {
		const clock = fakeClock();
		const course = await fullCourse(2, 2, clock);
		const [next, after] = course.waitlist;
		await withdraw(db, course.seated[0], course.id, clock());
		const offer = (await myCourses(db, next))[0];
		expect(offer).toMatchObject({ status: 'offered' });
		expect(offer.offerExpiresAt).toEqual(new Date(clock().getTime() + 48 * 60 * MINUTE));
		expect((await myCourses(db, after))[0]).toMatchObject({ status: 'waitlisted', place: 1 });
		// Held: someone new waits behind, and another round offers nothing more.
		const newcomer = await newMember(db);
		expect(await enrol(db, newcomer, course.id, clock())).toEqual({
			ok: true,
			standing: { status: 'waitlisted', place: 2 }
		});
		await expireOffers(db, clock());
		expect(await statusOf(course.id, after.id)).toBe('waitlisted');
		expect(await acceptOffer(db, next, course.id, clock())).toEqual({ ok: true });
		expect(await statusOf(course.id, next.id)).toBe('enrolled');
		const seated = (await rowsOf(course.id)).filter((r) => r.status === 'enrolled');
		expect(seated).toHaveLength(2);
	});

	it('a removal by the course’s trainer offers the seat to the first waitlisted', async () => {
		const clock = fakeClock();
		const course = await fullCourse(1, 2, clock);
		const trainer = await signedIn(db, await createAccount(db));
		await nameTrainer(db, course.coordinator, course.id, { pseudonym: trainer.pseudonym }, clock());
		const [row] = await rowsOf(course.id);
		expect(await removeEnrolment(db, trainer, course.id, row.id, clock())).toEqual({ ok: true });
		expect(await statusOf(course.id, course.seated[0].id)).toBe('removed');
		expect(await statusOf(course.id, course.waitlist[0].id)).toBe('offered');
		expect(await statusOf(course.id, course.waitlist[1].id)).toBe('waitlisted');
		// Removed: they do not come back by themselves.
		expect(await enrol(db, course.seated[0], course.id, clock())).toEqual({
			ok: false,
			problem: 'removed'
		});
		expect(await removeEnrolment(db, trainer, course.id, 'nonsense', clock())).toEqual({
			ok: false,
			problem: 'unknown_enrolment'
		});
	});

	it('a larger capacity offers the new seats to the first waitlisted, in order', async () => {
		const clock = fakeClock();
		const course = await fullCourse(1, 3, clock);
		const input = courseInput(clock(), { capacity: 3 });
		expect(await updateCourse(db, course.coordinator, course.id, input, clock())).toEqual({
			ok: true
		});
		const statuses = await Promise.all(course.waitlist.map((m) => statusOf(course.id, m.id)));
		expect(statuses).toEqual(['offered', 'offered', 'waitlisted']);
		// Fewer seats than are taken is refused, and changes nothing.
		const smaller = courseInput(clock(), { capacity: 2, title: 'Another title' });
		expect(await updateCourse(db, course.coordinator, course.id, smaller, clock())).toEqual({
			ok: false,
			problem: 'invalid',
			fields: { capacity: 'out_of_range' }
		});
		const { title, capacity } = await db
			.selectFrom('course')
			.select(['title', 'capacity'])
			.where('id', '=', course.id)
			.executeTakeFirstOrThrow();
		expect({ title, capacity }).toEqual({ title: input.title, capacity: 3 });
	});

	it('an unconfirmed offer expires at its deadline and the seat moves to the next', async () => {
		const clock = fakeClock();
		const course = await fullCourse(1, 2, clock);
		const [slow, next] = course.waitlist;
		await withdraw(db, course.seated[0], course.id, clock());
		clock.advance(48 * 60 * MINUTE - MINUTE);
		await runHousekeeping(db, clock());
		expect(await statusOf(course.id, slow.id)).toBe('offered');
		clock.advance(MINUTE);
		await runHousekeeping(db, clock());
		expect(
			await db
				.selectFrom('course_enrolment')
				.select(['status', 'ended_reason'])
				.where('account_id', '=', slow.id)
				.executeTakeFirst()
		).toEqual({ status: 'withdrawn', ended_reason: 'offer_expired' });
		expect(await statusOf(course.id, next.id)).toBe('offered');
		expect(await acceptOffer(db, slow, course.id, clock())).toEqual({
			ok: false,
			problem: 'no_offer'
		});
	});

	it('an offer taken up after its deadline, before housekeeping, has lapsed all the same', async () => {
		const clock = fakeClock();
		const course = await fullCourse(1, 2, clock);
		const [late, next] = course.waitlist;
		await withdraw(db, course.seated[0], course.id, clock());
		clock.advance(48 * 60 * MINUTE);
		expect(await acceptOffer(db, late, course.id, clock())).toEqual({
			ok: false,
			problem: 'offer_expired'
		});
		expect(await statusOf(course.id, next.id)).toBe('offered');
	});

	it('makes no offer from a day before the first session, and caps an offer at the start', async () => {
		const clock = fakeClock();
		const course = await fullCourse(2, 1, clock);
		// Ten days ahead at 09:00 Bangkok; 30 hours before it, an offer runs to the start.
		const start = (
			await db
				.selectFrom('course_session')
				.select((eb) => eb.fn.min('starts_at').as('first'))
				.where('course_id', '=', course.id)
				.executeTakeFirstOrThrow()
		).first as Date;
		const at = (ms: number) => new Date(new Date(start).getTime() - ms);
		await withdraw(db, course.seated[0], course.id, at(30 * 60 * MINUTE));
		expect((await myCourses(db, course.waitlist[0]))[0]).toMatchObject({
			status: 'offered',
			offerExpiresAt: new Date(start)
		});
		await acceptOffer(db, course.waitlist[0], course.id, at(29 * 60 * MINUTE));
		const last = await newMember(db);
		// The day before: a freed seat stays free.
		const other = await createTestCourse(db, clock(), { capacity: 1 });
		await enrol(db, course.seated[1], other.id, clock());
		await enrol(db, last, other.id, clock());
		await withdraw(db, course.seated[1], other.id, at(24 * 60 * MINUTE));
		await expireOffers(db, at(23 * 60 * MINUTE));
		expect(await statusOf(other.id, last.id)).toBe('waitlisted');
	});

	it('a deleted account never blocks deletion; its seat goes to the next in line', async () => {
		const clock = fakeClock();
		const course = await createTestCourse(db, clock(), { capacity: 1 });
		const account = await createAccount(db);
		const leaving = await signedIn(db, account);
		await enrol(db, leaving, course.id, clock());
		const next = await newMember(db);
		await enrol(db, next, course.id, clock());
		expect(
			await deleteOwnAccount(
				db,
				leaving,
				{ passphrase: FACTORY_PASSPHRASE, words: 'keep' },
				fromAddress()
			)
		).toEqual({ ok: true });
		expect((await rowsOf(course.id)).map((r) => r.account_id)).toEqual([next.id]);
		await runHousekeeping(db, clock());
		expect(await statusOf(course.id, next.id)).toBe('offered');
	});
});

describe('who manages enrolments', () => {
	it('a trainer removes only in their own course; a member nowhere', async () => {
		const clock = fakeClock();
		const mine = await fullCourse(1, 0, clock);
		const theirs = await fullCourse(1, 0, clock);
		const trainer = await signedIn(db, await createAccount(db));
		await nameTrainer(db, mine.coordinator, mine.id, { pseudonym: trainer.pseudonym }, clock());
		const [row] = await rowsOf(theirs.id);
		await expect(removeEnrolment(db, trainer, theirs.id, row.id, clock())).rejects.toMatchObject({
			status: 404
		});
		await expect(
			removeEnrolment(db, mine.seated[0], theirs.id, row.id, clock())
		).rejects.toMatchObject({ status: 404 });
		// Not even another course's enrolment, through one's own course.
		expect(await removeEnrolment(db, trainer, mine.id, row.id, clock())).toEqual({
			ok: false,
			problem: 'unknown_enrolment'
		});
		expect(await statusOf(theirs.id, theirs.seated[0].id)).toBe('enrolled');
	});

	it('a draft does not exist for members', async () => {
		const clock = fakeClock();
		const draft = await createTestCourse(db, clock(), {}, { publish: false });
		const member = await newMember(db);
		await expect(enrol(db, member, draft.id, clock())).rejects.toMatchObject({ status: 404 });
		await expect(enrol(db, member, 'not-an-id', clock())).rejects.toMatchObject({ status: 404 });
		expect(await rowsOf(draft.id)).toEqual([]);
	});
});
