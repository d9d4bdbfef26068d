import { m } from '$lib/paraglide/messages';
import { getLocale, type Locale } from '$lib/paraglide/runtime';
import type { Score } from '$lib/server/courses/feedback';

/*
 * The five answers to each rating question, as faces and words: the face for those who read
 * little, the word for everyone (and for screen readers, which skip the face). The results page
 * says an average with the same face and word.
 */

export type Step = 1 | 2 | 3 | 4 | 5;
export const STEPS: readonly Step[] = [1, 2, 3, 4, 5];

/** Faces that every phone since Android 5 draws (Unicode 6 and 7), saddest first. */
const FACES: Record<Step, string> = { 1: '😞', 2: '🙁', 3: '😐', 4: '🙂', 5: '😄' };

const WORDS: Record<Step, (inputs: object, options: { locale: Locale }) => string> = {
	1: m.feedback_scale_1,
	2: m.feedback_scale_2,
	3: m.feedback_scale_3,
	4: m.feedback_scale_4,
	5: m.feedback_scale_5
};

const QUESTIONS: Record<Score, (inputs: object, options: { locale: Locale }) => string> = {
	useful: m.feedback_q_useful,
	understandable: m.feedback_q_understandable,
	fittedTime: m.feedback_q_fitted_time,
	recommend: m.feedback_q_recommend
};

const SHORT: Record<Score, (inputs: object, options: { locale: Locale }) => string> = {
	useful: m.feedback_short_useful,
	understandable: m.feedback_short_understandable,
	fittedTime: m.feedback_short_fitted_time,
	recommend: m.feedback_short_recommend
};

/** One answer of the scale: its face and its word. */
export const scaleStep = (step: Step, locale: Locale = getLocale()) => ({
	face: FACES[step],
	word: WORDS[step]({}, { locale })
});

/** The question a participant is asked, in full. */
export const scoreQuestion = (score: Score, locale: Locale = getLocale()) =>
	QUESTIONS[score]({}, { locale });

/** The question in a few words, for a summary of answers. */
export const scoreLabel = (score: Score, locale: Locale = getLocale()) =>
	SHORT[score]({}, { locale });

/** The answer nearest to an average (4.5 is "Very much"), for saying it in words. */
export function nearestStep(average: number): Step {
	const rounded = Math.round(average);
	return Math.min(5, Math.max(1, Number.isFinite(rounded) ? rounded : 1)) as Step;
}
