import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, fakeClock } from '../../../../tests/helpers/clock';
import { courseInput, createTestCourse, newMember } from '../../../../tests/helpers/courses';
import { openTestDatabase } from '../../../../tests/helpers/database';
import type { AccountActor } from '../access/actor';
import type { DB } from '../db/schema';
import { markAttendance } from './attendance';
import { enrol } from './enrolment';
import {
	answerFollowUp,
	followUpDue,
	giveFeedback,
	MIN_ANSWERS,
	readFeedbackSummary,
	readFollowUpSummary
} from './feedback';
import { nameTrainer } from './trainers';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

const notFound = expect.objectContaining({ status: 404 });

/** A one-session course with `seated` members who all attended it; the clock after it ended. */
async function heldCourse(clock: ReturnType<typeof fakeClock>, seated: number) {
	const input = courseInput(clock());
	const course = await createTestCourse(db, clock(), { sessions: [input.sessions[0]] });
	const members: AccountActor[] = [];
	for (let i = 0; i < seated; i++) {
		const member = await newMember(db);
		await enrol(db, member, course.id, clock(), { name: `Heron${10 + i}` });
		members.push(member);
	}
	const [session] = await db
		.selectFrom('course_session')
		.select('id')
		.where('course_id', '=', course.id)
		.execute();
	const places = await db
		.selectFrom('course_enrolment')
		.select('id')
		.where('course_id', '=', course.id)
		.execute();
	await markAttendance(
		db,
		course.coordinator,
		course.id,
		session.id,
		Object.fromEntries(places.map((place) => [place.id, 'present'])),
		clock()
	);
	clock.advance(11 * DAY);
	return { ...course, members };
}

const rating = (score: number, comment?: string) => ({
	useful: score,
	understandable: score,
	fittedTime: score,
	recommend: score,
	comment
});

describe('course feedback', () => {
	it('is given after the last session by participants, and shown added up only from five answers', async () => {
		const clock = fakeClock();
		const course = await heldCourse(clock, MIN_ANSWERS);
		const trainer = await newMember(db);
		await nameTrainer(db, course.coordinator, course.id, { pseudonym: trainer.pseudonym }, clock());

		for (const [i, member] of course.members.slice(0, MIN_ANSWERS - 1).entries())
			expect(
				await giveFeedback(db, member, course.id, rating(i + 1, `note ${i}`), clock())
			).toEqual({
				ok: true
			});
		expect(await readFeedbackSummary(db, trainer, course.id)).toEqual({ answers: 4, shown: false });
		await giveFeedback(db, course.members[4], course.id, rating(5), clock());
		const summary = await readFeedbackSummary(db, course.coordinator, course.id);
		expect(summary).toEqual({
			answers: 5,
			shown: true,
			averages: { useful: 3, understandable: 3, fittedTime: 3, recommend: 3 },
			comments: ['note 0', 'note 1', 'note 2', 'note 3']
		});
		// Nothing in it says who: no names, no accounts, no dates.
		const text = JSON.stringify(summary);
		for (const member of course.members) {
			expect(text).not.toContain(member.id);
			expect(text).not.toContain(member.pseudonym);
		}
		expect(text).not.toContain('Heron');
		// Members, even participants, see no summary.
		await expect(readFeedbackSummary(db, course.members[0], course.id)).rejects.toEqual(notFound);
	});

	it('refuses bad scores beside each field, and before the end', async () => {
		const clock = fakeClock();
		const input = courseInput(clock());
		const course = await createTestCourse(db, clock(), { sessions: [input.sessions[0]] });
		const member = await newMember(db);
		await enrol(db, member, course.id, clock());
		expect(await giveFeedback(db, member, course.id, rating(5), clock())).toEqual({
			ok: false,
			problem: 'not_ended'
		});
		clock.advance(11 * DAY);
		expect(
			await giveFeedback(
				db,
				member,
				course.id,
				{ useful: 6, understandable: '', fittedTime: 2.5, recommend: 'x', comment: 'a\u0007b' },
				clock()
			)
		).toEqual({
			ok: false,
			problem: 'invalid',
			fields: {
				useful: 'invalid',
				understandable: 'required',
				fittedTime: 'invalid',
				recommend: 'invalid',
				comment: 'invalid'
			}
		});
		expect(
			await db
				.selectFrom('course_feedback as f')
				.innerJoin('course_enrolment as e', 'e.id', 'f.enrolment_id')
				.select('f.enrolment_id')
				.where('e.course_id', '=', course.id)
				.execute()
		).toEqual([]);
		// Someone with no seat in it cannot rate it.
		await expect(
			giveFeedback(db, await newMember(db), course.id, rating(1), clock())
		).rejects.toEqual(notFound);
	});
});

describe('did it help?', () => {
	it('asks at three months, then at twelve; coordinators see each wave only from five answers', async () => {
		const clock = fakeClock();
		const course = await heldCourse(clock, MIN_ANSWERS + 1);
		const [first] = course.members;
		expect(await followUpDue(db, first, course.id, clock())).toBeNull();
		clock.advance(91 * DAY);
		expect(await followUpDue(db, first, course.id, clock())).toBe(3);
		// Declining counts as answered: not asked again, and not counted.
		expect(
			await answerFollowUp(db, first, course.id, { afterMonths: 3, declined: true }, clock())
		).toEqual({ ok: true });
		expect(await followUpDue(db, first, course.id, clock())).toBeNull();
		expect(
			await answerFollowUp(db, first, course.id, { afterMonths: 12, work: 'found_work' }, clock())
		).toEqual({ ok: false, problem: 'not_due' });

		for (const member of course.members.slice(1, MIN_ANSWERS))
			await answerFollowUp(
				db,
				member,
				course.id,
				{ afterMonths: 3, work: 'started_business', earnings: 'a_little', helpNext: 'money' },
				clock()
			);
		expect((await readFollowUpSummary(db, course.coordinator, course.id))[3]).toEqual({
			answers: 4,
			shown: false
		});
		expect(
			await answerFollowUp(
				db,
				course.members[MIN_ANSWERS],
				course.id,
				{ afterMonths: 3, work: 'a lot', earnings: 'enough' },
				clock()
			)
		).toEqual({ ok: false, problem: 'invalid' });
		await answerFollowUp(
			db,
			course.members[MIN_ANSWERS],
			course.id,
			{ afterMonths: 3, work: 'found_work' },
			clock()
		);
		const summary = await readFollowUpSummary(db, course.coordinator, course.id);
		expect(summary[3]).toMatchObject({
			answers: 5,
			shown: true,
			work: { started_business: 4, found_work: 1, grew_business: 0 },
			earnings: { a_little: 4 },
			helpNext: { money: 4 }
		});
		expect(summary[12]).toEqual({ answers: 0, shown: false });
		// Trainers do not see it; only coordinators.
		const trainer = await newMember(db);
		await nameTrainer(db, course.coordinator, course.id, { pseudonym: trainer.pseudonym }, clock());
		await expect(readFollowUpSummary(db, trainer, course.id)).rejects.toEqual(notFound);

		clock.advance(280 * DAY);
		expect(await followUpDue(db, first, course.id, clock())).toBe(12);
	});

	it('is not asked of someone who did not complete the course', async () => {
		const clock = fakeClock();
		const input = courseInput(clock());
		const course = await createTestCourse(db, clock(), { sessions: [input.sessions[0]] });
		const absent = await newMember(db);
		await enrol(db, absent, course.id, clock());
		clock.advance(100 * DAY);
		expect(await followUpDue(db, absent, course.id, clock())).toBeNull();
	});
});
