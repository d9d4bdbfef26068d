import { describe, expect, it } from 'vitest';
import { COMMENT_MAX } from '$lib/server/courses/feedback';
import {
	feedbackErrors,
	feedbackQuestions,
	feedbackValues,
	ownAnswerLines,
	startingValues
} from './feedback-form.server';
import { nearestStep } from './feedback-scale.server';

const LOCALES = ['en', 'th', 'km', 'lo', 'my', 'vi'] as const;

const form = (fields: Record<string, string>) => {
	const data = new FormData();
	for (const [name, value] of Object.entries(fields)) data.append(name, value);
	return data;
};

describe('the rating form', () => {
	it('asks four questions, each with five answers from "Not at all" to "Very much", with faces, in every language', () => {
		const en = feedbackQuestions('en');
		expect(en.map((q) => q.name)).toEqual(['useful', 'understandable', 'fittedTime', 'recommend']);
		expect(en[0].legend).toBe('Was the course useful to you?');
		expect(en[0].options).toEqual([
			{ value: '1', icon: '😞', label: 'Not at all' },
			{ value: '2', icon: '🙁', label: 'A little' },
			{ value: '3', icon: '😐', label: 'Somewhat' },
			{ value: '4', icon: '🙂', label: 'Mostly' },
			{ value: '5', icon: '😄', label: 'Very much' }
		]);
		for (const locale of LOCALES) {
			const questions = feedbackQuestions(locale);
			expect(new Set(questions.map((q) => q.legend)).size, locale).toBe(4);
			expect(new Set(questions[0].options.map((o) => o.label)).size, locale).toBe(5);
		}
	});

	it('reads what was sent, keeps what was typed, and starts from the answer given before', () => {
		const values = feedbackValues(
			form({ useful: '4', recommend: '9', comment: '  Good trainer.\nMore practice. ' })
		);
		expect(values).toEqual({
			useful: '4',
			understandable: '',
			fittedTime: '',
			recommend: '9',
			comment: '  Good trainer.\nMore practice. '
		});
		// A comment too long comes back whole (to be shortened), not a whole paste.
		const long = 'ก'.repeat(COMMENT_MAX + 1);
		expect(feedbackValues(form({ comment: long })).comment).toBe(long);
		expect(feedbackValues(form({ comment: 'x'.repeat(COMMENT_MAX * 10) })).comment.length).toBe(
			COMMENT_MAX * 4
		);
		expect(startingValues(null)).toEqual({
			useful: '',
			understandable: '',
			fittedTime: '',
			recommend: '',
			comment: ''
		});
		expect(
			startingValues({ useful: 5, understandable: 4, fittedTime: 2, recommend: 5, comment: null })
		).toEqual({ useful: '5', understandable: '4', fittedTime: '2', recommend: '5', comment: '' });
	});

	it('says each problem beside its question, in the member’s language', () => {
		expect(
			feedbackErrors({ useful: 'required', recommend: 'invalid', comment: 'too_long' }, 'en')
		).toEqual({
			useful: 'Please choose one answer.',
			recommend: 'Please choose one of the 5 answers shown.',
			comment: 'This is too long. Character limit: 1,000.'
		});
		expect(feedbackErrors({ comment: 'too_long' }, 'my')).toEqual({
			comment: 'စာလုံး ၁,၀၀၀ လုံးအထိသာ သုံးပေးပါ။'
		});
		expect(feedbackErrors({ fittedTime: 'required', comment: 'invalid' }, 'km')).toEqual({
			fittedTime: 'សូមជ្រើសចម្លើយមួយ។',
			comment: 'មានតួអក្សរលាក់មួយដែលមិនអាចរក្សាទុកបាន។ សូមវាយវាម្តងទៀត។'
		});
		expect(feedbackErrors({}, 'en')).toEqual({});
	});

	it('shows the member their own answer as a face and a word for each question', () => {
		expect(
			ownAnswerLines(
				{ useful: 5, understandable: 3, fittedTime: 1, recommend: 4, comment: 'Thank you' },
				'en'
			)
		).toEqual({
			lines: [
				{ label: 'Useful', face: '😄', word: 'Very much' },
				{ label: 'Easy to understand', face: '😐', word: 'Somewhat' },
				{ label: 'Days and times fitted', face: '😞', word: 'Not at all' },
				{ label: 'Would tell a friend', face: '🙂', word: 'Mostly' }
			],
			comment: 'Thank you'
		});
	});
});

describe('the answer nearest an average', () => {
	it('rounds half up and stays between 1 and 5', () => {
		expect([1, 1.4, 1.5, 2.49, 3, 3.5, 4.4, 4.5, 5].map(nearestStep)).toEqual([
			1, 1, 2, 2, 3, 4, 4, 5, 5
		]);
		expect(nearestStep(0)).toBe(1);
		expect(nearestStep(7)).toBe(5);
		expect(nearestStep(Number.NaN)).toBe(1);
	});
});
