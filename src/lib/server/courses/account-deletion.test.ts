import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock } from '../../../../tests/helpers/clock';
import { createTestCourse, newMember } from '../../../../tests/helpers/courses';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { FACTORY_PASSPHRASE, fromAddress } from '../../../../tests/helpers/factories';
import { deleteOwnAccount } from '../accounts/own-account';
import type { DB } from '../db/schema';
import { enrol } from './enrolment';
import { myCourses } from './my-courses';
import { expireOffers } from './offer-expiry';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

describe('a member who held a seat deletes their account', () => {
	it('leaves no place behind, and the housekeeping round offers the seat to the first in line', async () => {
		const clock = fakeClock();
		const course = await createTestCourse(db, clock(), { capacity: 2 });
		const staying = await newMember(db);
		const leaving = await newMember(db);
		const first = await newMember(db);
		const second = await newMember(db);
		for (const [member, name] of [
			[staying, 'Bamboo'],
			[leaving, 'Willow'],
			[first, 'Jasmine'],
			[second, 'Orchid']
		] as const) {
			clock.advance(60_000);
			expect(await enrol(db, member, course.id, clock(), { name })).toMatchObject({ ok: true });
		}
		expect((await myCourses(db, first))[0]).toMatchObject({ status: 'waitlisted', place: 1 });

		expect(
			await deleteOwnAccount(
				db,
				leaving,
				{ passphrase: FACTORY_PASSPHRASE, words: 'erase' },
				fromAddress()
			)
		).toEqual({ ok: true });
		const places = () =>
			db
				.selectFrom('course_enrolment')
				.select(['account_id', 'display_name', 'status', 'offer_expires_at'])
				.where('course_id', '=', course.id)
				.orderBy('arrival')
				.execute();
		// Nothing of the deleted member is left in the course, not even the name they used there.
		expect((await places()).map((place) => place.display_name)).toEqual([
			'Bamboo',
			'Jasmine',
			'Orchid'
		]);

		clock.advance(60_000);
		const round = await expireOffers(db, clock());
		expect(round.offered).toBeGreaterThanOrEqual(1);
		expect(await places()).toEqual([
			{
				account_id: staying.id,
				display_name: 'Bamboo',
				status: 'enrolled',
				offer_expires_at: null
			},
			{
				account_id: first.id,
				display_name: 'Jasmine',
				status: 'offered',
				// The course's 48 hours to answer.
				offer_expires_at: new Date(clock().getTime() + 48 * 60 * 60_000)
			},
			{
				account_id: second.id,
				display_name: 'Orchid',
				status: 'waitlisted',
				offer_expires_at: null
			}
		]);
		expect((await myCourses(db, second))[0]).toMatchObject({ status: 'waitlisted', place: 1 });

		// The next round finds nothing more to give: the seat is offered once.
		await expireOffers(db, clock());
		expect((await places()).map((place) => place.status)).toEqual([
			'enrolled',
			'offered',
			'waitlisted'
		]);
	});
});
