import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, fakeClock } from '../../../../tests/helpers/clock';
import { newMember } from '../../../../tests/helpers/courses';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createService } from '../../../../tests/helpers/service-feedback';
import type { AccountActor } from '../access/actor';
import type { Country, DB } from '../db/schema';
import { figuresFor, publishDueScores, publishIfDue } from './publication';
import { rateService, withdrawRating } from './ratings';
import type { PublishedFigures } from './score-figures';
import { serviceScoresView } from './scores-view';

let db: Kysely<DB>;
let viewer: AccountActor;
beforeAll(async () => {
	db = await openTestDatabase();
	viewer = await newMember(db);
});
afterAll(async () => {
	await db.destroy();
});

const answers = (respect: number, extra: Record<string, string> = {}) => ({
	respect: String(respect),
	helped: '3',
	safe: '4',
	reach: '2',
	used: 'yes',
	...extra
});

/** A new member who rates the service, in a language and from a country. */
async function rateAs(
	serviceId: string,
	clock: () => Date,
	options: { respect?: number; language?: string; country?: Country } = {}
) {
	const member = await newMember(db);
	if (options.country) {
		await db
			.updateTable('account')
			.set({ country: options.country })
			.where('id', '=', member.id)
			.execute();
	}
	await rateService(
		db,
		member,
		serviceId,
		answers(options.respect ?? 4),
		options.language ?? 'en',
		clock
	);
	return member;
}

const publications = (serviceId: string) =>
	db
		.selectFrom('service_score')
		.selectAll()
		.where('service_id', '=', serviceId)
		.orderBy('published_at')
		.execute();

const shownAll = async (serviceId: string) =>
	(await serviceScoresView(db, viewer, serviceId, {})).figures;

describe('publishing scores', () => {
	it('shows nothing with 4 raters, and scores once a 5th rated', async () => {
		const clock = fakeClock();
		const service = await createService(db);
		for (const respect of [5, 4, 4, 4]) await rateAs(service.id, clock, { respect });
		expect(await publications(service.id)).toEqual([]);
		expect(await serviceScoresView(db, viewer, service.id, {})).toEqual({
			figures: null,
			published: false,
			filter: {},
			languages: [],
			countries: []
		});
		// Housekeeping finds nothing due either.
		await publishDueScores(db, clock);
		expect(await publications(service.id)).toEqual([]);

		await rateAs(service.id, clock, { respect: 4 });
		expect(await publications(service.id)).toHaveLength(1);
		expect(await shownAll(service.id)).toEqual({
			band: '5-9',
			respect: 4.2,
			helped: 3,
			safe: 4,
			reach: 2
		});
	});

	it('counts each rater once, with their latest rating, and an unlinked rating as its own', async () => {
		const clock = fakeClock();
		const service = await createService(db);
		const twice = await rateAs(service.id, clock, { respect: 1 });
		clock.advance(100 * DAY);
		await rateService(db, twice, service.id, answers(5), 'en', clock);
		const leaving = await rateAs(service.id, clock);
		await rateAs(service.id, clock);
		await rateAs(service.id, clock);
		// Five rows, four raters.
		expect(await publications(service.id)).toEqual([]);
		// A member who deleted their account leaves their rating behind, unlinked.
		await db.deleteFrom('account').where('id', '=', leaving.id).execute();
		await rateAs(service.id, clock);
		const [first] = await publications(service.id);
		expect(first.raters).toBe(5);
		expect(await shownAll(service.id)).toMatchObject({ respect: 4.2 });
	});

	it('republishes at most once a week, and only after 5 new ratings', async () => {
		const clock = fakeClock();
		const service = await createService(db);
		for (let i = 0; i < 5; i++) await rateAs(service.id, clock, { respect: 5 });
		expect(await shownAll(service.id)).toMatchObject({ respect: 5 });

		// A week later, four new ratings: still the first figures.
		clock.advance(8 * DAY);
		for (let i = 0; i < 4; i++) await rateAs(service.id, clock, { respect: 1 });
		await publishDueScores(db, clock);
		expect(await publications(service.id)).toHaveLength(1);
		expect(await shownAll(service.id)).toMatchObject({ respect: 5, band: '5-9' });

		// The fifth: published at once, the week being over.
		await rateAs(service.id, clock, { respect: 1 });
		expect(await publications(service.id)).toHaveLength(2);
		expect(await shownAll(service.id)).toMatchObject({ respect: 3, band: '10-19' });

		// Five more the next day: they wait for the week to end.
		clock.advance(DAY);
		for (let i = 0; i < 5; i++) await rateAs(service.id, clock, { respect: 1 });
		await publishDueScores(db, clock);
		expect(await shownAll(service.id)).toMatchObject({ respect: 3 });
		clock.advance(5 * DAY);
		await publishDueScores(db, clock);
		expect(await shownAll(service.id)).toMatchObject({ respect: 3 });
		clock.advance(DAY);
		expect(await publishDueScores(db, clock)).toBeGreaterThanOrEqual(1);
		expect(await shownAll(service.id)).toMatchObject({ respect: 2.3, band: '10-19' });
		expect(await publishIfDue(db, service.id, clock)).toBe(false);
		expect(await publications(service.id)).toHaveLength(3);
	});

	it('withdraws the scores at the next due publication once raters fell below 5', async () => {
		const clock = fakeClock();
		const service = await createService(db);
		const raters: AccountActor[] = [];
		for (let i = 0; i < 5; i++) raters.push(await rateAs(service.id, clock));
		for (const rater of raters.slice(0, 4)) await withdrawRating(db, rater, service.id, clock);
		// Not due yet (no week): the scores stay as published.
		expect(await shownAll(service.id)).not.toBeNull();
		clock.advance(7 * DAY);
		// Four withdrawals are not five changes.
		await publishDueScores(db, clock);
		expect(await shownAll(service.id)).not.toBeNull();
		const back = await rateAs(service.id, clock);
		expect(await serviceScoresView(db, viewer, service.id, {})).toMatchObject({
			figures: null,
			published: false
		});
		const latest = (await publications(service.id)).at(-1)!;
		expect(latest.figures).toEqual({ withheld: true });
		// Below 5 again: nothing more to withhold, however many changes and weeks follow.
		await withdrawRating(db, back, service.id, clock);
		clock.advance(8 * DAY);
		for (const rater of raters.slice(0, 3)) {
			await rateService(db, rater, service.id, answers(3), 'en', clock);
		}
		await publishDueScores(db, clock);
		expect(await publications(service.id)).toHaveLength(2);
		// Back to 5 raters, a week and 5 changes after the last publication: scores again.
		await rateService(db, raters[3], service.id, answers(3), 'en', clock);
		expect(await publications(service.id)).toHaveLength(3);
		expect(await shownAll(service.id)).toMatchObject({ band: '5-9', respect: 3.2 });
	});

	it('shows a filter group only with 5 raters, and never one by difference', async () => {
		const clock = fakeClock();
		const service = await createService(db);
		for (let i = 0; i < 7; i++) await rateAs(service.id, clock, { language: 'th', respect: 5 });
		for (let i = 0; i < 5; i++) await rateAs(service.id, clock, { language: 'km', respect: 1 });
		await rateAs(service.id, clock, { language: 'en', respect: 3, country: 'TH' });
		// Published at the fifth rater: 5 Thai speakers, nothing else yet.
		clock.advance(7 * DAY);
		await publishDueScores(db, clock);
		const [, latest] = await publications(service.id);
		const figures = latest.figures as unknown as PublishedFigures;
		// Thai speakers (7) shown beside everyone in Thailand (8) would give the one English rater
		// there by difference: the smaller group, Thai, is not shown; Khmer (5) leaves 8 out.
		expect(Object.keys(figures.language)).toEqual(['km']);
		expect(figures.language.km).toMatchObject({ band: '5-9', respect: 1 });
		// By country: 8 in Thailand (the English rater too) and 5 in Cambodia leave no one out.
		expect(Object.keys(figures.country).sort()).toEqual(['KH', 'TH']);
		expect(figures.country.KH).toMatchObject({ respect: 1 });
		expect(figures.all).toMatchObject({ band: '10-19', respect: 3.3 });

		const view = await serviceScoresView(db, viewer, service.id, { language: 'th' });
		expect(view).toMatchObject({ languages: ['km'], countries: ['KH', 'TH'], filter: {} });
		expect(view.figures).toMatchObject({ band: '10-19' });
		expect(
			(await serviceScoresView(db, viewer, service.id, { language: 'km', country: 'KH' })).figures
		).toBeNull();
		expect(
			(await serviceScoresView(db, viewer, service.id, { country: 'KH' })).figures
		).toMatchObject({ respect: 1 });
	});

	it('drops the smallest groups until those left out are none or 5', () => {
		const rows = (language: string, count: number) =>
			Array.from({ length: count }, () => ({
				respect: 4,
				helped: 4,
				safe: 4,
				reach: 4,
				language,
				country: 'TH' as Country
			}));
		const groups = (...sets: Array<[string, number]>) =>
			Object.keys(figuresFor(sets.flatMap(([language, count]) => rows(language, count)))!.language);
		expect(groups(['th', 5], ['km', 5], ['lo', 5], ['en', 3])).toEqual(['km', 'lo']);
		expect(groups(['th', 9], ['km', 4])).toEqual([]);
		expect(groups(['th', 9], ['km', 5])).toEqual(['th', 'km']);
		expect(groups(['th', 6], ['km', 2], ['lo', 3])).toEqual(['th']);
		expect(groups(['th', 4], ['km', 1])).toEqual([]);
		expect(figuresFor(rows('th', 4))).toBeNull();
	});

	it('never shows a language group beside a country group a few raters apart', () => {
		const rows = (language: string, country: Country, count: number) =>
			Array.from({ length: count }, () => ({
				respect: 4,
				helped: 4,
				safe: 4,
				reach: 4,
				language,
				country
			}));
		const shown = (...sets: Array<[string, Country, number]>) => {
			const figures = figuresFor(sets.flatMap(([l, c, n]) => rows(l, c, n)))!;
			return [...Object.keys(figures.language), ...Object.keys(figures.country)].sort();
		};
		// Lao speakers in Laos and Thailand: "Lao" minus "Laos" would be the 2 in Thailand, and
		// "Thailand" minus "Thai" the same 2; the smaller of each pair is not shown.
		expect(shown(['lo', 'LA', 6], ['lo', 'TH', 2], ['th', 'TH', 6])).toEqual(['TH', 'lo']);
		// The same groups 5 apart may both be shown.
		expect(shown(['lo', 'LA', 6], ['lo', 'TH', 5], ['th', 'TH', 6])).toEqual([
			'LA',
			'TH',
			'lo',
			'th'
		]);
		// One language in one country: the same raters, nothing to take away.
		expect(shown(['km', 'KH', 5], ['vi', 'VN', 5])).toEqual(['KH', 'VN', 'km', 'vi']);
	});

	it('rounds to one decimal and never sends an id or a date', async () => {
		const clock = fakeClock();
		const service = await createService(db);
		const raters: AccountActor[] = [];
		for (const respect of [5, 5, 4, 4, 4]) {
			raters.push(await rateAs(service.id, clock, { respect }));
		}
		const view = await serviceScoresView(db, viewer, service.id, {});
		expect(view.figures).toMatchObject({ respect: 4.4 });
		const sixRaters = [5, 5, 4, 4, 4, 4].map((respect) => ({
			respect,
			helped: 1,
			safe: 2,
			reach: 2,
			language: 'en',
			country: 'TH' as Country
		}));
		expect(figuresFor(sixRaters)!.all).toEqual({
			band: '5-9',
			respect: 4.3,
			helped: 1,
			safe: 2,
			reach: 2
		});
		const json = JSON.stringify(view);
		for (const rater of raters) expect(json).not.toContain(rater.id);
		expect(json).not.toMatch(/\d{4}-\d{2}-\d{2}/);
		expect(json).not.toContain(service.id);
	});
});
