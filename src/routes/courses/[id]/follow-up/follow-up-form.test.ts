import { describe, expect, it } from 'vitest';
import { FOLLOW_UP_EARNINGS, FOLLOW_UP_HELP, FOLLOW_UP_WORK } from '$lib/server/courses/feedback';
import {
	followUpOptions,
	followUpProblems,
	followUpQuestions,
	followUpValues
} from './follow-up-form.server';

const LOCALES = ['en', 'th', 'km', 'lo', 'my', 'vi'] as const;

const form = (fields: Record<string, string>) => {
	const data = new FormData();
	for (const [name, value] of Object.entries(fields)) data.append(name, value);
	return data;
};

describe('the follow-up form', () => {
	it('offers every answer the service keeps, in its order, each with an icon and words in every language', () => {
		for (const locale of LOCALES) {
			const questions = followUpQuestions(locale);
			expect(questions.map((q) => q.name)).toEqual(['work', 'earnings', 'helpNext']);
			expect(questions.map((q) => q.options.map((o) => o.value))).toEqual([
				FOLLOW_UP_WORK,
				FOLLOW_UP_EARNINGS,
				FOLLOW_UP_HELP
			]);
			for (const question of questions) {
				expect(question.legend.trim()).not.toBe('');
				const labels = question.options.map((o) => o.label);
				expect(new Set(labels).size, `${locale} ${question.name}`).toBe(labels.length);
				for (const option of question.options)
					expect(option.icon).toMatch(/\p{Extended_Pictographic}/u);
			}
		}
		expect(followUpOptions('earnings', 'th').map((o) => o.label)).toEqual([
			'ยังไม่มี',
			'นิดหน่อย',
			'พอใช้จ่ายในชีวิต',
			'มากกว่าพอ'
		]);
	});

	it('reads what was sent as strings, a question left alone as empty, and keeps no long paste', () => {
		expect(followUpValues(form({ work: 'found_work', helpNext: 'childcare' }))).toEqual({
			work: 'found_work',
			earnings: '',
			helpNext: 'childcare'
		});
		expect(followUpValues(form({ earnings: 'x'.repeat(5000) })).earnings).toHaveLength(40);
	});

	it('takes any question left alone, refuses an answer not shown beside its question, and calls an empty form no answer', () => {
		expect(
			followUpProblems({ work: 'started_business', earnings: '', helpNext: '' }, 'en')
		).toEqual({ errors: {}, nothing: false });
		expect(
			followUpProblems({ work: 'astronaut', earnings: 'a_little', helpNext: 'lottery' }, 'th')
		).toEqual({
			errors: {
				work: 'โปรดเลือกหนึ่งในคำตอบที่แสดงไว้',
				helpNext: 'โปรดเลือกหนึ่งในคำตอบที่แสดงไว้'
			},
			nothing: false
		});
		// A value of another question is not an answer to this one.
		expect(followUpProblems({ work: 'enough', earnings: '', helpNext: '' }, 'en').errors).toEqual({
			work: 'Please choose one of the answers shown.'
		});
		expect(followUpProblems({ work: '', earnings: '', helpNext: '' }, 'en')).toEqual({
			errors: {},
			nothing: true
		});
	});
});
