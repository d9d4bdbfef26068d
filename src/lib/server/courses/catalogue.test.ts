import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock, DAY } from '../../../../tests/helpers/clock';
import {
	courseInput,
	createTestCourse,
	dayFrom,
	newMember
} from '../../../../tests/helpers/courses';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, signedIn, uniquePseudonym } from '../../../../tests/helpers/factories';
import type { DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import { browseCourses } from './browse';
import { cancelCourse, createCourse, publishCourse, updateCourse } from './catalogue';
import type { CourseFields, CourseInput } from './course-input';
import { enrol } from './enrolment';
import { nameTrainer, removeTrainer } from './trainers';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

const coordinator = async () => signedIn(db, await createAccount(db, { role: 'coordinator' }));
const titleOf = async (id: string) =>
	(await db.selectFrom('course').select('title').where('id', '=', id).executeTakeFirstOrThrow())
		.title;

describe('writing courses', () => {
	it('a coordinator creates a draft with its sessions, once however often the form is sent', async () => {
		const clock = fakeClock();
		const staff = await coordinator();
		const input = { ...courseInput(clock()), formKey: newFormKey(clock()) };
		const first = await createCourse(db, staff, input, clock());
		const again = await createCourse(db, staff, input, clock());
		expect(first.ok).toBe(true);
		expect(again).toEqual(first);
		const id = (first as { id: string }).id;
		const course = await db
			.selectFrom('course')
			.selectAll()
			.where('id', '=', id)
			.executeTakeFirstOrThrow();
		expect(course).toMatchObject({
			state: 'draft',
			offer_hold_hours: 48,
			attendance_threshold: 80,
			created_by: staff.id
		});
		const sessions = await db
			.selectFrom('course_session')
			.select(['starts_at', 'ends_at'])
			.where('course_id', '=', id)
			.orderBy('starts_at')
			.execute();
		// 09:00 to 12:00 on the Bangkok clock is 02:00 to 05:00 UTC.
		expect(sessions.map((s) => s.starts_at.toISOString().slice(11, 16))).toEqual([
			'02:00',
			'02:00'
		]);
		expect(sessions.map((s) => s.ends_at.toISOString().slice(11, 16))).toEqual(['05:00', '05:00']);
	});

	it('bad input gets a problem per field and stores nothing', async () => {
		const clock = fakeClock();
		const staff = await coordinator();
		const result = await createCourse(
			db,
			staff,
			{
				...courseInput(clock(), {
					title: '   ',
					language: 'fr',
					level: 'expert',
					capacity: 0,
					online: false,
					address: ' ',
					timeZone: 'Europe/Paris',
					enrolmentOpens: '2026-02-30',
					prerequisiteId: 'x',
					sessions: [{ date: dayFrom(clock(), 10), start: '12:00', end: '09:00' }]
				}),
				formKey: newFormKey(clock())
			},
			clock()
		);
		expect(result).toEqual({
			ok: false,
			problem: 'invalid',
			fields: {
				title: 'required',
				language: 'invalid',
				level: 'invalid',
				capacity: 'out_of_range',
				address: 'required',
				timeZone: 'invalid',
				enrolmentOpens: 'invalid',
				prerequisiteId: 'invalid',
				sessions: 'invalid'
			}
		});
		const unknown = await createCourse(
			db,
			staff,
			{
				...courseInput(clock(), { priorityCircleId: crypto.randomUUID() }),
				formKey: newFormKey(clock())
			},
			clock()
		);
		expect(unknown).toEqual({
			ok: false,
			problem: 'invalid',
			fields: { priorityCircleId: 'unknown' }
		});
		// Enrolment closing after the first session's day; sessions that overlap; no sessions.
		for (const [overrides, fields] of [
			[{ enrolmentCloses: dayFrom(clock(), 11) }, { enrolmentCloses: 'out_of_range' }],
			[{ sessions: [] }, { sessions: 'required' }],
			[
				{
					sessions: [
						{ date: dayFrom(clock(), 10), start: '09:00', end: '12:00' },
						{ date: dayFrom(clock(), 10), start: '11:00', end: '13:00' }
					]
				},
				{ sessions: 'invalid' }
			]
		] as Array<[Partial<CourseInput>, CourseFields]>) {
			expect(
				await createCourse(
					db,
					staff,
					{ ...courseInput(clock(), overrides), formKey: newFormKey(clock()) },
					clock()
				)
			).toEqual({ ok: false, problem: 'invalid', fields });
		}
		const { count } = await db
			.selectFrom('course')
			.select((eb) => eb.fn.countAll<string>().as('count'))
			.where('created_by', '=', staff.id)
			.executeTakeFirstOrThrow();
		expect(Number(count)).toBe(0);
	});

	it('only staff create; a member does not', async () => {
		const clock = fakeClock();
		const member = await newMember(db);
		await expect(
			createCourse(db, member, { ...courseInput(clock()), formKey: newFormKey(clock()) }, clock())
		).rejects.toMatchObject({ status: 404 });
	});

	it('trainers edit only their own courses; members edit none', async () => {
		const clock = fakeClock();
		const mine = await createTestCourse(db, clock());
		const theirs = await createTestCourse(db, clock());
		const trainer = await signedIn(db, await createAccount(db));
		expect(
			await nameTrainer(db, mine.coordinator, mine.id, { pseudonym: trainer.pseudonym }, clock())
		).toEqual({ ok: true, accountId: trainer.id });
		const renamed = courseInput(clock(), { title: 'Grow your business' });
		expect(await updateCourse(db, trainer, mine.id, renamed, clock())).toEqual({ ok: true });
		expect(await titleOf(mine.id)).toBe('Grow your business');
		await expect(updateCourse(db, trainer, theirs.id, renamed, clock())).rejects.toMatchObject({
			status: 404
		});
		// A trainer does not cancel, nor name trainers.
		await expect(cancelCourse(db, trainer, mine.id, clock())).rejects.toMatchObject({
			status: 404
		});
		await expect(
			nameTrainer(db, trainer, mine.id, { pseudonym: trainer.pseudonym }, clock())
		).rejects.toMatchObject({ status: 404 });
		const member = await newMember(db);
		await expect(updateCourse(db, member, mine.id, renamed, clock())).rejects.toMatchObject({
			status: 404
		});
		await expect(publishCourse(db, member, mine.id, clock())).rejects.toMatchObject({
			status: 404
		});
		expect(await titleOf(theirs.id)).toBe('Start your business');
		// Taken off the course, the trainer edits it no more.
		await removeTrainer(db, mine.coordinator, mine.id, trainer.id);
		await expect(updateCourse(db, trainer, mine.id, renamed, clock())).rejects.toMatchObject({
			status: 404
		});
	});

	it('a trainer sees and publishes their own draft; a cancelled course is not edited', async () => {
		const clock = fakeClock();
		const draft = await createTestCourse(db, clock(), {}, { publish: false });
		const trainer = await signedIn(db, await createAccount(db));
		expect(
			await nameTrainer(db, draft.coordinator, draft.id, { pseudonym: 'nobody-has-this' }, clock())
		).toEqual({ ok: false, problem: 'account_unknown' });
		await nameTrainer(db, draft.coordinator, draft.id, { pseudonym: trainer.pseudonym }, clock());
		expect(await publishCourse(db, trainer, draft.id, clock())).toEqual({ ok: true });
		expect(await cancelCourse(db, draft.coordinator, draft.id, clock())).toEqual({ ok: true });
		expect(await updateCourse(db, trainer, draft.id, courseInput(clock()), clock())).toEqual({
			ok: false,
			problem: 'cancelled'
		});
		expect(await publishCourse(db, trainer, draft.id, clock())).toEqual({
			ok: false,
			problem: 'cancelled'
		});
	});
});

describe('browsing', () => {
	it('shows published courses only, with seats left, filtered by language, place, month and level', async () => {
		const clock = fakeClock();
		const area = uniquePseudonym('area');
		const make = (overrides: Parameters<typeof courseInput>[1], publish = true) =>
			createTestCourse(db, clock(), { area, ...overrides }, { publish });
		const thai = await make({ capacity: 3, language: 'th', level: 'start' });
		const khmer = await make({
			language: 'km',
			country: 'KH',
			level: 'idea',
			timeZone: 'Asia/Phnom_Penh'
		});
		const later = await make({
			level: 'grow',
			enrolmentCloses: dayFrom(clock(), 40),
			sessions: [{ date: dayFrom(clock(), 40), start: '09:00', end: '12:00' }]
		});
		const draft = await make({}, false);
		const cancelled = await make({});
		await cancelCourse(db, cancelled.coordinator, cancelled.id, clock());
		await enrol(db, await newMember(db), thai.id, clock());

		const member = await newMember(db);
		const ids = async (filters: Parameters<typeof browseCourses>[2]) => {
			const result = await browseCourses(db, member, { area, ...filters }, clock());
			if (!result.ok) throw new Error(result.filter);
			return result.courses.map((c) => c.id);
		};
		// Soonest first (the first two start at the same moment).
		const all = await ids({});
		expect(all.slice(0, 2).sort()).toEqual([thai.id, khmer.id].sort());
		expect(all.slice(2)).toEqual([later.id]);
		expect(await ids({})).not.toContain(draft.id);
		expect(await ids({ language: 'km' })).toEqual([khmer.id]);
		expect(await ids({ country: 'KH' })).toEqual([khmer.id]);
		expect(await ids({ level: 'grow' })).toEqual([later.id]);
		const month = dayFrom(clock(), 40).slice(0, 7);
		const monthOf = (await ids({ month })).includes(later.id);
		expect(monthOf).toBe(true);
		const result = await browseCourses(db, member, { area: area.toUpperCase() }, clock());
		expect(result.ok && result.courses.find((c) => c.id === thai.id)).toMatchObject({
			capacity: 3,
			seatsLeft: 2,
			waiting: 0,
			sessions: 2
		});
		// Past its last session, a course leaves the catalogue.
		const ended = await browseCourses(db, member, { area }, new Date(clock().getTime() + 60 * DAY));
		expect(ended).toEqual({ ok: true, courses: [] });
	});

	it('an unknown filter is a problem, not an empty list; nobody signed out browses', async () => {
		const member = await newMember(db);
		for (const filter of [
			{ language: 'fr' },
			{ month: '2026-13' },
			{ level: 'x' },
			{ country: 'US' }
		])
			expect(await browseCourses(db, member, filter, new Date())).toEqual({
				ok: false,
				problem: 'invalid_filter',
				filter: Object.keys(filter)[0]
			});
		await expect(browseCourses(db, { kind: 'anonymous' }, {}, new Date())).rejects.toMatchObject({
			status: 404
		});
	});
});
