import { m } from '$lib/paraglide/messages';
import { getLocale, type Locale } from '$lib/paraglide/runtime';
import { FOLLOW_UP_EARNINGS, FOLLOW_UP_HELP, FOLLOW_UP_WORK } from '$lib/server/courses/feedback';
import type { FollowUpEarnings, FollowUpHelp, FollowUpWork } from '$lib/server/db/schema';

/*
 * The follow-up questions (three and twelve months after a course), their answers as icons and
 * words, and the checks of a sent form that are said beside each question. The results page says
 * the answers with the same icons and words.
 */

export type FollowUpQuestion = 'work' | 'earnings' | 'helpNext';
export const FOLLOW_UP_QUESTIONS: readonly FollowUpQuestion[] = ['work', 'earnings', 'helpNext'];

type Say = (inputs: object, options: { locale: Locale }) => string;

/** Each answer's icon (Unicode 6, which every phone since Android 5 draws) and its words. */
const WORK: Record<FollowUpWork, [string, Say]> = {
	started_business: ['🏪', m.follow_up_work_started_business],
	grew_business: ['📈', m.follow_up_work_grew_business],
	found_work: ['💼', m.follow_up_work_found_work],
	still_looking: ['🔍', m.follow_up_work_still_looking],
	other: ['💬', m.follow_up_work_other]
};
const EARNINGS: Record<FollowUpEarnings, [string, Say]> = {
	nothing_yet: ['🌱', m.follow_up_earnings_nothing_yet],
	a_little: ['🌿', m.follow_up_earnings_a_little],
	enough: ['🏠', m.follow_up_earnings_enough],
	more_than_enough: ['🌳', m.follow_up_earnings_more_than_enough]
};
const HELP: Record<FollowUpHelp, [string, Say]> = {
	money: ['💵', m.follow_up_help_money],
	training: ['📚', m.follow_up_help_training],
	customers: ['👥', m.follow_up_help_customers],
	childcare: ['👶', m.follow_up_help_childcare],
	nothing: ['✅', m.follow_up_help_nothing]
};

const ANSWERS: Record<
	FollowUpQuestion,
	{ values: readonly string[]; say: Record<string, [string, Say]> }
> = {
	work: { values: FOLLOW_UP_WORK, say: WORK },
	earnings: { values: FOLLOW_UP_EARNINGS, say: EARNINGS },
	helpNext: { values: FOLLOW_UP_HELP, say: HELP }
};

const QUESTIONS: Record<FollowUpQuestion, Say> = {
	work: m.follow_up_q_work,
	earnings: m.follow_up_q_earnings,
	helpNext: m.follow_up_q_help
};

/** One question's answers, in order, with their icons and words. */
export function followUpOptions(question: FollowUpQuestion, locale: Locale = getLocale()) {
	const { values, say } = ANSWERS[question];
	return values.map((value) => ({
		value,
		icon: say[value][0],
		label: say[value][1]({}, { locale })
	}));
}

/** The three questions with their answers, in the member's language. */
export const followUpQuestions = (locale: Locale = getLocale()) =>
	FOLLOW_UP_QUESTIONS.map((name) => ({
		name,
		legend: QUESTIONS[name]({}, { locale }),
		options: followUpOptions(name, locale)
	}));

/** What the form holds, as sent: each answer's value, '' for a question left alone. */
export type FollowUpValues = Record<FollowUpQuestion, string>;

export function followUpValues(data: FormData): FollowUpValues {
	const text = (name: string) => {
		const value = data.get(name);
		// Longer than any answer's value: what comes back is what was sent, not a whole paste.
		return typeof value === 'string' ? value.slice(0, 40) : '';
	};
	return { work: text('work'), earnings: text('earnings'), helpNext: text('helpNext') };
}

/**
 * What is wrong with a sent form, said beside each question: an answer that is not one of those
 * shown. Leaving a question alone is fine; leaving them all is not an answer (`nothing`), since
 * saying no has its own button.
 */
export function followUpProblems(
	values: FollowUpValues,
	locale: Locale = getLocale()
): { errors: Partial<Record<FollowUpQuestion, string>>; nothing: boolean } {
	const errors: Partial<Record<FollowUpQuestion, string>> = {};
	for (const question of FOLLOW_UP_QUESTIONS) {
		const value = values[question];
		if (value !== '' && !ANSWERS[question].values.includes(value))
			errors[question] = m.follow_up_choose_shown({}, { locale });
	}
	return { errors, nothing: FOLLOW_UP_QUESTIONS.every((question) => values[question] === '') };
}
