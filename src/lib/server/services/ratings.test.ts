import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, fakeClock } from '../../../../tests/helpers/clock';
import { newMember } from '../../../../tests/helpers/courses';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createProvider, createService } from '../../../../tests/helpers/service-feedback';
import type { AccountActor } from '../access/actor';
import type { DB } from '../db/schema';
import { ownRating, rateService, withdrawRating } from './ratings';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

const notFound = expect.objectContaining({ status: 404 });

const answers = (respect = '4', extra: Record<string, string> = {}) => ({
	respect,
	helped: '3',
	safe: '5',
	reach: '2',
	used: 'yes',
	...extra
});

const ratingsOf = (serviceId: string) =>
	db.selectFrom('service_rating').selectAll().where('service_id', '=', serviceId).execute();

const changesOf = async (serviceId: string) =>
	(
		await db
			.selectFrom('service')
			.select('rating_changes')
			.where('id', '=', serviceId)
			.executeTakeFirstOrThrow()
	).rating_changes;

describe('rateService', () => {
	it('keeps the answers, the language and country, and a comment waiting for a coordinator', async () => {
		const clock = fakeClock();
		const service = await createService(db);
		const member = await newMember(db);
		await db.updateTable('account').set({ country: 'MM' }).where('id', '=', member.id).execute();
		const result = await rateService(
			db,
			member,
			service.id,
			answers('4', { comment: '  Kind people  ' }),
			'th',
			clock
		);
		expect(result).toEqual({ ok: true, changed: true });
		const [row] = await ratingsOf(service.id);
		expect(row).toMatchObject({
			account_id: member.id,
			respect: 4,
			helped: 3,
			safe: 5,
			reach: 2,
			language: 'th',
			country: 'MM',
			comment: 'Kind people',
			comment_state: 'pending',
			rated_at: clock()
		});
		expect(await changesOf(service.id)).toBe(1);
	});

	it("takes the language's country when the account has none", async () => {
		const service = await createService(db);
		const member = await newMember(db);
		await rateService(db, member, service.id, answers(), 'km', fakeClock());
		const [row] = await ratingsOf(service.id);
		expect(row).toMatchObject({
			language: 'km',
			country: 'KH',
			comment: null,
			comment_state: null
		});
	});

	it('changes the same rating within 90 days, and adds a new one after', async () => {
		const clock = fakeClock();
		const service = await createService(db);
		const member = await newMember(db);
		await rateService(db, member, service.id, answers('2', { comment: 'Slow' }), 'en', clock);
		await db
			.updateTable('service_rating')
			.set({ comment_state: 'approved' })
			.where('service_id', '=', service.id)
			.execute();

		clock.advance(89 * DAY);
		await rateService(db, member, service.id, answers('3', { comment: 'Slow' }), 'en', clock);
		let rows = await ratingsOf(service.id);
		expect(rows).toHaveLength(1);
		// The same comment keeps its approval; the rating moved to now.
		expect(rows[0]).toMatchObject({ respect: 3, comment_state: 'approved', rated_at: clock() });

		clock.advance(DAY);
		await rateService(db, member, service.id, answers('5', { comment: 'Faster now' }), 'en', clock);
		rows = await ratingsOf(service.id);
		expect(rows).toHaveLength(1);
		// A changed comment is read again.
		expect(rows[0]).toMatchObject({ respect: 5, comment: 'Faster now', comment_state: 'pending' });

		clock.advance(90 * DAY);
		await rateService(db, member, service.id, answers('1'), 'en', clock);
		rows = await ratingsOf(service.id);
		expect(rows).toHaveLength(2);
		expect(await ownRating(db, member, service.id)).toEqual({
			respect: 1,
			helped: 3,
			safe: 5,
			reach: 2,
			comment: null,
			commentState: null
		});
		expect(await changesOf(service.id)).toBe(4);
	});

	it('does not count the same answers sent again as a change', async () => {
		const clock = fakeClock();
		const service = await createService(db);
		const member = await newMember(db);
		await rateService(db, member, service.id, answers(), 'en', clock);
		expect(await rateService(db, member, service.id, answers(), 'en', clock)).toEqual({
			ok: true,
			changed: false
		});
		expect(await changesOf(service.id)).toBe(1);
	});

	it('refuses bad input with a message beside the field, and changes nothing', async () => {
		const clock = fakeClock();
		const service = await createService(db);
		const member = await newMember(db);
		const bad: Array<[Record<string, unknown>, string]> = [
			[{ ...answers(), used: undefined }, 'used'],
			[{ ...answers(), used: 'no' }, 'used'],
			[answers('0'), 'respect'],
			[answers('6'), 'respect'],
			[answers('4.5'), 'respect'],
			[{ ...answers(), helped: '' }, 'helped'],
			[{ ...answers(), safe: undefined }, 'safe'],
			[answers('4', { comment: 'x'.repeat(1001) }), 'comment'],
			[answers('4', { comment: 'bad\u0000' }), 'comment']
		];
		for (const [input, field] of bad) {
			const result = await rateService(db, member, service.id, input, 'en', clock);
			expect(result.ok).toBe(false);
			if (!result.ok) expect(result.errors[field as keyof typeof result.errors]).toBeTruthy();
		}
		expect(await ratingsOf(service.id)).toEqual([]);
		expect(await changesOf(service.id)).toBe(0);
		// The longest comment allowed goes in.
		const longest = answers('4', { comment: '\u0e01'.repeat(1000) });
		expect((await rateService(db, member, service.id, longest, 'en', clock)).ok).toBe(true);
	});

	it("refuses a provider's own staff, an archived service and an unknown one", async () => {
		const clock = fakeClock();
		const service = await createService(db);
		const provider = await createProvider(db, service.id);
		await expect(
			rateService(db, provider.actor, service.id, answers(), 'en', clock)
		).rejects.toEqual(notFound);
		const archived = await createService(db, { archived: true });
		const member = await newMember(db);
		await expect(rateService(db, member, archived.id, answers(), 'en', clock)).rejects.toEqual(
			notFound
		);
		await expect(
			rateService(db, member, crypto.randomUUID(), answers(), 'en', clock)
		).rejects.toEqual(notFound);
		expect(await ratingsOf(service.id)).toEqual([]);
		expect(await ratingsOf(archived.id)).toEqual([]);
		// Another service of the directory they may rate like anyone.
		const other = await createService(db);
		expect((await rateService(db, provider.actor, other.id, answers(), 'en', clock)).ok).toBe(true);
	});

	it('makes one rating of many sent at once by one member', async () => {
		const clock = fakeClock();
		const service = await createService(db);
		const members = [await newMember(db), await newMember(db), await newMember(db)];
		const results = await Promise.all(
			members.flatMap((member) =>
				['1', '2', '3', '4', '5'].map((respect) =>
					rateService(db, member, service.id, answers(respect), 'en', clock)
				)
			)
		);
		expect(results.every((result) => result.ok)).toBe(true);
		const rows = await ratingsOf(service.id);
		expect(rows.map((row) => row.account_id).sort()).toEqual(
			members.map((member) => member.id).sort()
		);
		expect(await changesOf(service.id)).toBe(15);
	});
});

describe('withdrawRating and ownRating', () => {
	it('withdraws every rating of the member, and counts it as a change', async () => {
		const clock = fakeClock();
		const service = await createService(db);
		const member = await newMember(db);
		const other = await newMember(db);
		await rateService(db, member, service.id, answers('2'), 'en', clock);
		clock.advance(100 * DAY);
		await rateService(db, member, service.id, answers('4', { comment: 'Good' }), 'en', clock);
		await rateService(db, other, service.id, answers('5'), 'en', clock);

		expect(await withdrawRating(db, member, service.id, clock)).toBe(true);
		expect(await ownRating(db, member, service.id)).toBeNull();
		const rows = await ratingsOf(service.id);
		expect(rows.map((row) => row.account_id)).toEqual([other.id]);
		expect(await changesOf(service.id)).toBe(4);
		expect(await withdrawRating(db, member, service.id, clock)).toBe(false);
		expect(await changesOf(service.id)).toBe(4);
	});

	it('shows each member their own rating only, without an id or a date', async () => {
		const clock = fakeClock();
		const service = await createService(db);
		const rater = await newMember(db);
		const someoneElse: AccountActor = await newMember(db);
		await rateService(db, rater, service.id, answers('4', { comment: 'Fine' }), 'en', clock);
		const own = await ownRating(db, rater, service.id);
		expect(Object.keys(own!).sort()).toEqual(
			['comment', 'commentState', 'helped', 'reach', 'respect', 'safe'].sort()
		);
		expect(await ownRating(db, someoneElse, service.id)).toBeNull();
	});
});
