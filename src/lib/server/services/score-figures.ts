import type { Country } from '../db/schema';

/*
 * What a publication of a service's scores holds (service_score.figures). Only what pages may
 * show: rounded averages and a band for how many rated, for all raters and for each filter group
 * the publishing rules allowed. Exact counts stay in service_score.raters, on the server.
 */

export const RATING_DIMENSIONS = ['respect', 'helped', 'safe', 'reach'] as const;
export type RatingDimension = (typeof RATING_DIMENSIONS)[number];

/** How many rated, never exactly: 5-9, 10-19, 20 or more. */
export type RatersBand = '5-9' | '10-19' | '20+';

/** Fewer raters than this and nothing is published (nor shown by a filter, nor by a difference). */
export const MIN_RATERS = 5;

export const ratersBand = (raters: number): RatersBand | null =>
	raters < MIN_RATERS ? null : raters < 10 ? '5-9' : raters < 20 ? '10-19' : '20+';

/** Averages rounded to one decimal, 1.0 to 5.0. */
export type Figures = { band: RatersBand } & Record<RatingDimension, number>;

export interface PublishedFigures {
	all: Figures;
	/** By the language the raters used: only groups the rules allowed. */
	language: Partial<Record<string, Figures>>;
	/** By the country the raters were in: only groups the rules allowed. */
	country: Partial<Record<Country, Figures>>;
}

/**
 * What a publication stores when the raters fell below MIN_RATERS: a publication that shows
 * nothing. It keeps its place in the timeline (published_at, changes_seen), so that scores come
 * back only under the same weekly, five-new-ratings rule as any other change.
 */
export interface WithheldFigures {
	withheld: true;
}

export type StoredFigures = PublishedFigures | WithheldFigures;

/** The figures a stored publication lets pages show: none when it was withheld. */
export const shownFigures = (stored: StoredFigures): PublishedFigures | null =>
	'withheld' in stored ? null : stored;
