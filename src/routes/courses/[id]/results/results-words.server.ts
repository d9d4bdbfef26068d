import { m } from '$lib/paraglide/messages';
import { getLocale, type Locale } from '$lib/paraglide/runtime';
import {
	MIN_ANSWERS,
	SCORES,
	type FeedbackSummary,
	type FollowUpSummary
} from '$lib/server/courses/feedback';
import { formatNumber } from '$lib/server/i18n/format';
import { nearestStep, scaleStep, scoreLabel } from '../feedback/feedback-scale.server';
import { followUpOptions, type FollowUpQuestion } from '../follow-up/follow-up-form.server';

/*
 * What participants said, added up, in finished sentences of the reader's language (numbers are
 * formatted here: browsers lack Burmese, Khmer and Lao number data). Nothing here can tell who
 * said what: the services give only counts, averages and unordered comments, from five answers.
 */

/** An average to one decimal, as the locale writes it: "4.2", "4,2" in Vietnamese, "၄.၂" in Burmese. */
export function formatAverage(average: number, locale: string = getLocale()): string {
	return new Intl.NumberFormat(locale, {
		minimumFractionDigits: 1,
		maximumFractionDigits: 1
	}).format(average);
}

/** "Answers are shown once 5 people have answered; 3 so far." */
const waitingLine = (answers: number, locale: Locale) =>
	m.results_waiting(
		{ min: formatNumber(MIN_ANSWERS, locale), count: formatNumber(answers, locale) },
		{ locale }
	);

const answersLine = (answers: number, locale: Locale) =>
	m.results_answers({ count: formatNumber(answers, locale) }, { locale });

/** The ratings: each question's average with the nearest answer's face and word, and the comments. */
export function ratingWords(summary: FeedbackSummary, locale: Locale = getLocale()) {
	if (!summary.shown)
		return { shown: false as const, waiting: waitingLine(summary.answers, locale) };
	const max = formatNumber(5, locale);
	return {
		shown: true as const,
		answers: answersLine(summary.answers, locale),
		lines: SCORES.map((score) => {
			const average = summary.averages[score];
			return {
				label: scoreLabel(score, locale),
				average: m.results_average({ average: formatAverage(average, locale), max }, { locale }),
				...scaleStep(nearestStep(average), locale)
			};
		}),
		comments: summary.comments
	};
}

const GROUPS: Array<{
	question: FollowUpQuestion;
	heading: (inputs: object, options: { locale: Locale }) => string;
}> = [
	{ question: 'work', heading: m.results_work },
	{ question: 'earnings', heading: m.results_earnings },
	{ question: 'helpNext', heading: m.results_help }
];

/** Each wave of the follow-up (3 and 12 months): how many gave each answer, from five answers. */
export function followUpWords(summary: FollowUpSummary, locale: Locale = getLocale()) {
	return ([3, 12] as const).map((months) => {
		const wave = summary[months];
		const heading =
			months === 3 ? m.results_wave_3({}, { locale }) : m.results_wave_12({}, { locale });
		if (!wave.shown)
			return { months, heading, shown: false as const, waiting: waitingLine(wave.answers, locale) };
		const counts: Record<FollowUpQuestion, Record<string, number>> = {
			work: wave.work,
			earnings: wave.earnings,
			helpNext: wave.helpNext
		};
		return {
			months,
			heading,
			shown: true as const,
			answers: answersLine(wave.answers, locale),
			groups: GROUPS.map(({ question, heading }) => {
				const options = followUpOptions(question, locale);
				const given = options.reduce((sum, option) => sum + counts[question][option.value], 0);
				return {
					question,
					heading: heading({}, { locale }),
					rows: options.map((option) => ({
						icon: option.icon,
						label: option.label,
						count: formatNumber(counts[question][option.value], locale)
					})),
					// Someone who answered another question but left this one alone.
					skipped:
						wave.answers > given
							? {
									label: m.results_skipped({}, { locale }),
									count: formatNumber(wave.answers - given, locale)
								}
							: null
				};
			})
		};
	});
}
