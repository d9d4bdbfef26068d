import type { Kysely } from 'kysely';
import type { AccountActor } from '../../src/lib/server/access/actor';
import { createCourse, publishCourse } from '../../src/lib/server/courses/catalogue';
import type { CourseInput } from '../../src/lib/server/courses/course-input';
import type { DB } from '../../src/lib/server/db/schema';
import { newFormKey } from '../../src/lib/server/forms/form-key';
import { DAY } from './clock';
import { createAccount, signedIn } from './factories';

/** A day on the Bangkok clock, `days` from `now`, as a form sends it. */
export const dayFrom = (now: Date, days: number) =>
	new Date(now.getTime() + 7 * 60 * 60_000 + days * DAY).toISOString().slice(0, 10);

/** A course's details: enrolment open from yesterday, two sessions starting in ten days. */
export function courseInput(now: Date, overrides: Partial<CourseInput> = {}): CourseInput {
	return {
		title: 'Start your business',
		summary: 'Five mornings on planning a small business.',
		outcomes: 'Write a simple business plan.',
		language: 'th',
		level: 'start',
		provider: 'Provider organisation',
		online: false,
		country: 'TH',
		area: 'Chiang Rai',
		address: 'Community hall, second floor',
		timeZone: 'Asia/Bangkok',
		capacity: 20,
		enrolmentOpens: dayFrom(now, -1),
		enrolmentCloses: dayFrom(now, 9),
		prerequisiteId: null,
		priorityCircleId: null,
		prioritySavingsGroupId: null,
		sessions: [
			{ date: dayFrom(now, 10), start: '09:00', end: '12:00' },
			{ date: dayFrom(now, 11), start: '09:00', end: '12:00' }
		],
		...overrides
	};
}

/** A new coordinator's published course (or a draft), made through the services. */
export async function createTestCourse(
	db: Kysely<DB>,
	now: Date,
	overrides: Partial<CourseInput> = {},
	options: { publish?: boolean } = {}
): Promise<{ id: string; coordinator: AccountActor }> {
	const coordinator = await signedIn(db, await createAccount(db, { role: 'coordinator' }));
	const created = await createCourse(
		db,
		coordinator,
		{ ...courseInput(now, overrides), formKey: newFormKey(now) },
		now
	);
	if (!created.ok) throw new Error(`course not created: ${JSON.stringify(created.fields)}`);
	if (options.publish ?? true) await publishCourse(db, coordinator, created.id, now);
	return { id: created.id, coordinator };
}

/** A new member, signed in. */
export async function newMember(db: Kysely<DB>): Promise<AccountActor> {
	return signedIn(db, await createAccount(db));
}
