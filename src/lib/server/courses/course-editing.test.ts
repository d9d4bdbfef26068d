import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock } from '../../../../tests/helpers/clock';
import { createTestCourse, newMember } from '../../../../tests/helpers/courses';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, signedIn } from '../../../../tests/helpers/factories';
import { createTestGroup } from '../../../../tests/helpers/groups';
import { createTestSavingsGroup } from '../../../../tests/helpers/savings';
import { ANONYMOUS } from '../access/actor';
import type { DB } from '../db/schema';
import { cancelCourse, updateCourse } from './catalogue';
import { readCourseChoices, readCourseForEditing, readCourseTrainers } from './course-editing';
import { courseFormValues, courseInputOf } from './course-form';
import { nameTrainer } from './trainers';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

const NO_COURSE = '00000000-0000-4000-8000-000000000000';
const notFound = { status: 404 };

describe('a course for its form', () => {
	it('is read by coordinators, who may also cancel it, name trainers and choose its links', async () => {
		const clock = fakeClock();
		const { id, coordinator } = await createTestCourse(db, clock());
		const other = await signedIn(db, await createAccount(db, { role: 'coordinator' }));
		for (const staff of [coordinator, other]) {
			const editing = await readCourseForEditing(db, staff, id);
			expect(editing.course.id).toBe(id);
			expect(editing.sessions).toHaveLength(2);
			expect(editing.sessions[0].starts_at < editing.sessions[1].starts_at).toBe(true);
			expect(editing.may).toEqual({ cancel: true, assignTrainers: true, chooseLinks: true });
		}
	});

	it('is read by the course’s own trainer, who may not cancel it, name trainers or see the lists', async () => {
		const clock = fakeClock();
		const mine = await createTestCourse(db, clock());
		const theirs = await createTestCourse(db, clock());
		const trainerAccount = await createAccount(db);
		const trainer = await signedIn(db, trainerAccount);
		await nameTrainer(db, mine.coordinator, mine.id, trainerAccount, clock());
		const editing = await readCourseForEditing(db, trainer, mine.id);
		expect(editing.may).toEqual({ cancel: false, assignTrainers: false, chooseLinks: false });
		await expect(readCourseForEditing(db, trainer, theirs.id)).rejects.toMatchObject(notFound);
		await expect(readCourseTrainers(db, trainer, mine.id)).rejects.toMatchObject(notFound);
		await expect(readCourseChoices(db, trainer)).rejects.toMatchObject(notFound);
	});

	it('does not exist for a member, for someone signed out, or for an id no course has', async () => {
		const clock = fakeClock();
		const { id, coordinator } = await createTestCourse(db, clock());
		const member = await newMember(db);
		for (const actor of [member, ANONYMOUS]) {
			await expect(readCourseForEditing(db, actor, id)).rejects.toMatchObject(notFound);
			await expect(readCourseTrainers(db, actor, id)).rejects.toMatchObject(notFound);
			await expect(readCourseChoices(db, actor)).rejects.toMatchObject(notFound);
		}
		for (const bad of [NO_COURSE, 'not-an-id', 42, null]) {
			await expect(readCourseForEditing(db, coordinator, bad)).rejects.toMatchObject(notFound);
			await expect(readCourseTrainers(db, coordinator, bad)).rejects.toMatchObject(notFound);
		}
	});

	it('is shown in its form so that saving it unchanged changes nothing', async () => {
		const clock = fakeClock();
		const { id, coordinator } = await createTestCourse(db, clock());
		const before = await readCourseForEditing(db, coordinator, id);
		const values = courseFormValues(before.course, before.sessions);
		expect(await updateCourse(db, coordinator, id, courseInputOf(values), clock())).toEqual({
			ok: true
		});
		const after = await readCourseForEditing(db, coordinator, id);
		expect(courseFormValues(after.course, after.sessions)).toEqual(values);
		expect(after.sessions).toEqual(before.sessions);
		expect(after.course.enrolment_closes_at).toEqual(before.course.enrolment_closes_at);
	});
});

describe('the lists a course’s links are chosen from', () => {
	it('hold other courses that are not cancelled, the one already chosen, every circle and savings group', async () => {
		const clock = fakeClock();
		const course = await createTestCourse(db, clock());
		const draft = await createTestCourse(db, clock(), {}, { publish: false });
		const cancelled = await createTestCourse(db, clock());
		const chosenThenCancelled = await createTestCourse(db, clock());
		await cancelCourse(db, cancelled.coordinator, cancelled.id, clock());
		await cancelCourse(db, chosenThenCancelled.coordinator, chosenThenCancelled.id, clock());
		const circle = await createTestGroup(db);
		const savings = await createTestSavingsGroup(db);

		const choices = await readCourseChoices(db, course.coordinator, {
			exceptCourseId: course.id,
			keepCourseId: chosenThenCancelled.id
		});
		const ids = choices.courses.map((c) => c.id);
		expect(ids).toContain(draft.id);
		expect(ids).toContain(chosenThenCancelled.id);
		expect(ids).not.toContain(course.id);
		expect(ids).not.toContain(cancelled.id);
		const listed = choices.courses.find((c) => c.id === draft.id);
		expect(listed).toMatchObject({ state: 'draft', title: 'Start your business' });
		expect(listed?.firstSessionAt).toBeInstanceOf(Date);
		expect(choices.circles.map((c) => c.id)).toContain(circle.id);
		expect(choices.savingsGroups.map((g) => g.id)).toContain(savings.id);

		const plain = await readCourseChoices(db, course.coordinator);
		expect(plain.courses.map((c) => c.id)).toContain(course.id);
		expect(plain.courses.map((c) => c.id)).not.toContain(chosenThenCancelled.id);
	});
});

describe('a course’s trainers', () => {
	it('are listed for coordinators by their sign-in nickname', async () => {
		const clock = fakeClock();
		const { id, coordinator } = await createTestCourse(db, clock());
		expect((await readCourseTrainers(db, coordinator, id)).trainers).toEqual([]);
		const first = await createAccount(db);
		const second = await createAccount(db);
		await nameTrainer(db, coordinator, id, second, clock());
		await nameTrainer(db, coordinator, id, first, clock());
		const { course, trainers } = await readCourseTrainers(db, coordinator, id);
		expect(course).toEqual({ id, title: 'Start your business', state: 'published' });
		expect(trainers).toEqual(
			[first, second]
				.map((account) => ({ accountId: account.id, pseudonym: account.pseudonym }))
				.sort((a, b) => a.pseudonym.localeCompare(b.pseudonym))
		);
	});
});
