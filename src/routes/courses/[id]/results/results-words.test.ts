import { describe, expect, it } from 'vitest';
import type { FeedbackSummary, FollowUpSummary } from '$lib/server/courses/feedback';
import { followUpWords, formatAverage, ratingWords } from './results-words.server';

const shown: Extract<FeedbackSummary, { shown: true }> = {
	answers: 7,
	shown: true,
	averages: { useful: 4.6, understandable: 3.4, fittedTime: 1, recommend: 2.5 },
	comments: ['More practice, please.', 'ดีมาก']
};

describe('an average, as the reader writes numbers', () => {
	it('has one decimal, in the digits and separator of each language', () => {
		expect(formatAverage(4.2, 'en')).toBe('4.2');
		expect(formatAverage(4, 'en')).toBe('4.0');
		expect(formatAverage(4.2, 'vi')).toBe('4,2');
		expect(formatAverage(4.2, 'my')).toBe('၄.၂');
		expect(formatAverage(3.5, 'th')).toBe('3.5');
	});
});

describe('the ratings added up, in words', () => {
	it('say only how many answered, and from how many they are shown, below five answers', () => {
		const words = ratingWords({ answers: 3, shown: false }, 'en');
		expect(words).toEqual({
			shown: false,
			waiting: 'Answers are shown once 5 people have answered; 3 so far.'
		});
		expect(ratingWords({ answers: 0, shown: false }, 'my')).toEqual({
			shown: false,
			waiting: 'လူ ၅ ဦး ဖြေပြီးမှ အဖြေများကို ပြမည်။ ယခုထိ ၀ ဦး။'
		});
	});

	it('give each question its average with the face and word of the nearest answer', () => {
		const words = ratingWords(shown, 'en');
		if (!words.shown) throw new Error('shown');
		expect(words.answers).toBe('7 people answered.');
		expect(words.lines).toEqual([
			{ label: 'Useful', average: '4.6 out of 5', face: '😄', word: 'Very much' },
			{ label: 'Easy to understand', average: '3.4 out of 5', face: '😐', word: 'Somewhat' },
			{ label: 'Days and times fitted', average: '1.0 out of 5', face: '😞', word: 'Not at all' },
			{ label: 'Would tell a friend', average: '2.5 out of 5', face: '😐', word: 'Somewhat' }
		]);
		expect(words.comments).toEqual(shown.comments);
	});

	it('say one answer in the singular, and every line in the reader’s language', () => {
		const one = ratingWords({ ...shown, answers: 1 }, 'en');
		expect(one.shown && one.answers).toBe('1 person answered.');
		const vi = ratingWords(shown, 'vi');
		if (!vi.shown) throw new Error('shown');
		expect(vi.answers).toBe('7 người đã trả lời.');
		expect(vi.lines[0]).toEqual({
			label: 'Hữu ích',
			average: '4,6 trên 5',
			face: '😄',
			word: 'Rất nhiều'
		});
	});
});

describe('the follow-up added up, in words', () => {
	const counts = {
		work: { started_business: 3, grew_business: 1, found_work: 1, still_looking: 0, other: 0 },
		earnings: { nothing_yet: 1, a_little: 2, enough: 2, more_than_enough: 0 },
		helpNext: { money: 2, training: 0, customers: 1, childcare: 1, nothing: 0 }
	} as const;
	const summary: FollowUpSummary = {
		3: { answers: 5, shown: true, ...counts },
		12: { answers: 2, shown: false }
	};

	it('counts each answer of a wave from five answers, and only says how many below that', () => {
		const [three, twelve] = followUpWords(summary, 'en');
		expect(twelve).toEqual({
			months: 12,
			heading: '12 months after the course',
			shown: false,
			waiting: 'Answers are shown once 5 people have answered; 2 so far.'
		});
		if (!three.shown) throw new Error('shown');
		expect(three.heading).toBe('3 months after the course');
		expect(three.answers).toBe('5 people answered.');
		expect(three.groups.map((group) => group.heading)).toEqual([
			'Work',
			'Earnings',
			'Help needed next'
		]);
		expect(three.groups[0].rows).toEqual([
			{ icon: '🏪', label: 'Started a business', count: '3' },
			{ icon: '📈', label: 'Grew my business', count: '1' },
			{ icon: '💼', label: 'Found work', count: '1' },
			{ icon: '🔍', label: 'Still looking', count: '0' },
			{ icon: '💬', label: 'Something else', count: '0' }
		]);
		// Everyone answered the first two questions; one left the third alone.
		expect(three.groups[0].skipped).toBeNull();
		expect(three.groups[1].skipped).toBeNull();
		expect(three.groups[2].skipped).toEqual({
			label: 'Did not answer this question',
			count: '1'
		});
	});

	it('says the counts in the reader’s digits', () => {
		const [three] = followUpWords(summary, 'my');
		if (!three.shown) throw new Error('shown');
		expect(three.groups[0].rows[0]).toEqual({
			icon: '🏪',
			label: 'လုပ်ငန်း စတင်ခဲ့တယ်',
			count: '၃'
		});
		expect(three.heading).toBe('သင်တန်းပြီး ၃ လအကြာ');
	});
});
