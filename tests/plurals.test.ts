import { describe, expect, it } from 'vitest';
import { m } from '$lib/paraglide/messages';
import settings from '../project.inlang/settings.json';
import { readCatalogues } from './helpers/catalogues';

const en = { locale: 'en' } as const;

/** Every English message that counts something, with 1 and with 2. */
const COUNTED: Array<[string, (n: number) => string, string, string]> = [
	[
		'safety_exit_keys',
		(n) => m.safety_exit_keys({ count: n }, en),
		'press the Esc key 1 time.',
		'press the Esc key 2 times.'
	],
	['throttled', (n) => m.throttled({ minutes: n }, en), 'wait 1 minute and', 'wait 2 minutes and'],
	[
		'groups_member_count',
		(n) => m.groups_member_count({ members: 1, cap: n }, en),
		'1 of 1 person',
		'1 of 2 people'
	],
	['message_slow', (n) => m.message_slow({ seconds: n }, en), 'Wait 1 second,', 'Wait 2 seconds,'],
	[
		'review_flags',
		(n) => m.review_flags({ count: n, reasons: 'Spam' }, en),
		'Reported 1 time: Spam',
		'Reported 2 times: Spam'
	],
	[
		'help_status_told',
		(n) => m.help_status_told({ when: 'today', count: n }, en),
		'1 facilitator was told',
		'2 facilitators were told'
	],
	['topics_votes', (n) => m.topics_votes({ count: n }, en), '1 vote', '2 votes'],
	['poll_votes', (n) => m.poll_votes({ count: n }, en), '1 vote', '2 votes'],
	['poll_total', (n) => m.poll_total({ count: n }, en), '1 vote in all', '2 votes in all'],
	['news_messages', (n) => m.news_messages({ count: n }, en), '1 new message', '2 new messages'],
	['news_topics', (n) => m.news_topics({ count: n }, en), '1 new topic', '2 new topics'],
	['news_polls', (n) => m.news_polls({ count: n }, en), '1 new poll', '2 new polls'],
	[
		'write_too_fast_seconds',
		(n) => m.write_too_fast_seconds({ seconds: n }, en),
		'wait 1 second and',
		'wait 2 seconds and'
	],
	[
		'write_too_fast_minutes',
		(n) => m.write_too_fast_minutes({ minutes: n }, en),
		'wait 1 minute and',
		'wait 2 minutes and'
	],
	[
		'attendance_code_seconds',
		(n) => m.attendance_code_seconds({ seconds: n }, en),
		'New code in 1 second',
		'New code in 2 seconds'
	],
	[
		'check_in_progress',
		(n) => m.check_in_progress({ present: 1, scheduled: n, needed: 1 }, en),
		'You came to 1 of 1 session.',
		'You came to 1 of 2 sessions.'
	],
	[
		'check_in_too_many',
		(n) => m.check_in_too_many({ minutes: n }, en),
		'wait 1 minute and',
		'wait 2 minutes and'
	],
	[
		'results_answers',
		(n) => m.results_answers({ count: n }, en),
		'1 person answered',
		'2 people answered'
	],
	[
		'news_replies',
		(n) => m.news_replies({ count: n }, en),
		'1 new reply from the facilitators',
		'2 new replies from the facilitators'
	],
	['complaint_days', (n) => m.complaint_days({ count: n }, en), '1 day', '2 days'],
	[
		'complaint_sensitive_unlisted',
		(n) => m.complaint_sensitive_unlisted({ count: n }, en),
		'1 sensitive complaint is open',
		'2 sensitive complaints are open'
	]
];

/** Inputs that hold a number of things. */
const COUNT_INPUT =
	/\{(count|n|number|total|minutes|seconds|hours|days|weeks|members|cap|used|max)\}/;

describe('counts in English', () => {
	it.each(COUNTED)('%s says "%s" and "%s"', (_key, render, one, two) => {
		expect(render(1)).toContain(one);
		expect(render(2)).toContain(two);
	});

	it('come in a singular and a plural form wherever a number counts a thing', () => {
		const base = readCatalogues()[settings.baseLocale];
		// A plain sentence with a number before a word in the plural ("{count} times") reads
		// "1 times" for one: such a message must choose its form by the count.
		const plain = Object.entries(base).filter(
			([, message]) =>
				typeof message === 'string' &&
				new RegExp(`${COUNT_INPUT.source} \\p{L}+s\\b`, 'u').test(message)
		);
		expect(plain.map(([key]) => key)).toEqual([]);
		const counted = Object.entries(base)
			.filter(([, message]) => Array.isArray(message))
			.map(([key]) => key)
			.sort();
		expect(counted).toEqual(COUNTED.map(([key]) => key).sort());
	});
});
