import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock, DAY } from '../../../../tests/helpers/clock';
import { createTestCourse, dayFrom, newMember } from '../../../../tests/helpers/courses';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { exportOwnData } from '../accounts/own-data';
import type { DB } from '../db/schema';
import { jsonDownload } from '../json-download';
import { enrol as enrolIn, removeEnrolment, withdraw } from './enrolment';
import { exportOwnCourseData } from './own-data';
import { nameTrainer } from './trainers';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

/** Enrols, and fails the test at once when the place was refused. */
async function enrol(...args: Parameters<typeof enrolIn>) {
	const result = await enrolIn(...args);
	if (!result.ok) throw new Error(`not enrolled: ${JSON.stringify(result)}`);
	return result;
}

/** A course's title no other test file uses, so that a row can be told apart from others'. */
const title = (what: string) => `${what} ${crypto.randomUUID().slice(0, 8)}`;

describe('the courses part of "download my data"', () => {
	it('holds each of my places, where I stand, the name I used there, and the courses I train', async () => {
		const clock = fakeClock();
		const me = await newMember(db);
		const peer = await newMember(db);
		const other = await newMember(db);

		// Enrolled, beside a peer.
		const seated = await createTestCourse(db, clock(), {
			title: title('Seated'),
			provider: 'Chiang Rai skills centre',
			sessions: [
				{ date: dayFrom(clock(), 10), start: '09:00', end: '12:00' },
				{ date: dayFrom(clock(), 12), start: '13:00', end: '16:00' },
				{ date: dayFrom(clock(), 11), start: '09:00', end: '12:00' }
			]
		});
		await enrol(db, peer, seated.id, clock(), { name: 'PeonyOfPeer' });
		clock.advance(60_000);
		const enrolledAt = clock();
		await enrol(db, me, seated.id, enrolledAt, { name: 'Lotus' });
		// Waiting behind a peer who holds the only seat.
		const full = await createTestCourse(db, clock(), { title: title('Full'), capacity: 1 });
		await enrol(db, peer, full.id, clock(), { name: 'PeonyOfPeer' });
		clock.advance(60_000);
		await enrol(db, me, full.id, clock(), { name: 'Lotus' });
		await enrol(db, other, full.id, clock(), { name: 'OrchidOfOther' });
		// Offered a seat when the one who held it left.
		const offered = await createTestCourse(db, clock(), { title: title('Offered'), capacity: 1 });
		await enrol(db, other, offered.id, clock());
		clock.advance(60_000);
		await enrol(db, me, offered.id, clock(), { name: 'LittleLotus' });
		const offeredAt = clock();
		await withdraw(db, other, offered.id, offeredAt);
		// Withdrawn by myself, and removed by staff.
		const left = await createTestCourse(db, clock(), { title: title('Left') });
		clock.advance(60_000);
		await enrol(db, me, left.id, clock(), { name: 'Lotus' });
		const leftAt = clock();
		await withdraw(db, me, left.id, leftAt);
		const removed = await createTestCourse(db, clock(), { title: title('Removed') });
		clock.advance(60_000);
		await enrol(db, me, removed.id, clock(), { name: 'Lotus' });
		const { id: myPlace } = await db
			.selectFrom('course_enrolment')
			.select('id')
			.where('course_id', '=', removed.id)
			.where('account_id', '=', me.id)
			.executeTakeFirstOrThrow();
		await removeEnrolment(db, removed.coordinator, removed.id, myPlace, clock());
		// One I train, and one the peer trains.
		const trained = await createTestCourse(db, clock(), { title: title('Trained') });
		await nameTrainer(db, trained.coordinator, trained.id, { pseudonym: me.pseudonym }, clock());
		const theirs = await createTestCourse(db, clock(), { title: title('Theirs') });
		await nameTrainer(db, theirs.coordinator, theirs.id, { pseudonym: peer.pseudonym }, clock());
		// A course I never asked for a place in.
		const elsewhere = await createTestCourse(db, clock(), { title: title('Elsewhere') });
		await enrol(db, peer, elsewhere.id, clock(), { name: 'PeonyOfPeer' });

		const courseTitle = async (id: string) =>
			(await db.selectFrom('course').select('title').where('id', '=', id).executeTakeFirstOrThrow())
				.title;
		const data = await exportOwnCourseData(db, me);
		const bangkok = (date: string, time: string) => new Date(`${date}T${time}:00+07:00`);
		expect(data.courses).toEqual([
			{
				course: await courseTitle(seated.id),
				provider: 'Chiang Rai skills centre',
				first_session_at: bangkok(dayFrom(enrolledAt, 10), '09:00'),
				last_session_at: bangkok(dayFrom(enrolledAt, 12), '13:00'),
				status: 'enrolled',
				display_name: 'Lotus',
				created_at: enrolledAt,
				enrolled_at: enrolledAt,
				offer_expires_at: null,
				ended_at: null,
				ended_reason: null
			},
			expect.objectContaining({
				course: await courseTitle(full.id),
				status: 'waitlisted',
				display_name: 'Lotus',
				enrolled_at: null
			}),
			expect.objectContaining({
				course: await courseTitle(offered.id),
				status: 'offered',
				display_name: 'LittleLotus',
				offer_expires_at: new Date(offeredAt.getTime() + 2 * DAY)
			}),
			expect.objectContaining({
				course: await courseTitle(left.id),
				status: 'withdrawn',
				ended_reason: 'withdrew',
				ended_at: leftAt
			}),
			expect.objectContaining({
				course: await courseTitle(removed.id),
				status: 'removed',
				ended_reason: 'removed'
			})
		]);
		expect(data.coursesTrained).toEqual([
			{
				course: await courseTitle(trained.id),
				provider: 'Provider organisation',
				state: 'published',
				first_session_at: bangkok(dayFrom(clock(), 10), '09:00'),
				last_session_at: bangkok(dayFrom(clock(), 11), '09:00'),
				created_at: clock()
			}
		]);

		// In the download as a whole, as the file is written: mine, and nothing of anyone else.
		const file = await jsonDownload(await exportOwnData(db, me), 'my-data.json').json();
		expect(file.courses).toHaveLength(5);
		expect(file.courses[0]).toMatchObject({
			display_name: 'Lotus',
			status: 'enrolled',
			created_at: enrolledAt.toISOString()
		});
		expect(file.coursesTrained).toHaveLength(1);
		const text = JSON.stringify(file);
		for (const foreign of [
			'PeonyOfPeer',
			'OrchidOfOther',
			peer.pseudonym,
			other.pseudonym,
			peer.id,
			other.id,
			me.id,
			myPlace,
			await courseTitle(theirs.id),
			await courseTitle(elsewhere.id)
		])
			expect(text).not.toContain(foreign);

		// And the peer's holds none of mine.
		const peers = JSON.stringify(
			await jsonDownload(await exportOwnData(db, peer), 'my-data.json').json()
		);
		expect(peers).toContain('PeonyOfPeer');
		expect(peers).not.toContain('Lotus');
		expect(peers).not.toContain(await courseTitle(trained.id));
	});

	it('is empty for someone who never came near a course', async () => {
		const me = await newMember(db);
		expect(await exportOwnCourseData(db, me)).toEqual({ courses: [], coursesTrained: [] });
	});
});
