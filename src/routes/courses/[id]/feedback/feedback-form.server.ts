import { m } from '$lib/paraglide/messages';
import { getLocale, type Locale } from '$lib/paraglide/runtime';
import {
	COMMENT_MAX,
	SCORES,
	type FeedbackProblem,
	type Score
} from '$lib/server/courses/feedback';
import { formatNumber } from '$lib/server/i18n/format';
import { scaleStep, scoreLabel, scoreQuestion, STEPS, type Step } from './feedback-scale.server';

/** What the form holds, as typed: each score as the value of its chosen answer ('' for none). */
export type FeedbackValues = Record<Score, string> & { comment: string };

/** Longer than any comment allowed, so that a too-long one comes back whole to be shortened. */
const KEEP_TYPED = COMMENT_MAX * 4;

/** The fields of a sent form, as strings, ready for giveFeedback and to be shown again. */
export function feedbackValues(data: FormData): FeedbackValues {
	const text = (name: string) => {
		const value = data.get(name);
		return typeof value === 'string' ? value : '';
	};
	return {
		useful: text('useful').slice(0, 8),
		understandable: text('understandable').slice(0, 8),
		fittedTime: text('fittedTime').slice(0, 8),
		recommend: text('recommend').slice(0, 8),
		comment: text('comment').slice(0, KEEP_TYPED)
	};
}

/** The form as it starts: empty, or the answer the participant gave before. */
export function startingValues(
	own: (Record<Score, number> & { comment: string | null }) | null
): FeedbackValues {
	return {
		useful: own ? String(own.useful) : '',
		understandable: own ? String(own.understandable) : '',
		fittedTime: own ? String(own.fittedTime) : '',
		recommend: own ? String(own.recommend) : '',
		comment: own?.comment ?? ''
	};
}

/** Each problem, said beside its question in the member's language. */
export function feedbackErrors(
	fields: FeedbackProblem,
	locale: Locale = getLocale()
): Partial<Record<Score | 'comment', string>> {
	const errors: Partial<Record<Score | 'comment', string>> = {};
	for (const score of SCORES) {
		const problem = fields[score];
		if (problem === 'required') errors[score] = m.feedback_choose_one({}, { locale });
		else if (problem) errors[score] = m.feedback_choose_shown({}, { locale });
	}
	if (fields.comment === 'too_long')
		errors.comment = m.feedback_comment_too_long(
			{ max: formatNumber(COMMENT_MAX, locale) },
			{ locale }
		);
	else if (fields.comment) errors.comment = m.feedback_comment_invalid({}, { locale });
	return errors;
}

/** The four questions with their five answers, in the member's language. */
export function feedbackQuestions(locale: Locale = getLocale()) {
	const options = STEPS.map((step) => ({ value: String(step), ...iconed(step, locale) }));
	return SCORES.map((score) => ({
		name: score,
		legend: scoreQuestion(score, locale),
		options
	}));
}

const iconed = (step: Step, locale: Locale) => {
	const { face, word } = scaleStep(step, locale);
	return { icon: face, label: word };
};

/** The participant's own answer, question by question, as a face and a word. */
export function ownAnswerLines(
	own: Record<Score, number> & { comment: string | null },
	locale: Locale = getLocale()
) {
	return {
		lines: SCORES.map((score) => ({
			label: scoreLabel(score, locale),
			...scaleStep(own[score] as Step, locale)
		})),
		comment: own.comment
	};
}
