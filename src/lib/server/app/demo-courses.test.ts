import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock } from '../../../../tests/helpers/clock';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, signedIn } from '../../../../tests/helpers/factories';
import { browseCourses } from '../courses/browse';
import { myCourses } from '../courses/my-courses';
import type { DB } from '../db/schema';
import { DEMO_COURSES, seedDemoCourses } from './demo-courses';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

describe("the demo's courses", () => {
	it('are one open course with seats left and one full, with 2 waiting, all still ahead', async () => {
		const clock = fakeClock();
		const coordinator = await signedIn(db, await createAccount(db, { role: 'coordinator' }));
		const trainer = await signedIn(db, await createAccount(db));
		const learners = [];
		for (const name of ['ดาว', 'ស្រីពៅ', 'ແກ້ວ', 'နှင်း', 'Lan', 'Thu'])
			learners.push({ actor: await signedIn(db, await createAccount(db)), name });
		const { ideaId, startId } = await seedDemoCourses(
			db,
			{ coordinator, trainer, learners },
			clock
		);

		const browsed = await browseCourses(db, learners[0].actor, {}, clock());
		if (!browsed.ok) throw new Error(browsed.problem);
		const idea = browsed.courses.find((course) => course.id === ideaId);
		const start = browsed.courses.find((course) => course.id === startId);
		expect(idea).toMatchObject({
			title: DEMO_COURSES.idea,
			language: 'th',
			country: 'TH',
			area: 'Chiang Rai',
			sessions: 3,
			capacity: 12,
			seatsLeft: 9,
			waiting: 0
		});
		expect(start).toMatchObject({
			title: DEMO_COURSES.start,
			language: 'km',
			capacity: 4,
			seatsLeft: 0,
			waiting: 2
		});
		for (const course of [idea!, start!]) {
			// Open now, and every session ahead.
			expect(course.enrolmentOpensAt.getTime()).toBeLessThanOrEqual(clock().getTime());
			expect(course.enrolmentClosesAt.getTime()).toBeGreaterThan(clock().getTime());
			expect(course.firstSessionAt.getTime()).toBeGreaterThan(clock().getTime());
		}

		// The last two to ask wait, in the order they asked.
		expect(await myCourses(db, learners[4].actor)).toMatchObject([
			{ courseId: startId, status: 'waitlisted', place: 1 }
		]);
		expect(await myCourses(db, learners[5].actor)).toMatchObject([
			{ courseId: startId, status: 'waitlisted', place: 2 }
		]);
		expect(await myCourses(db, learners[0].actor)).toMatchObject([
			{ courseId: startId, status: 'enrolled' },
			{ courseId: ideaId, status: 'enrolled' }
		]);

		// Each member goes by the name they chose for courses, never their sign-in nickname.
		const places = await db
			.selectFrom('course_enrolment')
			.innerJoin('account', 'account.id', 'course_enrolment.account_id')
			.select(['course_enrolment.display_name', 'account.pseudonym'])
			.where('course_enrolment.course_id', 'in', [ideaId, startId])
			.execute();
		expect(places).toHaveLength(9);
		for (const place of places) {
			expect(place.display_name).toBeTruthy();
			expect(place.display_name).not.toBe(place.pseudonym);
		}
		const trainers = await db
			.selectFrom('course_trainer')
			.select(['course_id', 'account_id'])
			.where('course_id', 'in', [ideaId, startId])
			.execute();
		expect(trainers).toEqual([{ course_id: startId, account_id: trainer.id }]);
	});
});
