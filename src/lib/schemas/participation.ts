import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { formKey } from './form-key';

// Topics and polls: the rules, and the forms that check them on the server. The services use the
// same rules, so a form and a direct call never disagree. Lengths count code points, as the
// database's char_length does.

export const TOPIC_TITLE_MAX = 200;
export const POLL_QUESTION_MAX = 200;
export const POLL_OPTION_MAX = 100;
export const POLL_OPTIONS_MIN = 2;
export const POLL_OPTIONS_MAX = 6;
/** Answer fields in the form: enough for the most a poll may have, no "add" button needed. */
export const POLL_OPTION_FIELDS = POLL_OPTIONS_MAX;
export const REMOVE_REASON_MAX = 300;

/** Text as stored: composed (NFC, so decomposed Vietnamese is one spelling) and trimmed. */
export const cleanText = (text: string): string => text.normalize('NFC').trim();

/** Whether two texts say the same: " Work ", "work" and "Ｗｏｒｋ" are one topic or answer. */
export const sameTextKey = (text: string): string =>
	text.normalize('NFKC').trim().replace(/\s+/gu, ' ').toLowerCase();

export const codePoints = (text: string): number => [...text].length;

export type PollOptionProblem = 'too_long' | 'duplicate' | 'too_few' | 'too_many';

/**
 * What is wrong with a poll's answers, as typed (empty fields are left out of the poll). `index`
 * is the field a problem belongs to, or null for the answers as a whole.
 */
export function pollOptionProblems(
	options: readonly string[]
): Array<{ index: number | null; problem: PollOptionProblem }> {
	const problems: Array<{ index: number | null; problem: PollOptionProblem }> = [];
	const seen = new Set<string>();
	let filled = 0;
	options.forEach((option, index) => {
		const text = cleanText(option);
		if (text === '') return;
		filled += 1;
		if (codePoints(text) > POLL_OPTION_MAX) problems.push({ index, problem: 'too_long' });
		const key = sameTextKey(text);
		if (seen.has(key)) problems.push({ index, problem: 'duplicate' });
		seen.add(key);
	});
	if (filled < POLL_OPTIONS_MIN) problems.push({ index: null, problem: 'too_few' });
	if (filled > POLL_OPTIONS_MAX) problems.push({ index: null, problem: 'too_many' });
	return problems;
}

export function pollOptionMessage(problem: PollOptionProblem): string {
	switch (problem) {
		case 'too_long':
			return m.poll_option_too_long();
		case 'duplicate':
			return m.poll_option_duplicate();
		case 'too_few':
			return m.poll_options_too_few();
		case 'too_many':
			return m.poll_options_too_many();
	}
}

const required = () => m.field_required();

/** Trimmed, composed, not empty, at most `max` code points. */
const text = (max: number, tooLong: () => string) =>
	v.pipe(
		v.string(),
		v.transform(cleanText),
		v.nonEmpty(required),
		v.check((value) => codePoints(value) <= max, tooLong)
	);

export const topicSchema = v.object({
	formKey,
	title: text(TOPIC_TITLE_MAX, () => m.topics_title_too_long())
});

export const pollSchema = v.object({
	formKey,
	question: text(POLL_QUESTION_MAX, () => m.poll_question_too_long()),
	options: v.pipe(
		v.array(v.string()),
		v.rawCheck(({ dataset, addIssue }) => {
			if (!dataset.typed) return;
			const input = dataset.value;
			for (const { index, problem } of pollOptionProblems(input)) {
				addIssue({
					message: pollOptionMessage(problem),
					// Next to the answer it is about; "too few" and "too many" above all of them.
					path:
						index === null
							? undefined
							: [{ type: 'array', origin: 'value', input, key: index, value: input[index] }]
				});
			}
		}),
		// Empty fields are not answers.
		v.transform((options) => options.map(cleanText).filter((option) => option !== ''))
	)
});

/** A vote for a topic, or (`vote` off) taking it back: sending either twice changes nothing more. */
export const topicVoteSchema = v.object({
	topicId: v.optional(v.string(), ''),
	vote: v.optional(v.boolean(), false)
});

/** Removing a topic: the reason is optional, and members read it in the group's log. */
export const removeTopicSchema = v.object({
	topicId: v.optional(v.string(), ''),
	reason: v.optional(
		v.pipe(
			v.string(),
			v.trim(),
			v.check(
				(value) => codePoints(value) <= REMOVE_REASON_MAX,
				() => m.topics_remove_reason_too_long()
			)
		),
		''
	)
});

export const pollVoteSchema = v.object({
	pollId: v.optional(v.string(), ''),
	// No answer chosen sends no field at all.
	optionId: v.pipe(
		v.optional(v.string(), ''),
		v.nonEmpty(() => m.poll_choose_required())
	)
});

export const closePollSchema = v.object({ pollId: v.optional(v.string(), '') });
