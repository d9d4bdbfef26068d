import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, fakeClock } from '../../../../tests/helpers/clock';
import { createTestCourse, newMember } from '../../../../tests/helpers/courses';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, signedIn } from '../../../../tests/helpers/factories';
import type { DB } from '../db/schema';
import { markAttendance } from './attendance';
import { cancelCourse, updateCourse } from './catalogue';
import { courseInput } from '../../../../tests/helpers/courses';
import { readCoursePage } from './course-page';
import { coursesRun } from './courses-run';
import { enrol, removeEnrolment, withdraw } from './enrolment';
import { readRoster } from './roster';
import { nameTrainer } from './trainers';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

const notFound = expect.objectContaining({ status: 404 });

describe('the course page', () => {
	it('shows a member their seat, their name, the seats left and why others cannot enrol', async () => {
		const clock = fakeClock();
		const course = await createTestCourse(db, clock(), { capacity: 2 });
		const member = await newMember(db);
		const before = await readCoursePage(db, member, course.id, clock());
		expect(before).toMatchObject({ seatsLeft: 2, waiting: 0, standing: null, enrolBlock: null });
		expect(before.sessions).toHaveLength(2);
		expect(before).toMatchObject({ mayEdit: false, mayManage: false });

		await enrol(db, member, course.id, clock(), { name: 'Lotus12' });
		expect(await readCoursePage(db, member, course.id, clock())).toMatchObject({
			seatsLeft: 1,
			standing: { status: 'enrolled', name: 'Lotus12' }
		});

		await enrol(db, await newMember(db), course.id, clock());
		const late = await newMember(db);
		await enrol(db, late, course.id, clock(), { name: 'Heron40' });
		expect(await readCoursePage(db, late, course.id, clock())).toMatchObject({
			seatsLeft: 0,
			waiting: 1,
			standing: { status: 'waitlisted', name: 'Heron40', place: 1 }
		});

		// A seat given up in the last day is not offered on (too late to rearrange a life), and
		// a newcomer does not jump the line for it: no seats are shown while anyone waits.
		clock.advance(9 * DAY + 12 * 60 * 60_000);
		await withdraw(db, member, course.id, clock());
		expect(await readCoursePage(db, await newMember(db), course.id, clock())).toMatchObject({
			seatsLeft: 0,
			waiting: 1
		});
		clock.advance(-(9 * DAY + 12 * 60 * 60_000));

		// Once the first session has begun: no enrolling, no giving up a place here.
		clock.advance(10 * DAY + 3 * 60 * 60_000);
		expect(await readCoursePage(db, await newMember(db), course.id, clock())).toMatchObject({
			enrolBlock: 'started',
			started: true
		});
	});

	it('says why enrolment is shut: not open yet, closed, cancelled, removed, a trainer', async () => {
		const clock = fakeClock();
		const early = await createTestCourse(db, clock(), {
			enrolmentOpens: courseInput(new Date(clock().getTime() + 2 * DAY)).enrolmentOpens
		});
		const member = await newMember(db);
		expect((await readCoursePage(db, member, early.id, clock())).enrolBlock).toBe('not_open_yet');

		const course = await createTestCourse(db, clock());
		const removed = await newMember(db);
		await enrol(db, removed, course.id, clock());
		const [place] = await db
			.selectFrom('course_enrolment')
			.select('id')
			.where('account_id', '=', removed.id)
			.execute();
		await removeEnrolment(db, course.coordinator, course.id, place.id, clock());
		expect((await readCoursePage(db, removed, course.id, clock())).enrolBlock).toBe('removed');

		const trainer = await signedIn(db, await createAccount(db));
		await nameTrainer(db, course.coordinator, course.id, { pseudonym: trainer.pseudonym }, clock());
		expect(await readCoursePage(db, trainer, course.id, clock())).toMatchObject({
			enrolBlock: 'trainer',
			mayEdit: true,
			mayManage: true
		});

		await cancelCourse(db, course.coordinator, course.id, clock());
		expect(await readCoursePage(db, member, course.id, clock())).toMatchObject({
			enrolBlock: 'cancelled',
			state: 'cancelled'
		});
		expect((await readCoursePage(db, course.coordinator, course.id, clock())).mayEdit).toBe(false);
	});

	it('is a 404 for a draft, unless one writes it, and for a malformed id', async () => {
		const clock = fakeClock();
		const draft = await createTestCourse(db, clock(), {}, { publish: false });
		await expect(readCoursePage(db, await newMember(db), draft.id, clock())).rejects.toEqual(
			notFound
		);
		await expect(readCoursePage(db, await newMember(db), 'nope', clock())).rejects.toEqual(
			notFound
		);
		expect((await readCoursePage(db, draft.coordinator, draft.id, clock())).enrolBlock).toBe(
			'draft'
		);
	});
});

describe('the roster', () => {
	it('lists seats, offers and the line by the names given, for trainers and coordinators only', async () => {
		const clock = fakeClock();
		const course = await createTestCourse(db, clock(), { capacity: 2 });
		const [first, second, third, fourth] = await Promise.all([1, 2, 3, 4].map(() => newMember(db)));
		await enrol(db, first, course.id, clock(), { name: 'Lotus12' });
		await enrol(db, second, course.id, clock(), { name: 'Orchid33' });
		await enrol(db, third, course.id, clock(), { name: 'Heron40' });
		await enrol(db, fourth, course.id, clock());
		await withdraw(db, second, course.id, clock());

		const roster = await readRoster(db, course.coordinator, course.id);
		expect(roster.enrolled.map((entry) => entry.name)).toEqual(['Lotus12']);
		expect(roster.offered.map((entry) => entry.name)).toEqual(['Heron40']);
		expect(roster.waiting).toEqual([expect.objectContaining({ name: null, arrival: 4 })]);
		// Only the names given for the course: no account, no nickname.
		expect(JSON.stringify(roster)).not.toContain(first.pseudonym);
		expect(JSON.stringify(roster)).not.toContain(first.id);

		await expect(readRoster(db, first, course.id)).rejects.toEqual(notFound);
		const trainer = await newMember(db);
		await expect(readRoster(db, trainer, course.id)).rejects.toEqual(notFound);
		await nameTrainer(db, course.coordinator, course.id, { pseudonym: trainer.pseudonym }, clock());
		expect((await readRoster(db, trainer, course.id)).enrolled).toHaveLength(1);
		// A trainer of one course sees no other course's roster.
		const other = await createTestCourse(db, clock());
		await expect(readRoster(db, trainer, other.id)).rejects.toEqual(notFound);
	});

	it('refuses a name that breaks the nickname rules, and stores nothing', async () => {
		const clock = fakeClock();
		const course = await createTestCourse(db, clock());
		const member = await newMember(db);
		expect(await enrol(db, member, course.id, clock(), { name: 'call 0812345678' })).toEqual({
			ok: false,
			problem: 'name_invalid',
			why: 'phone'
		});
		expect(await enrol(db, member, course.id, clock(), { name: 42 })).toMatchObject({
			ok: false,
			problem: 'name_invalid'
		});
		const rows = await db
			.selectFrom('course_enrolment')
			.select('id')
			.where('course_id', '=', course.id)
			.execute();
		expect(rows).toEqual([]);
	});
});

describe('courses one runs', () => {
	it('are every unfinished course for coordinators, drafts too; their own for trainers; none for members', async () => {
		const clock = fakeClock();
		const draft = await createTestCourse(db, clock(), {}, { publish: false });
		const published = await createTestCourse(db, clock());
		const trainer = await newMember(db);
		await nameTrainer(
			db,
			published.coordinator,
			published.id,
			{ pseudonym: trainer.pseudonym },
			clock()
		);

		const staffSees = (await coursesRun(db, draft.coordinator, clock())).map((c) => c.id);
		expect(staffSees).toEqual(expect.arrayContaining([draft.id, published.id]));
		expect(await coursesRun(db, trainer, clock())).toEqual([
			expect.objectContaining({ id: published.id, trains: true, state: 'published' })
		]);
		expect(await coursesRun(db, await newMember(db), clock())).toEqual([]);

		// A course whose last session has ended is no longer one to run.
		clock.advance(12 * DAY);
		expect((await coursesRun(db, trainer, clock())).map((c) => c.id)).toEqual([]);
	});

	it('marks a published course as changed when its sessions or place move, not its title', async () => {
		const clock = fakeClock();
		const course = await createTestCourse(db, clock());
		const changedAt = () =>
			db
				.selectFrom('course')
				.select('changed_at')
				.where('id', '=', course.id)
				.executeTakeFirstOrThrow()
				.then((row) => row.changed_at);
		await updateCourse(
			db,
			course.coordinator,
			course.id,
			courseInput(clock(), { title: 'New' }),
			clock()
		);
		expect(await changedAt()).toBeNull();
		clock.advance(60_000);
		await updateCourse(
			db,
			course.coordinator,
			course.id,
			courseInput(clock(), { title: 'New', area: 'Mae Sai' }),
			clock()
		);
		expect(await changedAt()).toEqual(clock());
	});
});

describe('a course asked for first', () => {
	it('keeps out whoever has not completed it, and lets them in once they have', async () => {
		const clock = fakeClock();
		const first = await createTestCourse(db, clock(), {
			sessions: [courseInput(clock()).sessions[0]]
		});
		const next = await createTestCourse(db, clock(), {
			prerequisiteId: first.id,
			enrolmentCloses: courseInput(clock()).sessions[0].date,
			sessions: [{ ...courseInput(new Date(clock().getTime() + 20 * DAY)).sessions[0] }]
		});
		const member = await newMember(db);
		expect((await readCoursePage(db, member, next.id, clock())).enrolBlock).toBe('prerequisite');
		expect(await enrol(db, member, next.id, clock())).toEqual({
			ok: false,
			problem: 'prerequisite'
		});

		await enrol(db, member, first.id, clock());
		const [session] = await db
			.selectFrom('course_session')
			.select('id')
			.where('course_id', '=', first.id)
			.execute();
		const [place] = await db
			.selectFrom('course_enrolment')
			.select('id')
			.where('course_id', '=', first.id)
			.where('account_id', '=', member.id)
			.execute();
		// A seat is not enough: the course must be completed.
		expect(await enrol(db, member, next.id, clock())).toMatchObject({ problem: 'prerequisite' });
		await markAttendance(
			db,
			first.coordinator,
			first.id,
			session.id,
			{ [place.id]: 'present' },
			clock()
		);
		expect((await readCoursePage(db, member, next.id, clock())).enrolBlock).toBeNull();
		expect(await enrol(db, member, next.id, clock())).toMatchObject({
			ok: true,
			standing: { status: 'enrolled' }
		});
	});
});
