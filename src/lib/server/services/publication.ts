import type { Kysely } from 'kysely';
import type { Clock } from '../clock';
import { inTransaction } from '../db/transaction';
import type { Country, DB } from '../db/schema';
import {
	MIN_RATERS,
	RATING_DIMENSIONS,
	ratersBand,
	type Figures,
	type PublishedFigures,
	type StoredFigures
} from './score-figures';

/*
 * When a service's scores are published, and what they may show. None of these rules can be
 * switched off: there is no setting for them.
 *
 * - The first publication waits for MIN_RATERS different raters. Each rater counts once, with
 *   their most recent rating; a rating whose rater deleted their account counts as its own rater.
 * - After that, a new publication needs both a week since the last and MIN_RATERS ratings given,
 *   changed or withdrawn since (service.rating_changes): a step of one rating would reveal it.
 * - If the raters fell below MIN_RATERS, the next due publication shows nothing (a row whose
 *   figures say withheld): it keeps its place in the timeline, so scores come back only under
 *   the same rule.
 * - A filter group (one language, one country) is published only with MIN_RATERS raters, and
 *   only if the raters of the groups left out of its dimension add up to none or MIN_RATERS:
 *   otherwise "everyone" minus the groups shown would be a small group by difference. Nor is a
 *   language group shown beside a country group that has a few raters more or fewer than it.
 */

export const REPUBLISH_AFTER_MS = 7 * 24 * 60 * 60_000;

type RatingRow = Record<(typeof RATING_DIMENSIONS)[number], number> & {
	language: string;
	country: Country;
};

const round1 = (value: number) => Math.round(value * 10) / 10;

function figuresOf(rows: RatingRow[]): Figures {
	const figures = { band: ratersBand(rows.length)! } as Figures;
	for (const dimension of RATING_DIMENSIONS) {
		figures[dimension] = round1(rows.reduce((sum, row) => sum + row[dimension], 0) / rows.length);
	}
	return figures;
}

/**
 * The groups of one dimension that may be shown: each with MIN_RATERS raters, none of those
 * `barred`, and the smallest dropped until those left out add up to none or at least MIN_RATERS.
 */
function publishableGroups(
	rows: RatingRow[],
	key: (row: RatingRow) => string,
	barred: ReadonlySet<string>
): Map<string, RatingRow[]> {
	const groups = new Map<string, RatingRow[]>();
	for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
	// Largest first; ties by name, so the same ratings always publish the same groups.
	const included = [...groups]
		.filter(([name, members]) => members.length >= MIN_RATERS && !barred.has(name))
		.sort(([a, x], [b, y]) => y.length - x.length || a.localeCompare(b));
	const leftOut = () =>
		rows.length - included.reduce((sum, [, members]) => sum + members.length, 0);
	while (included.length > 0 && leftOut() > 0 && leftOut() < MIN_RATERS) included.pop();
	return new Map(included);
}

/** Whether two groups differ by a few raters: one minus the other would be a small group. */
function differBySmallGroup(a: RatingRow[], b: RatingRow[]): boolean {
	const inB = new Set(b);
	const both = a.filter((row) => inB.has(row)).length;
	const small = (rest: number) => rest > 0 && rest < MIN_RATERS;
	return small(a.length - both) || small(b.length - both);
}

/**
 * The language and country groups that may be shown together. A language group and a country
 * group overlap (most Thai speakers are in Thailand): if either has a few raters the other lacks,
 * the smaller of the two is barred and both dimensions are worked out again.
 */
function publishableFilters(rows: RatingRow[]) {
	const barred = { language: new Set<string>(), country: new Set<string>() };
	for (;;) {
		const language = publishableGroups(rows, (row) => row.language, barred.language);
		const country = publishableGroups(rows, (row) => row.country, barred.country);
		const clash = [...language].flatMap(([l, ofLanguage]) =>
			[...country]
				.filter(([, ofCountry]) => differBySmallGroup(ofLanguage, ofCountry))
				.map(([c, ofCountry]) => ({ l, c, languageSmaller: ofLanguage.length <= ofCountry.length }))
		)[0];
		if (!clash) return { language, country };
		if (clash.languageSmaller) barred.language.add(clash.l);
		else barred.country.add(clash.c);
	}
}

const figuresOfGroups = (groups: Map<string, RatingRow[]>) =>
	Object.fromEntries([...groups].map(([name, members]) => [name, figuresOf(members)]));

/** The figures the ratings allow; null below MIN_RATERS. */
export function figuresFor(rows: RatingRow[]): PublishedFigures | null {
	if (rows.length < MIN_RATERS) return null;
	const { language, country } = publishableFilters(rows);
	return {
		all: figuresOf(rows),
		language: figuresOfGroups(language),
		country: figuresOfGroups(country) as PublishedFigures['country']
	};
}

/** Each rater's most recent rating of the service; unlinked ratings each on their own. */
async function currentRatings(db: Kysely<DB>, serviceId: string): Promise<RatingRow[]> {
	const rows = await db
		.selectFrom('service_rating')
		.select(['account_id', 'respect', 'helped', 'safe', 'reach', 'language', 'country'])
		.where('service_id', '=', serviceId)
		.orderBy('rated_at', 'desc')
		.orderBy('id')
		.execute();
	const seen = new Set<string>();
	return rows.filter((row) => {
		if (row.account_id === null) return true;
		if (seen.has(row.account_id)) return false;
		seen.add(row.account_id);
		return true;
	});
}

/**
 * Publishes the service's scores if the rules say a publication is due; returns whether a row was
 * written. Holds the service's row, so ratings and other publications wait for it.
 */
export async function publishIfDue(
	db: Kysely<DB>,
	serviceId: string,
	clock: Clock
): Promise<boolean> {
	return inTransaction(db, async (trx) => {
		const service = await trx
			.selectFrom('service')
			.select(['id', 'rating_changes'])
			.where('id', '=', serviceId)
			.forUpdate()
			.executeTakeFirst();
		if (!service) return false;
		const now = clock();
		const last = await trx
			.selectFrom('service_score')
			.select(['published_at', 'changes_seen', 'figures'])
			.where('service_id', '=', serviceId)
			.orderBy('published_at', 'desc')
			.limit(1)
			.executeTakeFirst();
		if (
			last &&
			(now.getTime() - last.published_at.getTime() < REPUBLISH_AFTER_MS ||
				service.rating_changes - last.changes_seen < MIN_RATERS)
		) {
			return false;
		}
		const rows = await currentRatings(trx, serviceId);
		const figures = figuresFor(rows);
		const lastWithheld = last ? 'withheld' in (last.figures as unknown as StoredFigures) : true;
		// Nothing shown before and nothing to show now: no row, and the next rating may publish.
		if (!figures && lastWithheld) return false;
		const stored: StoredFigures = figures ?? { withheld: true };
		await trx
			.insertInto('service_score')
			.values({
				service_id: serviceId,
				published_at: now,
				raters: rows.length,
				changes_seen: service.rating_changes,
				figures: JSON.stringify(stored)
			})
			.execute();
		return true;
	});
}

/** Housekeeping: publishes every service whose publication is due. */
export async function publishDueScores(db: Kysely<DB>, clock: Clock): Promise<number> {
	const services = await db
		.selectFrom('service')
		.select('id')
		.where((eb) =>
			eb.or([
				eb.exists(
					eb.selectFrom('service_rating').select('id').whereRef('service_id', '=', 'service.id')
				),
				eb.exists(
					eb.selectFrom('service_score').select('id').whereRef('service_id', '=', 'service.id')
				)
			])
		)
		.execute();
	let published = 0;
	for (const { id } of services) if (await publishIfDue(db, id, clock)) published += 1;
	return published;
}
