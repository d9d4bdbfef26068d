import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import type { Figures, RatersBand, RatingDimension } from '$lib/server/services/score-figures';

/*
 * The four things a member rates, and the five answers as faces and words: the face for those
 * who read little, the word for everyone (screen readers skip the face). The same words as course
 * feedback, so that a scale reads the same everywhere.
 */

export type Step = 1 | 2 | 3 | 4 | 5;
export const STEPS: readonly Step[] = [1, 2, 3, 4, 5];

/** Faces that every phone since Android 5 draws, saddest first. */
const FACES: Record<Step, string> = { 1: '😞', 2: '🙁', 3: '😐', 4: '🙂', 5: '😄' };

const WORDS: Record<Step, () => string> = {
	1: m.feedback_scale_1,
	2: m.feedback_scale_2,
	3: m.feedback_scale_3,
	4: m.feedback_scale_4,
	5: m.feedback_scale_5
};

const DIMENSIONS: Record<RatingDimension, () => string> = {
	respect: m.rating_dim_respect,
	helped: m.rating_dim_helped,
	safe: m.rating_dim_safe,
	reach: m.rating_dim_reach
};

const BANDS: Record<RatersBand, () => string> = {
	'5-9': m.rating_scores_band_small,
	'10-19': m.rating_scores_band_medium,
	'20+': m.rating_scores_band_large
};

/** The four in the order pages show them (the server's RATING_DIMENSIONS stays on the server). */
export const DIMENSIONS_SHOWN = Object.keys(DIMENSIONS) as RatingDimension[];

export const scaleStep = (step: Step) => ({ face: FACES[step], word: WORDS[step]() });

export const dimensionLabel = (dimension: RatingDimension) => DIMENSIONS[dimension]();

export const bandLabel = (band: RatersBand) => BANDS[band]();

/** The answer nearest to an average (4.5 is "Very much"), for saying it in words. */
export function nearestStep(average: number): Step {
	const rounded = Math.round(average);
	return Math.min(5, Math.max(1, Number.isFinite(rounded) ? rounded : 1)) as Step;
}

/**
 * Published figures as words, worked out on the server so that pages do not ship the scale's
 * words in six languages: averages to one decimal in the reader's digits, with the face and word
 * nearest to each, and how many rated as a band.
 */
export function scoreLines(figures: Figures) {
	const format = new Intl.NumberFormat(getLocale(), {
		minimumFractionDigits: 1,
		maximumFractionDigits: 1
	});
	return {
		band: bandLabel(figures.band),
		lines: DIMENSIONS_SHOWN.map((dimension) => ({
			dimension,
			label: dimensionLabel(dimension),
			average: m.rating_scores_average({ average: format.format(figures[dimension]) }),
			...scaleStep(nearestStep(figures[dimension]))
		}))
	};
}

export type ScoreLines = ReturnType<typeof scoreLines>;
