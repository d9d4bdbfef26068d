import { describe, expect, it } from 'vitest';
import { parseMoney, type Currency } from '$lib/money';
import type { Locale } from '$lib/paraglide/runtime';
import {
	issueField,
	issuesByField,
	parseMeetingSheetForm,
	parseWholeNumber,
	plainAmount,
	readSlots,
	type FormFields,
	type SheetFormOptions
} from './meeting-sheet-form';

const A = '0190a1b2-0000-7000-8000-00000000000a';
const B = '0190a1b2-0000-7000-8000-00000000000b';
const C = '0190a1b2-0000-7000-8000-00000000000c';

const options = (
	change: Partial<SheetFormOptions> & { currency?: Currency; locale?: Locale } = {}
): SheetFormOptions => ({
	currency: 'THB',
	locale: 'en',
	memberIds: [A, B, C],
	rules: { maxShares: 5, maxTermMonths: 3, guarantors: 0 },
	...change
});

/** A sheet as the page renders it: everyone present with one share, the boxes counted. */
const form = (change: Record<string, string> = {}): FormFields => ({
	heldOn: '2026-01-06',
	note: '',
	...Object.fromEntries(
		[A, B, C].flatMap((id) => [
			[`rows.${id}.attendance`, 'present'],
			[`rows.${id}.shares`, '1'],
			[`rows.${id}.socialFund`, '0'],
			[`rows.${id}.fineOther`, ''],
			[`rows.${id}.repaid`, '']
		])
	),
	'counts.end.loan.box': '150',
	'counts.end.social.box': '0',
	...change
});

describe('whole numbers as typed', () => {
	it.each([
		['3', 3],
		[' 12 ', 12],
		['๓', 3],
		['໑໒', 12],
		['៣', 3],
		['၁၀', 10],
		['0', 0],
		['-0', 0]
	])('reads %j as %d', (text, value) => {
		expect(parseWholeNumber(text)).toEqual({ ok: true, value });
	});

	it.each([
		['', 'empty'],
		['   ', 'empty'],
		['three', 'not_a_number'],
		['1.5', 'not_a_number'],
		['1,000', 'not_a_number'],
		['3x', 'not_a_number'],
		['-', 'not_a_number'],
		['-2', 'negative'],
		['\u22122', 'negative'],
		['1๒', 'mixed_scripts'],
		['99999999', 'too_large']
	])('refuses %j: %s', (text, problem) => {
		expect(parseWholeNumber(text)).toEqual({ ok: false, problem });
	});
});

describe('reading the meeting sheet', () => {
	it('reads every member’s row, the counts and the note, in book order', () => {
		const parsed = parseMeetingSheetForm(
			form({
				[`rows.${B}.attendance`]: 'late',
				[`rows.${B}.shares`]: '5',
				[`rows.${B}.socialFund`]: '20',
				[`rows.${B}.fineOther`]: '5.50',
				[`rows.${B}.repaid`]: '1,200',
				[`rows.${C}.attendance`]: 'absent',
				[`rows.${C}.shares`]: '0',
				'counts.start.loan.box': '100',
				note: '  Rain today  '
			}),
			options()
		);
		expect(parsed.errors).toEqual({});
		expect(parsed.sheet).toEqual({
			heldOn: '2026-01-06',
			rows: [
				{
					memberId: A,
					attendance: 'present',
					shares: 1,
					socialFund: 0n,
					fineOther: 0n,
					repaid: 0n
				},
				{
					memberId: B,
					attendance: 'late',
					shares: 5,
					socialFund: 2_000n,
					fineOther: 550n,
					repaid: 120_000n
				},
				{
					memberId: C,
					attendance: 'absent',
					shares: 0,
					socialFund: 0n,
					fineOther: 0n,
					repaid: 0n
				}
			],
			loans: [],
			grants: [],
			other: [],
			transfers: [],
			counts: [
				{ moment: 'start', fund: 'loan', place: 'box', amount: 10_000n },
				{ moment: 'end', fund: 'loan', place: 'box', amount: 15_000n },
				{ moment: 'end', fund: 'social', place: 'box', amount: 0n }
			],
			note: 'Rain today'
		});
		expect(parsed.origins).toMatchObject({
			'rows.1': `rows.${B}`,
			'counts.0': 'counts.start.loan.box',
			'counts.2': 'counts.end.social.box'
		});
	});

	it.each([
		['Thai digits, in Thai', 'th', 'THB', '๑๒๕.๕๐', 12_550n],
		['Lao digits and a thousands point, in Lao', 'lo', 'LAK', '໒໐.໐໐໐', 20_000n],
		['Khmer digits, in Khmer', 'km', 'KHR', '៥០០០', 5_000n],
		['Burmese digits and a comma, in Burmese', 'my', 'MMK', '၁,၀၀၀', 1_000n],
		['a thousands point, in Vietnamese', 'vi', 'VND', '50.000', 50_000n],
		['a sign and a decimal comma, in Vietnamese', 'vi', 'USD', '$2,50', 250n],
		['the currency after, in English', 'en', 'THB', '20 ฿', 2_000n]
	] as const)('reads amounts in %s', (_, locale, currency, text, amount) => {
		const parsed = parseMeetingSheetForm(
			form({ [`rows.${A}.repaid`]: text, 'counts.end.loan.box': '0' }),
			options({ locale, currency })
		);
		expect(parsed.errors).toEqual({});
		expect(parsed.sheet?.rows[0].repaid).toBe(amount);
	});

	it.each([
		['letters in shares', `rows.${A}.shares`, 'two', 'whole_number'],
		['a fraction of a share', `rows.${A}.shares`, '1.5', 'whole_number'],
		['negative shares', `rows.${A}.shares`, '-1', 'negative'],
		['more shares than the rules allow', `rows.${A}.shares`, '6', 'shares_above_max'],
		['Thai digits beyond the maximum', `rows.${A}.shares`, '๙', 'shares_above_max'],
		['letters in an amount', `rows.${A}.socialFund`, 'twenty', 'not_a_number'],
		['a negative amount', `rows.${A}.repaid`, '-50', 'negative'],
		['too many decimals', `rows.${A}.fineOther`, '1.5055', 'too_many_decimals'],
		['two kinds of digits', `rows.${A}.fineOther`, '1๒', 'mixed_scripts'],
		['another currency', `rows.${A}.fineOther`, '$5', 'wrong_currency'],
		['an attendance nobody offered', `rows.${A}.attendance`, 'asleep', 'choose_one'],
		['a date that is not one', 'heldOn', '2026-02-30', 'date_invalid'],
		['a count in words', 'counts.end.loan.box', 'lots', 'not_a_number'],
		['a negative count', 'counts.end.social.box', '-1', 'negative'],
		['a note too long', 'note', 'x'.repeat(501), 'too_long']
	])('refuses %s, beside the field, keeping the text', (_, field, text, problem) => {
		const parsed = parseMeetingSheetForm(form({ [field]: text }), options());
		expect(parsed.sheet).toBeNull();
		expect(parsed.errors).toEqual({ [field]: { problem } });
		expect(parsed.values[field]).toBe(text);
	});

	it('keeps every field as typed, the good ones too, when one is refused', () => {
		const fields = form({
			[`rows.${A}.shares`]: 'x',
			[`rows.${B}.repaid`]: '  1,200 ',
			'loans.1.memberId': B,
			'loans.1.principal': '٣',
			'loans.1.termMonths': '2'
		});
		const parsed = parseMeetingSheetForm(fields, options());
		expect(parsed.sheet).toBeNull();
		for (const [name, value] of Object.entries(fields)) expect(parsed.values[name]).toBe(value);
		expect(Object.keys(parsed.errors).sort()).toEqual(['loans.1.principal', `rows.${A}.shares`]);
	});

	it('reads the lines of loans, grants, other money and moves, skipping empty ones', () => {
		const parsed = parseMeetingSheetForm(
			form({
				'slots.loans': '3',
				'loans.0.termMonths': '3',
				'loans.2.memberId': B,
				'loans.2.principal': '1,500',
				'loans.2.termMonths': '๒',
				'loans.2.purpose': ' a shop ',
				'grants.0.memberId': C,
				'grants.0.amount': '200',
				'grants.0.reason': 'Funeral',
				'other.0.direction': 'cost',
				'other.0.amount': '30',
				'other.0.note': 'A notebook',
				'transfers.0.fund': 'loan',
				'transfers.0.to': 'bank',
				'transfers.0.amount': '1000'
			}),
			options()
		);
		expect(parsed.errors).toEqual({});
		expect(parsed.sheet).toMatchObject({
			loans: [
				{ memberId: B, principal: 150_000n, termMonths: 2, purpose: 'a shop', guarantorIds: [] }
			],
			grants: [{ memberId: C, amount: 20_000n, reason: 'Funeral' }],
			other: [{ direction: 'cost', amount: 3_000n, note: 'A notebook' }],
			transfers: [{ fund: 'loan', to: 'bank', amount: 100_000n }]
		});
		expect(parsed.slots.loans).toBe(3);
		expect(parsed.origins['loans.0']).toBe('loans.2');
	});

	it('refuses a loan line without a member, amount or term, and one over the longest term', () => {
		const parsed = parseMeetingSheetForm(
			form({
				'loans.0.principal': '100',
				'loans.0.termMonths': '',
				'loans.1.memberId': 'someone-else',
				'loans.1.principal': '100',
				'loans.1.termMonths': '4'
			}),
			options()
		);
		expect(parsed.sheet).toBeNull();
		expect(parsed.errors).toEqual({
			'loans.0.memberId': { problem: 'choose_member' },
			'loans.0.termMonths': { problem: 'empty' },
			'loans.1.memberId': { problem: 'choose_member' },
			'loans.1.termMonths': { problem: 'term_too_long' }
		});
	});

	it('reads the guarantors the rules ask for, and refuses one who is not a member', () => {
		const rules = { maxShares: 5, maxTermMonths: 3, guarantors: 2 };
		const good = parseMeetingSheetForm(
			form({
				'loans.0.memberId': A,
				'loans.0.principal': '100',
				'loans.0.termMonths': '1',
				'loans.0.guarantor.0': B,
				'loans.0.guarantor.1': ''
			}),
			options({ rules })
		);
		expect(good.sheet?.loans[0].guarantorIds).toEqual([B]);
		const bad = parseMeetingSheetForm(
			form({
				'loans.0.memberId': A,
				'loans.0.principal': '100',
				'loans.0.termMonths': '1',
				'loans.0.guarantor.1': 'nobody'
			}),
			options({ rules })
		);
		expect(bad.errors).toEqual({ 'loans.0.guarantor.1': { problem: 'choose_member' } });
	});

	it('shows as many lines as were asked for or typed in, within bounds', () => {
		expect(readSlots({})).toEqual({ loans: 2, grants: 1, other: 1, transfers: 1 });
		expect(readSlots({ 'slots.loans': '5', 'grants.3.amount': '1' })).toMatchObject({
			loans: 5,
			grants: 4
		});
		expect(readSlots({ 'slots.other': '1000', 'slots.transfers': 'x' })).toMatchObject({
			other: 30,
			transfers: 1
		});
	});
});

describe('problems from the books, beside their fields', () => {
	it('finds the field each of planMeeting’s paths came from', () => {
		const parsed = parseMeetingSheetForm(
			form({ 'loans.1.memberId': B, 'loans.1.principal': '100', 'loans.1.termMonths': '1' }),
			options()
		);
		expect(issueField('rows.2.shares', parsed.origins)).toBe(`rows.${C}.shares`);
		expect(issueField('loans.0.principal', parsed.origins)).toBe('loans.1.principal');
		expect(issueField('counts.1', parsed.origins)).toBe('counts.end.social.box');
		expect(issueField('counts', parsed.origins)).toBe('counts');
		expect(issueField('heldOn', parsed.origins)).toBe('heldOn');
		expect(
			issuesByField(
				[
					{ path: 'loans.0.principal', problem: 'loan_over_limit', limit: 4_500n },
					{ path: 'rows.1.repaid', problem: 'repaid_more_than_owed' },
					{ path: 'rows.1.repaid', problem: 'absent_pays' }
				],
				parsed.origins
			)
		).toEqual({
			'loans.1.principal': { problem: 'loan_over_limit', limit: 4_500n },
			[`rows.${B}.repaid`]: { problem: 'repaid_more_than_owed' }
		});
	});
});

describe('amounts to fill a field with', () => {
	it.each([
		['en', 'THB', 1_000n, '10'],
		['en', 'THB', 1_250n, '12.50'],
		['lo', 'THB', 1_250n, '12,50'],
		['vi', 'VND', 50_000n, '50000'],
		['my', 'MMK', 1_000n, '1000'],
		['km', 'KHR', 0n, '0']
	] as const)('in %s, %s %d is %j, and reads back the same', (locale, currency, amount, text) => {
		expect(plainAmount(amount, currency, locale)).toBe(text);
		expect(parseMoney(text, currency, locale)).toEqual({ ok: true, money: { amount, currency } });
	});
});
