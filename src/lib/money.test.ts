import { describe, expect, it } from 'vitest';
import type { Locale } from '$lib/paraglide/runtime';
import {
	addMoney,
	compareMoney,
	CURRENCIES,
	decimalString,
	isCurrency,
	MAX_AMOUNT,
	parseMoney,
	subtractMoney,
	type Currency,
	type MoneyProblem
} from './money';

const baht = (amount: bigint) => ({ amount, currency: 'THB' as const });
const kip = (amount: bigint) => ({ amount, currency: 'LAK' as const });

describe('currencies', () => {
	it.each([
		['THB', 2, 100n],
		['KHR', 0, 100n],
		['LAK', 0, 1_000n],
		['MMK', 0, 100n],
		['VND', 0, 1_000n],
		['USD', 2, 100n]
	] as const)('%s has %i minor digits and a cash unit of %s minor units', (code, digits, cash) => {
		expect(CURRENCIES[code]).toEqual({ minorDigits: digits, cashUnit: cash });
		expect(isCurrency(code)).toBe(true);
	});

	it.each(['EUR', 'thb', '', 'toString', 12, null])('%o is not one of them', (value) => {
		expect(isCurrency(value)).toBe(false);
	});
});

describe('arithmetic', () => {
	it('adds, subtracts and compares exactly beyond 2^53', () => {
		const big = baht(9_007_199_254_740_993n);
		expect(addMoney(big, baht(2n))).toEqual(baht(9_007_199_254_740_995n));
		expect(subtractMoney(baht(5n), big)).toEqual(baht(-9_007_199_254_740_988n));
		expect(compareMoney(big, baht(9_007_199_254_740_992n))).toBe(1);
		expect(compareMoney(baht(-1n), baht(0n))).toBe(-1);
		expect(compareMoney(baht(7n), baht(7n))).toBe(0);
	});

	it('refuses to mix currencies', () => {
		expect(() => addMoney(baht(1n), kip(1n))).toThrow('cannot mix THB and LAK');
		expect(() => subtractMoney(baht(1n), kip(1n))).toThrow('cannot mix');
		expect(() => compareMoney(baht(1n), kip(1n))).toThrow('cannot mix');
	});

	it.each([
		[baht(123456n), '1234.56'],
		[baht(5n), '0.05'],
		[baht(-5n), '-0.05'],
		[baht(-100n), '-1.00'],
		[kip(25_000n), '25000'],
		[kip(-7n), '-7'],
		[baht(0n), '0.00']
	])('writes %o as %s', (money, text) => {
		expect(decimalString(money)).toBe(text);
	});
});

type Row = [text: string, currency: Currency, locale: Locale, expected: bigint | MoneyProblem];

describe('parseMoney', () => {
	const cases: Row[] = [
		// Plain digits, marks of the language, spaces around.
		['1234', 'THB', 'en', 123400n],
		['  1234.5 ', 'THB', 'en', 123450n],
		['1,234.56', 'THB', 'th', 123456n],
		['1,234,567', 'KHR', 'km', 1_234_567n],
		['0.05', 'USD', 'en', 5n],
		['007', 'MMK', 'my', 7n],
		['0', 'VND', 'vi', 0n],
		// Vietnamese and Lao: '.' groups, ',' marks decimals.
		['1.234.567', 'VND', 'vi', 1_234_567n],
		['1.234,50', 'USD', 'vi', 123450n],
		['20.000', 'LAK', 'lo', 20_000n],
		['1.234,5', 'THB', 'lo', 123450n],
		// Spaces of every kind group thousands in any language.
		['1 234 567', 'VND', 'vi', 1_234_567n],
		['1\u00a0234', 'KHR', 'en', 1234n],
		['1\u202f234.50', 'USD', 'km', 123450n],
		['1\u2009234', 'LAK', 'lo', 1234n],
		// Each script's digits, one script per number.
		['๑,๒๓๔.๕๐', 'THB', 'th', 123450n],
		['១០០០០', 'KHR', 'km', 10_000n],
		['໒໐.໐໐໐', 'LAK', 'lo', 20_000n],
		['၁,၅၀၀', 'MMK', 'my', 1500n],
		['၁,၂၃၄.၅၀', 'USD', 'my', 123450n],
		['1๒3', 'THB', 'th', 'mixed_scripts'],
		['၁0', 'MMK', 'my', 'mixed_scripts'],
		// The currency's own sign, code or word, before or after.
		['฿1,234.50', 'THB', 'th', 123450n],
		['1,234 บาท', 'THB', 'th', 123400n],
		['100บ.', 'THB', 'th', 10000n],
		['thb 5', 'THB', 'en', 500n],
		['5,000៛', 'KHR', 'km', 5000n],
		['5000 រៀល', 'KHR', 'km', 5000n],
		['₭20.000', 'LAK', 'lo', 20_000n],
		['20.000 ກີບ', 'LAK', 'lo', 20_000n],
		['1,500 Ks', 'MMK', 'my', 1500n],
		['၁,၅၀၀ ကျပ်', 'MMK', 'my', 1500n],
		['၁,၅၀၀ K', 'MMK', 'my', 1500n],
		['K 1,500', 'MMK', 'en', 1500n],
		['50.000đ', 'VND', 'vi', 50_000n],
		['50.000 ₫', 'VND', 'vi', 50_000n],
		['50.000 Đồng', 'VND', 'vi', 50_000n],
		['US$12.50', 'USD', 'en', 1250n],
		['$12.50', 'USD', 'en', 1250n],
		['12,50 USD', 'USD', 'vi', 1250n],
		// "5k" is five thousand to many: K is kyat only when set apart.
		['5k', 'MMK', 'en', 'not_a_number'],
		['5K', 'MMK', 'en', 'not_a_number'],
		['5 k', 'MMK', 'en', 'not_a_number'],
		// Another currency's sign.
		['$5', 'THB', 'en', 'wrong_currency'],
		['5 บาท', 'LAK', 'lo', 'wrong_currency'],
		['KHR 5', 'USD', 'km', 'wrong_currency'],
		['5 ₫', 'KHR', 'km', 'wrong_currency'],
		// Nothing there, or not a number.
		['', 'THB', 'en', 'empty'],
		['  \u00a0 ', 'THB', 'en', 'empty'],
		['฿', 'THB', 'th', 'empty'],
		['abc', 'THB', 'en', 'not_a_number'],
		['12a', 'THB', 'en', 'not_a_number'],
		['1e5', 'THB', 'en', 'not_a_number'],
		['+5', 'THB', 'en', 'not_a_number'],
		['..', 'THB', 'en', 'not_a_number'],
		['１２', 'THB', 'en', 'not_a_number'],
		['--5', 'THB', 'en', 'not_a_number'],
		// A mark that means something else in other languages.
		['1,50', 'THB', 'en', 'ambiguous'],
		['1,5', 'USD', 'km', 'ambiguous'],
		['0,500', 'VND', 'en', 'ambiguous'],
		['1.5', 'VND', 'vi', 'ambiguous'],
		['1.50', 'USD', 'vi', 'ambiguous'],
		['1.234', 'VND', 'en', 'ambiguous'],
		['1.234', 'THB', 'th', 'ambiguous'],
		['20,000', 'LAK', 'lo', 'ambiguous'],
		['1,234', 'VND', 'vi', 'ambiguous'],
		['1234,567', 'KHR', 'en', 'ambiguous'],
		// …while the same marks in the language's own way are plain.
		['1,234', 'VND', 'en', 1234n],
		['1,234', 'THB', 'en', 123400n],
		['1.234', 'USD', 'vi', 123400n],
		// Marks in impossible places.
		['1,23,456', 'KHR', 'en', 'bad_separators'],
		['1,234 567', 'KHR', 'en', 'bad_separators'],
		['1,,234', 'KHR', 'en', 'bad_separators'],
		[',234', 'KHR', 'en', 'bad_separators'],
		['1.2.3', 'THB', 'en', 'bad_separators'],
		['1.234.567', 'VND', 'en', 'bad_separators'],
		['1.234,50', 'THB', 'en', 'bad_separators'],
		['1,234.5', 'USD', 'vi', 'bad_separators'],
		['1.', 'THB', 'en', 'bad_separators'],
		['.5', 'THB', 'en', 'bad_separators'],
		['1.5 0', 'THB', 'en', 'bad_separators'],
		// More decimals than the currency has.
		['1.5', 'VND', 'en', 'too_many_decimals'],
		['1.5', 'KHR', 'km', 'too_many_decimals'],
		['1,5', 'LAK', 'lo', 'too_many_decimals'],
		['1.50', 'MMK', 'my', 'too_many_decimals'],
		['1.2345', 'THB', 'en', 'too_many_decimals'],
		['1,234.567', 'USD', 'en', 'too_many_decimals'],
		// Below zero, only when allowed (see below), and never too much.
		['-5', 'THB', 'en', 'negative'],
		['−5', 'THB', 'en', 'negative'],
		['-฿5', 'THB', 'th', 'negative'],
		['1000000000000000', 'KHR', 'km', MAX_AMOUNT],
		['1000000000000001', 'KHR', 'km', 'too_large'],
		['10,000,000,000,000.01', 'THB', 'en', 'too_large'],
		['99999999999999999999999999', 'VND', 'vi', 'too_large']
	];

	it.each(cases)('reads %o as %s in %s: %s', (text, currency, locale, expected) => {
		const result = parseMoney(text, currency, locale);
		expect(result).toEqual(
			typeof expected === 'bigint'
				? { ok: true, money: { amount: expected, currency } }
				: { ok: false, problem: expected }
		);
	});

	it.each([
		['-5', 'THB', 'en', -500n],
		['- 1,234.50', 'USD', 'en', -123450n],
		['−1.234', 'VND', 'vi', -1234n],
		['-฿5', 'THB', 'th', -500n],
		['฿-5', 'THB', 'lo', -500n],
		['US$-1.234,50', 'USD', 'lo', -123450n],
		['-၁,၂၃၄ K', 'MMK', 'my', -1234n],
		['-0', 'KHR', 'km', 0n],
		['-1000000000000001', 'KHR', 'km', 'too_large']
	] as Row[])(
		'with negatives allowed, reads %o as %s in %s: %s',
		(text, currency, locale, expected) => {
			expect(parseMoney(text, currency, locale, { allowNegative: true })).toEqual(
				typeof expected === 'bigint'
					? { ok: true, money: { amount: expected, currency } }
					: { ok: false, problem: expected }
			);
		}
	);
});
