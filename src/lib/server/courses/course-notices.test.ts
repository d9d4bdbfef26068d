import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, fakeClock, MINUTE } from '../../../../tests/helpers/clock';
import {
	courseInput,
	createTestCourse,
	dayFrom,
	newMember
} from '../../../../tests/helpers/courses';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { loggingQueries } from '../../../../tests/helpers/query-log';
import type { AccountActor } from '../access/actor';
import { ANONYMOUS } from '../access/actor';
import type { DB } from '../db/schema';
import { cancelCourse, updateCourse } from './catalogue';
import type { CourseInput } from './course-input';
import {
	courseNoticeLines,
	listCourseNotices,
	markCourseNoticesSeen,
	type CourseNotice
} from './course-notices';
import { markAttendance } from './attendance';
import { acceptOffer, enrol, withdraw } from './enrolment';
import { answerFollowUp, giveFeedback } from './feedback';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

const HOUR = 60 * MINUTE;

/** Text as ICU may write it (a narrow space before AM), with plain spaces. */
const plain = (text: string) => text.replace(/\u202f/g, ' ');

/** The member's notices at `now`, as kind and course. */
const kinds = async (member: AccountActor, now: Date) =>
	(await listCourseNotices(db, member, now)).map((n) => [n.kind, n.courseId]);

/** A member enrolled (or waitlisted) in a course, checked. */
async function enrolled(courseId: string, now: Date, status = 'enrolled') {
	const member = await newMember(db);
	const result = await enrol(db, member, courseId, now);
	expect(result).toMatchObject({ ok: true, standing: { status } });
	return member;
}

/** When a course's sessions start, read back from the database. */
const sessionStarts = async (courseId: string) =>
	(
		await db
			.selectFrom('course_session')
			.select('starts_at')
			.where('course_id', '=', courseId)
			.orderBy('starts_at')
			.execute()
	).map((row) => row.starts_at);

describe('an offer of a seat', () => {
	it('is shown while it is open, and goes when it is taken', async () => {
		const start = fakeClock()();
		const course = await createTestCourse(db, start, { capacity: 1 });
		const seated = await enrolled(course.id, start);
		const waiting = await enrolled(course.id, start, 'waitlisted');
		expect(await kinds(waiting, start)).toEqual([]);

		const freed = new Date(start.getTime() + HOUR);
		expect(await withdraw(db, seated, course.id, freed)).toEqual({ ok: true });
		const notices = await listCourseNotices(db, waiting, new Date(freed.getTime() + MINUTE));
		expect(notices).toEqual([
			{
				kind: 'offer',
				courseId: course.id,
				title: 'Start your business',
				timeZone: 'Asia/Bangkok',
				// The course's hold, 48 hours from the offer.
				answerBy: new Date(freed.getTime() + 48 * HOUR)
			}
		]);
		// Whoever gave the seat up has nothing to hear.
		expect(await kinds(seated, new Date(freed.getTime() + MINUTE))).toEqual([]);

		const taken = new Date(freed.getTime() + 2 * HOUR);
		expect(await acceptOffer(db, waiting, course.id, taken)).toEqual({ ok: true });
		expect(await kinds(waiting, new Date(taken.getTime() + MINUTE))).toEqual([]);
	});

	it('goes at its deadline, before housekeeping has ended it', async () => {
		const start = fakeClock()();
		const course = await createTestCourse(db, start, { capacity: 1, offerHoldHours: 2 });
		const seated = await enrolled(course.id, start);
		const waiting = await enrolled(course.id, start, 'waitlisted');
		await withdraw(db, seated, course.id, start);
		const deadline = new Date(start.getTime() + 2 * HOUR);
		expect(await kinds(waiting, new Date(deadline.getTime() - MINUTE))).toEqual([
			['offer', course.id]
		]);
		expect(await kinds(waiting, deadline)).toEqual([]);
		// Still 'offered' in the database: only the clock has passed it.
		const row = await db
			.selectFrom('course_enrolment')
			.select('status')
			.where('course_id', '=', course.id)
			.where('account_id', '=', waiting.id)
			.executeTakeFirstOrThrow();
		expect(row.status).toBe('offered');
	});

	it('reads with the deadline on the course clock, in the member language', async () => {
		const start = fakeClock()();
		const course = await createTestCourse(db, start, { capacity: 1 });
		const seated = await enrolled(course.id, start);
		const waiting = await enrolled(course.id, start, 'waitlisted');
		await withdraw(db, seated, course.id, start);
		const [notice] = await listCourseNotices(db, waiting, start);
		const deadline = (locale: string) =>
			new Intl.DateTimeFormat(locale, {
				dateStyle: 'medium',
				timeStyle: 'short',
				timeZone: 'Asia/Bangkok'
			}).format(new Date(start.getTime() + 48 * HOUR));
		expect(courseNoticeLines([notice], 'en')).toEqual([
			{
				key: `offer:${course.id}`,
				courseId: course.id,
				kind: 'offer',
				text: `You have been offered a seat in Start your business: answer by ${deadline('en')}`,
				dismissible: false
			}
		]);
		expect(courseNoticeLines([notice], 'th')[0].text).toContain(deadline('th'));
	});
});

describe('a session soon', () => {
	/** A course whose first session is at 09:00 Bangkok time, ten days on, and the next a day later. */
	async function courseAtNine(overrides: Partial<CourseInput> = {}) {
		const start = fakeClock()();
		const course = await createTestCourse(db, start, overrides);
		const [first, second] = await sessionStarts(course.id);
		expect(first.toISOString()).toBe(`${dayFrom(start, 10)}T02:00:00.000Z`);
		return { start, course, first, second };
	}

	it('is told today or tomorrow on the course clock, from midnight before', async () => {
		const { start, course, first } = await courseAtNine();
		const member = await enrolled(course.id, start);
		const at = (hoursBefore: number) => new Date(first.getTime() - hoursBefore * HOUR);
		// 21:00 two evenings before: within 36 hours, but the day after tomorrow.
		expect(await kinds(member, at(36))).toEqual([]);
		expect(await kinds(member, at(33.5))).toEqual([]);
		// 00:00 the day before.
		const [tomorrow] = await listCourseNotices(db, member, at(33));
		expect(tomorrow).toEqual({
			kind: 'meets',
			courseId: course.id,
			title: 'Start your business',
			timeZone: 'Asia/Bangkok',
			startsAt: first,
			day: 'tomorrow',
			place: 'Community hall, second floor'
		});
		expect(await listCourseNotices(db, member, at(9.01))).toMatchObject([{ day: 'tomorrow' }]);
		// Midnight on the day itself.
		expect(await listCourseNotices(db, member, at(9))).toMatchObject([{ day: 'today' }]);
		expect(await listCourseNotices(db, member, at(0.1))).toMatchObject([{ day: 'today' }]);
	});

	it('moves on to the next session once one has started', async () => {
		const { start, course, first, second } = await courseAtNine();
		const member = await enrolled(course.id, start);
		expect(await listCourseNotices(db, member, first)).toMatchObject([
			{ kind: 'meets', startsAt: second, day: 'tomorrow' }
		]);
		expect(await kinds(member, new Date(second.getTime() + MINUTE))).toEqual([]);
	});

	it('is not told to a member waiting for a seat, nor to one offered a seat', async () => {
		const { start, course, first } = await courseAtNine({ capacity: 1 });
		const seated = await enrolled(course.id, start);
		const waiting = await enrolled(course.id, start, 'waitlisted');
		const later = await enrolled(course.id, start, 'waitlisted');
		expect(await kinds(waiting, new Date(first.getTime() - 20 * HOUR))).toEqual([]);
		expect(await kinds(seated, new Date(first.getTime() - 20 * HOUR))).toEqual([
			['meets', course.id]
		]);
		// The seat is given up the day before: offered until the session starts.
		expect(await withdraw(db, seated, course.id, new Date(first.getTime() - 30 * HOUR))).toEqual({
			ok: true
		});
		const soon = new Date(first.getTime() - 2 * HOUR);
		expect(await kinds(waiting, soon)).toEqual([['offer', course.id]]);
		expect(await kinds(later, soon)).toEqual([]);
		expect(await kinds(seated, soon)).toEqual([]);
	});

	it('is not told for a course that was cancelled', async () => {
		const { start, course, first } = await courseAtNine();
		const member = await enrolled(course.id, start);
		await cancelCourse(db, course.coordinator, course.id, start);
		expect(await kinds(member, new Date(first.getTime() - 2 * HOUR))).toEqual([
			['cancelled', course.id]
		]);
	});

	it('says where, or that it is online, with the time in the member language', async () => {
		const { start, course, first } = await courseAtNine();
		const online = await createTestCourse(db, start, {
			title: 'Selling online',
			online: true,
			address: null
		});
		const member = await enrolled(course.id, start);
		expect(await enrol(db, member, online.id, start)).toMatchObject({ ok: true });
		const notices = await listCourseNotices(db, member, new Date(first.getTime() - 2 * HOUR));
		expect(notices.map((n) => n.courseId).sort()).toEqual([course.id, online.id].sort());
		const lines = (locale: 'en' | 'th' | 'my' | 'vi') =>
			Object.fromEntries(
				courseNoticeLines(notices, locale).map((l) => [l.courseId, plain(l.text)])
			);
		expect(lines('en')).toEqual({
			[course.id]: 'Start your business meets today at 9:00 AM, Community hall, second floor',
			[online.id]: 'Selling online meets today at 9:00 AM, online'
		});
		expect(lines('th')[course.id]).toBe(
			'Start your business มีเรียนวันนี้ เวลา 09:00 ที่ Community hall, second floor'
		);
		// Burmese digits, formatted on the server.
		expect(lines('my')[online.id]).toContain('၉:၀၀');
		expect(lines('vi')[online.id]).toBe('Selling online học trực tuyến hôm nay lúc 09:00');
		expect(courseNoticeLines(notices, 'en').every((l) => !l.dismissible)).toBe(true);
	});
});

describe('today or tomorrow around midnight', () => {
	it('follows each course clock: Yangon is half an hour behind Bangkok', async () => {
		const start = fakeClock()();
		const day = dayFrom(start, 10);
		const single = (date: string, time: string) => [
			{ date, start: time, end: `${String(Number(time.slice(0, 2)) + 2).padStart(2, '0')}:00` }
		];
		// Both sessions start at the same instant: 03:00 UTC.
		const bangkok = await createTestCourse(db, start, {
			title: 'Bangkok course',
			sessions: single(day, '10:00')
		});
		const yangon = await createTestCourse(db, start, {
			title: 'Yangon course',
			country: 'MM',
			area: 'Yangon',
			timeZone: 'Asia/Yangon',
			sessions: [{ date: day, start: '09:30', end: '11:30' }]
		});
		const instant = new Date(`${day}T03:00:00.000Z`);
		expect(await sessionStarts(bangkok.id)).toEqual([instant]);
		expect(await sessionStarts(yangon.id)).toEqual([instant]);
		const member = await enrolled(bangkok.id, start);
		expect(await enrol(db, member, yangon.id, start)).toMatchObject({ ok: true });

		const dayWords = async (now: Date) =>
			Object.fromEntries(
				(await listCourseNotices(db, member, now)).map((n) => [
					n.title,
					n.kind === 'meets' ? n.day : n.kind
				])
			);
		const dayBefore = new Date(instant.getTime() - DAY).toISOString().slice(0, 10);
		// 23:45 in Bangkok, 23:15 in Yangon.
		expect(await dayWords(new Date(`${dayBefore}T16:45:00Z`))).toEqual({
			'Bangkok course': 'tomorrow',
			'Yangon course': 'tomorrow'
		});
		// 00:15 in Bangkok, still 23:45 the evening before in Yangon.
		const between = new Date(`${dayBefore}T17:15:00Z`);
		expect(await dayWords(between)).toEqual({
			'Bangkok course': 'today',
			'Yangon course': 'tomorrow'
		});
		// 00:45 in Bangkok, 00:15 in Yangon.
		expect(await dayWords(new Date(`${dayBefore}T17:45:00Z`))).toEqual({
			'Bangkok course': 'today',
			'Yangon course': 'today'
		});
		// The same instant, said on each course's own clock.
		const lines = courseNoticeLines(await listCourseNotices(db, member, between), 'en');
		expect(lines.map((l) => plain(l.text)).sort()).toEqual([
			'Bangkok course meets today at 10:00 AM, Community hall, second floor',
			'Yangon course meets tomorrow at 9:30 AM, Community hall, second floor'
		]);
	});
});

describe('a cancelled course', () => {
	it('is told to everyone whose place was active, until they say they have seen it', async () => {
		const start = fakeClock()();
		const course = await createTestCourse(db, start, { capacity: 2 });
		const seated = await enrolled(course.id, start);
		const leaving = await enrolled(course.id, start);
		const waiting = await enrolled(course.id, start, 'waitlisted');
		const gone = await enrolled(course.id, start, 'waitlisted');
		expect(await withdraw(db, gone, course.id, start)).toEqual({ ok: true });
		// The seat left goes to the member waiting: an offer, open when the course is cancelled.
		const offered = waiting;
		const beforeCancel = new Date(start.getTime() + HOUR);
		await withdraw(db, leaving, course.id, beforeCancel);
		expect(await kinds(offered, beforeCancel)).toEqual([['offer', course.id]]);
		// Every seat held: the last to come waits.
		const lateComer = await enrolled(course.id, beforeCancel, 'waitlisted');

		const cancelled = new Date(start.getTime() + 2 * HOUR);
		await cancelCourse(db, course.coordinator, course.id, cancelled);
		const later = new Date(cancelled.getTime() + HOUR);
		for (const member of [seated, offered, lateComer]) {
			expect(await kinds(member, later)).toEqual([['cancelled', course.id]]);
		}
		// Their places had ended before: nothing to tell them.
		expect(await kinds(gone, later)).toEqual([]);
		expect(await kinds(leaving, later)).toEqual([]);

		expect(await markCourseNoticesSeen(db, seated, course.id, later)).toEqual({ ok: true });
		expect(await kinds(seated, later)).toEqual([]);
		expect(await kinds(seated, new Date(later.getTime() + 30 * DAY))).toEqual([]);
		// The others have not said so yet.
		expect(await kinds(offered, later)).toEqual([['cancelled', course.id]]);
		expect(courseNoticeLines(await listCourseNotices(db, offered, later), 'en')).toEqual([
			{
				key: `cancelled:${course.id}`,
				courseId: course.id,
				kind: 'cancelled',
				text: 'Start your business has been cancelled',
				dismissible: true
			}
		]);
	});

	it('is told to a member who gives up the place after the cancellation, until seen', async () => {
		const start = fakeClock()();
		const course = await createTestCourse(db, start);
		const member = await enrolled(course.id, start);
		await cancelCourse(db, course.coordinator, course.id, new Date(start.getTime() + HOUR));
		const after = new Date(start.getTime() + 2 * HOUR);
		expect(await withdraw(db, member, course.id, after)).toEqual({ ok: true });
		expect(await kinds(member, after)).toEqual([['cancelled', course.id]]);
		await markCourseNoticesSeen(db, member, course.id, after);
		expect(await kinds(member, after)).toEqual([]);
	});
});

describe('a changed course', () => {
	/** The course's details with its sessions moved one day later. */
	const movedInput = (now: Date, overrides: Partial<CourseInput> = {}) =>
		courseInput(now, {
			sessions: [
				{ date: dayFrom(now, 11), start: '09:00', end: '12:00' },
				{ date: dayFrom(now, 12), start: '09:00', end: '12:00' }
			],
			...overrides
		});

	it('is told to active places taken before the change, until seen; a new change again', async () => {
		const start = fakeClock()();
		const course = await createTestCourse(db, start, { capacity: 1 });
		const seated = await enrolled(course.id, start);
		const waiting = await enrolled(course.id, start, 'waitlisted');
		const gone = await enrolled(course.id, start, 'waitlisted');
		await withdraw(db, gone, course.id, start);

		// A new title is not news to members.
		const renamed = new Date(start.getTime() + HOUR);
		expect(
			await updateCourse(
				db,
				course.coordinator,
				course.id,
				courseInput(start, { title: 'Start a business', capacity: 1 }),
				renamed
			)
		).toEqual({ ok: true });
		expect(await kinds(seated, renamed)).toEqual([]);

		const moved = new Date(start.getTime() + 2 * HOUR);
		expect(
			await updateCourse(
				db,
				course.coordinator,
				course.id,
				movedInput(start, { title: 'Start a business', capacity: 1 }),
				moved
			)
		).toEqual({ ok: true });
		const later = new Date(moved.getTime() + HOUR);
		expect(await kinds(seated, later)).toEqual([['changed', course.id]]);
		expect(await kinds(waiting, later)).toEqual([['changed', course.id]]);
		expect(await kinds(gone, later)).toEqual([]);
		expect(courseNoticeLines(await listCourseNotices(db, seated, later), 'en')).toEqual([
			{
				key: `changed:${course.id}`,
				courseId: course.id,
				kind: 'changed',
				text: 'Start a business has changed: check the new dates and place',
				dismissible: true
			}
		]);

		await markCourseNoticesSeen(db, seated, course.id, later);
		expect(await kinds(seated, later)).toEqual([]);
		expect(await kinds(waiting, later)).toEqual([['changed', course.id]]);

		// Somewhere else now: told again, though they said they had seen the last change.
		const movedAgain = new Date(later.getTime() + HOUR);
		await updateCourse(
			db,
			course.coordinator,
			course.id,
			movedInput(start, { title: 'Start a business', capacity: 1, address: 'Market hall' }),
			movedAgain
		);
		expect(await kinds(seated, new Date(movedAgain.getTime() + MINUTE))).toEqual([
			['changed', course.id]
		]);
	});

	it('is not told to a member who took their place after the change', async () => {
		const start = fakeClock()();
		const course = await createTestCourse(db, start);
		const moved = new Date(start.getTime() + HOUR);
		await updateCourse(db, course.coordinator, course.id, movedInput(start), moved);
		const member = await enrolled(course.id, new Date(moved.getTime() + MINUTE));
		expect(await kinds(member, new Date(moved.getTime() + HOUR))).toEqual([]);
	});

	it('is not told for a draft that changes before it is published', async () => {
		const start = fakeClock()();
		const draft = await createTestCourse(db, start, {}, { publish: false });
		await updateCourse(db, draft.coordinator, draft.id, movedInput(start), start);
		const { changed_at } = await db
			.selectFrom('course')
			.select('changed_at')
			.where('id', '=', draft.id)
			.executeTakeFirstOrThrow();
		expect(changed_at).toBeNull();
	});
});

describe('whose notices', () => {
	it('a member of another course, or of none, sees nothing; someone signed out neither', async () => {
		const start = fakeClock()();
		const course = await createTestCourse(db, start);
		const other = await createTestCourse(db, start, { title: 'Another course' });
		const inCourse = await enrolled(course.id, start);
		const inOther = await enrolled(other.id, start);
		const inNone = await newMember(db);
		const cancelled = new Date(start.getTime() + HOUR);
		await cancelCourse(db, course.coordinator, course.id, cancelled);
		const later = new Date(cancelled.getTime() + MINUTE);
		expect(await kinds(inCourse, later)).toEqual([['cancelled', course.id]]);
		expect(await kinds(inOther, later)).toEqual([]);
		expect(await kinds(inNone, later)).toEqual([]);
		// Nor the coordinator who cancelled it: they had no place in it.
		expect(await kinds(course.coordinator, later)).toEqual([]);
		expect(await listCourseNotices(db, ANONYMOUS, later)).toEqual([]);
	});

	it('dismissing works only for a course of the member own: any other is a 404 that changes nothing', async () => {
		const start = fakeClock()();
		const course = await createTestCourse(db, start);
		const other = await createTestCourse(db, start);
		const member = await enrolled(course.id, start);
		const outsider = await enrolled(other.id, start);
		const cancelled = new Date(start.getTime() + HOUR);
		await cancelCourse(db, course.coordinator, course.id, cancelled);
		await cancelCourse(db, other.coordinator, other.id, cancelled);
		const later = new Date(cancelled.getTime() + MINUTE);

		// The outsider has no place in the member's course.
		await expect(markCourseNoticesSeen(db, outsider, course.id, later)).rejects.toMatchObject({
			status: 404
		});
		// Nor has the coordinator who cancelled it.
		await expect(
			markCourseNoticesSeen(db, course.coordinator, course.id, later)
		).rejects.toMatchObject({ status: 404 });
		for (const id of ['not-an-id', '00000000-0000-4000-8000-000000000000']) {
			await expect(markCourseNoticesSeen(db, member, id, later)).rejects.toMatchObject({
				status: 404
			});
		}
		await expect(markCourseNoticesSeen(db, ANONYMOUS, course.id, later)).rejects.toMatchObject({
			status: 404
		});
		expect(await kinds(member, later)).toEqual([['cancelled', course.id]]);
		expect(await kinds(outsider, later)).toEqual([['cancelled', other.id]]);
		const seen = await db
			.selectFrom('course_enrolment')
			.select('notices_seen_at')
			.where('course_id', 'in', [course.id, other.id])
			.execute();
		expect(seen.map((row) => row.notices_seen_at)).toEqual([null, null]);

		// Their own course: only that one is dismissed.
		await markCourseNoticesSeen(db, outsider, other.id, later);
		expect(await kinds(outsider, later)).toEqual([]);
		expect(await kinds(member, later)).toEqual([['cancelled', course.id]]);
	});

	it('a draft the member cannot see is a 404', async () => {
		const start = fakeClock()();
		const draft = await createTestCourse(db, start, {}, { publish: false });
		const member = await newMember(db);
		await expect(markCourseNoticesSeen(db, member, draft.id, start)).rejects.toMatchObject({
			status: 404
		});
	});
});

describe('the cost', () => {
	it('is one statement, however many courses and notices', async () => {
		const start = fakeClock()();
		const member = await newMember(db);
		const courses = [];
		for (const title of ['One', 'Two', 'Three']) {
			const course = await createTestCourse(db, start, { title });
			expect(await enrol(db, member, course.id, start)).toMatchObject({ ok: true });
			courses.push(course);
		}
		const moved = new Date(start.getTime() + HOUR);
		await cancelCourse(db, courses[0].coordinator, courses[0].id, moved);
		await updateCourse(
			db,
			courses[1].coordinator,
			courses[1].id,
			courseInput(start, {
				title: 'Two',
				sessions: [{ date: dayFrom(start, 12), start: '10:00', end: '12:00' }]
			}),
			moved
		);
		const [session] = await sessionStarts(courses[2].id);

		const { db: logged, statements } = loggingQueries(db);
		const notices: CourseNotice[] = await listCourseNotices(
			logged,
			member,
			new Date(session.getTime() - 3 * HOUR)
		);
		expect(statements).toEqual(['SelectQueryNode']);
		expect(notices.map((n) => [n.kind, n.title])).toEqual([
			['meets', 'Three'],
			['cancelled', 'One'],
			['changed', 'Two']
		]);
	});
});

describe('after the course', () => {
	it('asks for a rating for a month after the last session, then, to those who completed it, whether it helped', async () => {
		const clock = fakeClock();
		const input = courseInput(clock());
		const course = await createTestCourse(db, clock(), { sessions: [input.sessions[0]] });
		const came = await enrolled(course.id, clock());
		const missed = await enrolled(course.id, clock());
		const [session] = await db
			.selectFrom('course_session')
			.select('id')
			.where('course_id', '=', course.id)
			.execute();
		const [place] = await db
			.selectFrom('course_enrolment')
			.select('id')
			.where('account_id', '=', came.id)
			.execute();
		await markAttendance(
			db,
			course.coordinator,
			course.id,
			session.id,
			{ [place.id]: 'present' },
			clock()
		);

		clock.advance(11 * DAY);
		expect(await kinds(came, clock())).toEqual([['rate', course.id]]);
		expect(await kinds(missed, clock())).toEqual([['rate', course.id]]);
		await giveFeedback(
			db,
			came,
			course.id,
			{ useful: 5, understandable: 4, fittedTime: 3, recommend: 5 },
			clock()
		);
		expect(await kinds(came, clock())).toEqual([]);
		clock.advance(30 * DAY);
		expect(await kinds(missed, clock())).toEqual([]);

		clock.advance(60 * DAY);
		const notices = await listCourseNotices(db, came, clock());
		expect(notices).toEqual([
			{ kind: 'follow_up', courseId: course.id, title: 'Start your business', afterMonths: 3 }
		]);
		expect(courseNoticeLines(notices, 'en')[0].text).toContain('Start your business');
		// Only to someone who completed it.
		expect(await kinds(missed, clock())).toEqual([]);
		await answerFollowUp(db, came, course.id, { afterMonths: 3, declined: true }, clock());
		expect(await kinds(came, clock())).toEqual([]);
		clock.advance(280 * DAY);
		expect((await listCourseNotices(db, came, clock()))[0]).toMatchObject({
			kind: 'follow_up',
			afterMonths: 12
		});
	});
});
