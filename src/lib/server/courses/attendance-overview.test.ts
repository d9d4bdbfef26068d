import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, fakeClock, MINUTE } from '../../../../tests/helpers/clock';
import { createTestCourse, dayFrom, newMember } from '../../../../tests/helpers/courses';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { ANONYMOUS } from '../access/actor';
import { checkIn, markAttendance, openCheckIn, readAttendanceSheet } from './attendance';
import { enrol, removeEnrolment } from './enrolment';
import { nameTrainer } from './trainers';
import type { DB } from '../db/schema';
import { readAttendanceOverview } from './attendance-overview';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

const notFound = expect.objectContaining({ status: 404 });

/** A published course of three morning sessions, ten days on, with three members seated. */
async function courseWithThree(clock: () => Date) {
	const course = await createTestCourse(db, clock(), {
		sessions: [10, 11, 12].map((days) => ({
			date: dayFrom(clock(), days),
			start: '09:00',
			end: '12:00'
		}))
	});
	const members = [];
	for (let i = 0; i < 3; i++) {
		const member = await newMember(db);
		const result = await enrol(db, member, course.id, clock(), { name: `Lotus${20 + i}` });
		expect(result.ok).toBe(true);
		members.push(member);
	}
	const enrolments = await db
		.selectFrom('course_enrolment')
		.select(['id', 'account_id'])
		.where('course_id', '=', course.id)
		.execute();
	const enrolmentOf = (member: { id: string }) =>
		enrolments.find((row) => row.account_id === member.id)!.id;
	return { ...course, members, enrolmentOf };
}

describe('the attendance list of a course', () => {
	it('counts the marks of people with a seat, says whether check-in is open, and finds the session now or next', async () => {
		const clock = fakeClock();
		const course = await courseWithThree(clock);
		const [a, b, c] = course.members;

		const before = await readAttendanceOverview(db, course.coordinator, course.id, clock());
		expect(before.seated).toBe(3);
		expect(before.timeZone).toBe('Asia/Bangkok');
		expect(before.sessions).toHaveLength(3);
		const [first, second, third] = before.sessions;
		expect(first.startsAt < second.startsAt && second.startsAt < third.startsAt).toBe(true);
		expect(before.sessions.map((s) => [s.present, s.excused, s.checkInOpen])).toEqual([
			[0, 0, false],
			[0, 0, false],
			[0, 0, false]
		]);
		// Nothing is happening yet: the first session is the next one.
		expect([before.currentId, before.currentIsNow]).toEqual([first.id, false]);

		// During the first session: check-in is open, one member checks in, the trainer marks two.
		clock.advance(first.startsAt.getTime() - clock().getTime() + 5 * MINUTE);
		expect(await openCheckIn(db, course.coordinator, course.id, first.id, clock())).toEqual({
			ok: true
		});
		const sheet = await readAttendanceSheet(db, course.coordinator, course.id, first.id, clock());
		expect(
			await checkIn(db, a, course.id, { sessionId: first.id, code: sheet!.checkIn!.code }, clock())
		).toEqual({ ok: true });
		await markAttendance(
			db,
			course.coordinator,
			course.id,
			first.id,
			{ [course.enrolmentOf(b)]: 'present', [course.enrolmentOf(c)]: 'excused' },
			clock()
		);
		const during = await readAttendanceOverview(db, course.coordinator, course.id, clock());
		expect([during.currentId, during.currentIsNow]).toEqual([first.id, true]);
		expect(during.sessions.map((s) => [s.present, s.excused, s.checkInOpen])).toEqual([
			[2, 1, true],
			[0, 0, false],
			[0, 0, false]
		]);

		// Someone taken off the course no longer counts: the sheet does not list them either.
		expect(
			await removeEnrolment(db, course.coordinator, course.id, course.enrolmentOf(b), clock())
		).toEqual({ ok: true });
		// That evening the first session is over, its check-in closed; the second is next.
		clock.advance(DAY / 2);
		const later = await readAttendanceOverview(db, course.coordinator, course.id, clock());
		expect(later.seated).toBe(2);
		expect(later.sessions[0]).toMatchObject({ present: 1, excused: 1, checkInOpen: false });
		expect([later.currentId, later.currentIsNow]).toEqual([second.id, false]);

		// After the last session, there is none to point to.
		clock.advance(3 * DAY);
		const after = await readAttendanceOverview(db, course.coordinator, course.id, clock());
		expect(after.currentId).toBeNull();
	});

	it('is for the course’s trainers and coordinators only, in a published course', async () => {
		const clock = fakeClock();
		const course = await courseWithThree(clock);
		const [member] = course.members;
		const trainer = await newMember(db);
		await nameTrainer(db, course.coordinator, course.id, { pseudonym: trainer.pseudonym }, clock());
		const other = await createTestCourse(db, clock());

		expect((await readAttendanceOverview(db, trainer, course.id, clock())).sessions).toHaveLength(
			3
		);
		// Another course's coordinator is staff too: coordinators look after every course.
		expect(
			(await readAttendanceOverview(db, other.coordinator, course.id, clock())).sessions
		).toHaveLength(3);
		// A member with a seat, a trainer of another course, nobody: the page does not exist.
		await expect(readAttendanceOverview(db, member, course.id, clock())).rejects.toEqual(notFound);
		await expect(readAttendanceOverview(db, trainer, other.id, clock())).rejects.toEqual(notFound);
		await expect(readAttendanceOverview(db, ANONYMOUS, course.id, clock())).rejects.toEqual(
			notFound
		);
		await expect(readAttendanceOverview(db, trainer, 'not-an-id', clock())).rejects.toEqual(
			notFound
		);
		// Sessions happen in a published course only.
		const draft = await createTestCourse(db, clock(), {}, { publish: false });
		await expect(readAttendanceOverview(db, draft.coordinator, draft.id, clock())).rejects.toEqual(
			notFound
		);
	});
});
