import { describe, expect, it } from 'vitest';
import { parseReinvestForm, reinvestField } from './next-cycle-form';

const a = '0190a1b2-0000-7000-8000-00000000000a';
const b = '0190a1b2-0000-7000-8000-00000000000b';

describe('the shares put into the next cycle, as the form posts them', () => {
	it.each([
		['digits', '3', 3],
		['Thai digits', '๓', 3],
		['Khmer digits', '៣', 3],
		['Lao digits', '໓', 3],
		['Burmese digits', '၃', 3],
		['spaces around', ' 12 ', 12],
		['more than a meeting allows: a carry-in has no per-meeting most', '40', 40]
	])('reads %s', (_, typed, shares) => {
		const parsed = parseReinvestForm({ formKey: 'k', [reinvestField(a)]: typed });
		expect(parsed.errors).toEqual({});
		expect(parsed.reinvest).toEqual(new Map([[a, shares]]));
	});

	it.each([
		['empty', ''],
		['zero', '0'],
		['minus zero', '-0']
	])('takes %s as none', (_, typed) => {
		const parsed = parseReinvestForm({ [reinvestField(a)]: typed });
		expect(parsed).toEqual({
			values: { [reinvestField(a)]: typed },
			errors: {},
			reinvest: new Map()
		});
	});

	it.each([
		['text', 'three', 'whole_number'],
		['part of a share', '1.5', 'whole_number'],
		['mixed scripts', '1๓', 'whole_number'],
		['below zero', '-2', 'negative'],
		['a Unicode minus', '\u22122', 'negative'],
		['more than any payout could buy', '100001', 'too_many']
	])('refuses %s beside the field, keeping what was typed', (_, typed, problem) => {
		const parsed = parseReinvestForm({
			[reinvestField(a)]: typed,
			[reinvestField(b)]: '2'
		});
		expect(parsed.errors).toEqual({ [reinvestField(a)]: problem });
		expect(parsed.values).toEqual({ [reinvestField(a)]: typed, [reinvestField(b)]: '2' });
		expect(parsed.reinvest).toBeNull();
	});

	it('reads every member’s field the form sends, and nothing else', () => {
		const parsed = parseReinvestForm({
			formKey: 'k',
			startsOn: '2027-01-05',
			[reinvestField(a)]: '1',
			[reinvestField(b.toUpperCase())]: '2',
			'reinvest.not-an-id.shares': '5',
			[`reinvest.${a}.savings`]: '5'
		});
		expect(parsed.reinvest).toEqual(
			new Map([
				[a, 1],
				[b, 2]
			])
		);
		expect(Object.keys(parsed.values)).toEqual([reinvestField(a), reinvestField(b.toUpperCase())]);
	});
});
