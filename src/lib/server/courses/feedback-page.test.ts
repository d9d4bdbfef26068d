import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, fakeClock } from '../../../../tests/helpers/clock';
import { createTestCourse, newMember } from '../../../../tests/helpers/courses';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { ANONYMOUS } from '../access/actor';
import { enrol } from './enrolment';
import { giveFeedback } from './feedback';
import { nameTrainer } from './trainers';
import type { DB } from '../db/schema';
import { readFeedbackPage } from './feedback-page';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

const notFound = expect.objectContaining({ status: 404 });

describe('the rating page of a course', () => {
	it('tells a participant when they can answer, then shows the answer they gave', async () => {
		const clock = fakeClock();
		// One seat: the second member to enrol waits for one.
		const course = await createTestCourse(db, clock(), { capacity: 1 });
		const seated = await newMember(db);
		const waiting = await newMember(db);
		expect((await enrol(db, seated, course.id, clock())).ok).toBe(true);
		expect((await enrol(db, waiting, course.id, clock())).ok).toBe(true);
		const [last] = await db
			.selectFrom('course_session')
			.select('ends_at')
			.where('course_id', '=', course.id)
			.orderBy('ends_at', 'desc')
			.limit(1)
			.execute();

		const before = await readFeedbackPage(db, seated, course.id, clock());
		expect(before).toEqual({
			courseId: course.id,
			title: 'Start your business',
			timeZone: 'Asia/Bangkok',
			ended: false,
			lastEndsAt: last.ends_at,
			own: null
		});

		// The last session ends: from then on it is rated.
		clock.advance(last.ends_at.getTime() - clock().getTime());
		expect((await readFeedbackPage(db, seated, course.id, clock())).ended).toBe(true);
		const answer = { useful: 5, understandable: 4, fittedTime: 2, recommend: 5 };
		expect(
			await giveFeedback(db, seated, course.id, { ...answer, comment: ' More practice. ' }, clock())
		).toEqual({ ok: true });
		expect((await readFeedbackPage(db, seated, course.id, clock())).own).toEqual({
			...answer,
			comment: 'More practice.'
		});
	});

	it('is not there for anyone without a seat: someone waiting, another member, its trainer, staff, or nobody signed in', async () => {
		const clock = fakeClock();
		const course = await createTestCourse(db, clock(), { capacity: 1 });
		const seated = await newMember(db);
		const waiting = await newMember(db);
		const trainer = await newMember(db);
		await enrol(db, seated, course.id, clock());
		await enrol(db, waiting, course.id, clock());
		await nameTrainer(db, course.coordinator, course.id, { pseudonym: trainer.pseudonym }, clock());
		clock.advance(12 * DAY);

		for (const actor of [waiting, await newMember(db), trainer, course.coordinator, ANONYMOUS])
			await expect(readFeedbackPage(db, actor, course.id, clock())).rejects.toEqual(notFound);
		for (const id of ['00000000-0000-4000-8000-000000000000', 'not-an-id', undefined])
			await expect(readFeedbackPage(db, seated, id, clock())).rejects.toEqual(notFound);
		expect((await readFeedbackPage(db, seated, course.id, clock())).ended).toBe(true);
	});
});
