import type { Kysely } from 'kysely';
import type { AccountActor } from '../access/actor';
import { createCourse, publishCourse } from '../courses/catalogue';
import { TIME_ZONES, type CourseInput } from '../courses/course-input';
import { enrol } from '../courses/enrolment';
import { nameTrainer } from '../courses/trainers';
import type { CourseTimeZone, DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';

/** The demo's courses: an open one with seats left, and a full one with a waitlist. */
export const DEMO_COURSES = {
	idea: 'Generate your business idea',
	start: 'Start your business'
} as const;

/** Seats in the full course; the demo's members take them all and 2 more wait. */
const START_CAPACITY = 4;

const DAY_MS = 24 * 60 * 60_000;

/** The day `days` after today, on the course's clock, as the course's form sends it. */
function dayOnCourseClock(now: Date, timeZone: CourseTimeZone, days: number): string {
	const offset = TIME_ZONES[timeZone] * 60_000;
	return new Date(now.getTime() + offset + days * DAY_MS).toISOString().slice(0, 10);
}

/** A member of the demo and the name they go by in its courses, which is not their nickname. */
export interface DemoLearner {
	actor: AccountActor;
	name: string;
}

/**
 * The courses of `npm run demo`, made through the same services as real ones by the coordinator:
 * "Generate your business idea" in Thai, 3 mornings in Chiang Rai for 12, with the first 3
 * `learners` in it; and "Start your business" in Khmer, 2 afternoons in Battambang for 4, taught by
 * `trainer`, which all 6 `learners` asked for, so it is full with 2 on its waitlist. Enrolment is
 * open from yesterday; every session is ahead of `now`.
 */
export async function seedDemoCourses(
	db: Kysely<DB>,
	actors: { coordinator: AccountActor; trainer: AccountActor; learners: DemoLearner[] },
	now: () => Date
): Promise<{ ideaId: string; startId: string }> {
	if (actors.learners.length !== START_CAPACITY + 2)
		throw new Error(`the demo's courses need ${START_CAPACITY + 2} learners`);
	const make = async (input: CourseInput) => {
		const created = await createCourse(
			db,
			actors.coordinator,
			{ ...input, formKey: newFormKey(now()) },
			now()
		);
		if (!created.ok) throw new Error(`demo course "${input.title}": ${JSON.stringify(created)}`);
		const published = await publishCourse(db, actors.coordinator, created.id, now());
		if (!published.ok) throw new Error(`demo course "${input.title}": ${published.problem}`);
		return created.id;
	};
	const take = async (courseId: string, learner: DemoLearner) => {
		const enrolled = await enrol(db, learner.actor, courseId, now(), { name: learner.name });
		if (!enrolled.ok) throw new Error(`demo enrolment of ${learner.name}: ${enrolled.problem}`);
		return enrolled.standing;
	};

	const bangkok = (days: number) => dayOnCourseClock(now(), 'Asia/Bangkok', days);
	const ideaId = await make({
		title: DEMO_COURSES.idea,
		summary:
			'Three mornings to find a business that suits you: what you are good at, what people near you need, and what it costs to begin.',
		outcomes: 'Leave with one business idea you have checked, and the next 3 steps to try it.',
		language: 'th',
		level: 'idea',
		provider: 'Example: a training centre in Chiang Rai',
		online: false,
		country: 'TH',
		area: 'Chiang Rai',
		address: 'Example: the community hall, second floor',
		timeZone: 'Asia/Bangkok',
		capacity: 12,
		enrolmentOpens: bangkok(-1),
		enrolmentCloses: bangkok(13),
		prerequisiteId: null,
		priorityCircleId: null,
		prioritySavingsGroupId: null,
		sessions: [14, 21, 28].map((days) => ({ date: bangkok(days), start: '09:00', end: '12:00' }))
	});
	for (const learner of actors.learners.slice(0, 3)) await take(ideaId, learner);

	const phnomPenh = (days: number) => dayOnCourseClock(now(), 'Asia/Phnom_Penh', days);
	const startId = await make({
		title: DEMO_COURSES.start,
		summary:
			'Two afternoons on opening a small business: a simple plan, a first budget, and where to buy and sell.',
		outcomes: 'Write a one-page plan and a budget for your first 3 months.',
		language: 'km',
		level: 'start',
		provider: 'Example: a business school in Battambang',
		online: false,
		country: 'KH',
		area: 'Battambang',
		address: 'Example: the school by the market, room 2',
		timeZone: 'Asia/Phnom_Penh',
		capacity: START_CAPACITY,
		enrolmentOpens: phnomPenh(-1),
		enrolmentCloses: phnomPenh(9),
		prerequisiteId: null,
		priorityCircleId: null,
		prioritySavingsGroupId: null,
		sessions: [10, 11].map((days) => ({ date: phnomPenh(days), start: '13:30', end: '16:30' }))
	});
	const named = await nameTrainer(
		db,
		actors.coordinator,
		startId,
		{ pseudonym: actors.trainer.pseudonym },
		now()
	);
	if (!named.ok) throw new Error(`demo trainer: ${named.problem}`);
	for (const learner of actors.learners) await take(startId, learner);
	return { ideaId, startId };
}
