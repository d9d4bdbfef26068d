import type { Locale } from '$lib/paraglide/runtime';

/*
 * Money is an integer number of minor units and an ISO 4217 code: never a float, so sums are
 * exact. Pure: the server and the browser both use it (formatting, which needs full locale data,
 * is on the server: `formatMoney` in `$lib/server/i18n/format`).
 */

/**
 * The currencies a savings group keeps its records in.
 *
 * `minorDigits`: ISO 4217 gives THB and USD 2 (satang, cents) and VND 0, but also KHR, LAK and MMK
 * 2 (sen, att, pya). Those three subunits have not been used for decades (no coins, every price in
 * whole riel, kip or kyat; CLDR already formats kip and kyat without decimals), so they count here
 * in whole units: "1.5" riel is refused rather than stored. Stored amounts are in these units:
 * never change a currency's digits once records exist.
 *
 * `cashUnit`: the smallest amount handed out in cash at a share-out, in minor units (1 baht,
 * 100 riel, 1,000 kip, 100 kyat, 1,000 dong, 1 dollar).
 */
export const CURRENCIES = {
	THB: { minorDigits: 2, cashUnit: 100n },
	KHR: { minorDigits: 0, cashUnit: 100n },
	LAK: { minorDigits: 0, cashUnit: 1_000n },
	MMK: { minorDigits: 0, cashUnit: 100n },
	VND: { minorDigits: 0, cashUnit: 1_000n },
	USD: { minorDigits: 2, cashUnit: 100n }
} as const satisfies Record<string, { minorDigits: number; cashUnit: bigint }>;

export type Currency = keyof typeof CURRENCIES;

export interface Money {
	/** In minor units (satang, cents; whole riel, kip, kyat, dong). */
	amount: bigint;
	currency: Currency;
}

/**
 * The largest amount accepted from a person, either way: 10^15 minor units (10 trillion baht),
 * far above any savings group, and far enough below int8's 9.2 * 10^18 that sums stay exact.
 */
export const MAX_AMOUNT = 10n ** 15n;

export function isCurrency(value: unknown): value is Currency {
	return typeof value === 'string' && Object.hasOwn(CURRENCIES, value);
}

function sameCurrency(a: Money, b: Money): Currency {
	if (a.currency !== b.currency) throw new Error(`cannot mix ${a.currency} and ${b.currency}`);
	return a.currency;
}

/** a + b; throws when the currencies differ. */
export function addMoney(a: Money, b: Money): Money {
	return { amount: a.amount + b.amount, currency: sameCurrency(a, b) };
}

/** a - b; throws when the currencies differ. */
export function subtractMoney(a: Money, b: Money): Money {
	return { amount: a.amount - b.amount, currency: sameCurrency(a, b) };
}

/** -1, 0 or 1 as a is less than, equal to or more than b; throws when the currencies differ. */
export function compareMoney(a: Money, b: Money): -1 | 0 | 1 {
	sameCurrency(a, b);
	return a.amount < b.amount ? -1 : a.amount > b.amount ? 1 : 0;
}

/** The amount in major units with '.' as the decimal mark ("1234.50", "-0.05", "1500"). */
export function decimalString(money: Money): `${number}` {
	const digits = CURRENCIES[money.currency].minorDigits;
	const sign = money.amount < 0n ? '-' : '';
	const units = (money.amount < 0n ? -money.amount : money.amount).toString();
	if (digits === 0) return `${sign}${units}` as `${number}`;
	const padded = units.padStart(digits + 1, '0');
	return `${sign}${padded.slice(0, -digits)}.${padded.slice(-digits)}` as `${number}`;
}

/** Why typed text is not an amount; each has a sentence in every language where it is shown. */
export type MoneyProblem =
	/** Nothing but spaces (or only a currency sign). */
	| 'empty'
	/** Letters or signs that are not digits, marks, spaces or this currency's sign. */
	| 'not_a_number'
	/** Digits of two scripts in one number ("1๒3"). */
	| 'mixed_scripts'
	/** Another currency's sign or code ("$5" where baht are asked for). */
	| 'wrong_currency'
	/** A mark that reads one way in this language and another way elsewhere ("1,50", "1.234"). */
	| 'ambiguous'
	/** Marks in impossible places ("1,23,456", "1..5", "1,234 567"). */
	| 'bad_separators'
	/** More digits after the decimal mark than the currency has (any, for riel, kip, kyat, dong). */
	| 'too_many_decimals'
	/** Below zero where the caller does not allow it. */
	| 'negative'
	/** More than MAX_AMOUNT minor units. */
	| 'too_large';

export type ParsedMoney = { ok: true; money: Money } | { ok: false; problem: MoneyProblem };

/**
 * The decimal mark of each language as people write amounts; the other of '.' and ',' groups
 * thousands. English, Thai, Khmer and Burmese write 1,234.50. Vietnamese and Lao write 1.234,50:
 * CLDR (and so `formatMoney`) does too, and prices in Laos are commonly written "20.000 ກີບ".
 * A member can type back exactly what the app shows them.
 */
const DECIMAL_MARK: Readonly<Record<Locale, '.' | ','>> = {
	en: '.',
	th: '.',
	km: '.',
	lo: ',',
	my: '.',
	vi: ','
};

/** Spaces that may group thousands in any language: they never mark decimals. */
const SPACES = new Set([' ', '\u00a0', '\u2009', '\u202f']);
const MINUS_SIGNS = ['-', '\u2212'];

/** The zero of each script whose digits people type (Latin, Thai, Lao, Khmer, Burmese). */
const DIGIT_ZEROS = [0x30, 0x0e50, 0x0ed0, 0x17e0, 0x1040];

/**
 * What may stand before or after an amount, matched without regard to case: the ISO code, the
 * signs `formatMoney` prints in the six languages, and the everyday word.
 */
const CURRENCY_SIGNS: Readonly<Record<Currency, readonly string[]>> = {
	THB: ['THB', '฿', 'บาท', 'บ.'],
	KHR: ['KHR', '៛', 'រៀល'],
	LAK: ['LAK', '₭', 'ກີບ'],
	MMK: ['MMK', 'Ks', 'K', 'ကျပ်'],
	VND: ['VND', '₫', 'đ', 'đồng'],
	USD: ['USD', 'US$', '$']
};

/** Longest first, so "US$" is found before "$" and "KHR" before "K". */
const SIGNS = Object.entries(CURRENCY_SIGNS)
	.flatMap(([currency, signs]) =>
		signs.map((sign) => ({ currency: currency as Currency, sign: sign.toLowerCase() }))
	)
	.sort((a, b) => b.sign.length - a.sign.length);

/** "5k" means five thousand, so a K is kyat only set apart, as in "၅ K". */
const APART_ONLY = 'k';

type Sign = { currency: Currency; rest: string } | null;

function signAtStart(text: string): Sign {
	const lower = text.toLowerCase();
	for (const { currency, sign } of SIGNS) {
		if (!lower.startsWith(sign)) continue;
		const rest = text.slice(sign.length);
		if (sign === APART_ONLY && (text[0] !== 'K' || rest.trimStart() === rest)) continue;
		return { currency, rest };
	}
	return null;
}

function signAtEnd(text: string): Sign {
	const lower = text.toLowerCase();
	for (const { currency, sign } of SIGNS) {
		if (!lower.endsWith(sign)) continue;
		const rest = text.slice(0, -sign.length);
		if (sign === APART_ONLY && (text.at(-1) !== 'K' || rest.trimEnd() === rest)) continue;
		return { currency, rest };
	}
	return null;
}

function takeMinus(text: string): { minus: boolean; rest: string } {
	const minus = MINUS_SIGNS.some((sign) => text.startsWith(sign));
	return { minus, rest: minus ? text.slice(1).trimStart() : text };
}

/**
 * Reads an amount as a person types it: in Latin, Thai, Khmer, Lao or Burmese digits (one script
 * per number), with or without the language's thousands marks or spaces, a decimal part of at
 * most the currency's digits, the currency's sign or code before or after, and a minus sign
 * (before or after a leading sign) only when `allowNegative`.
 *
 * Anything that could be read two ways is refused, never guessed: "1,50" in English (a decimal
 * comma elsewhere), "1.234" in English for dong (a thousands point in Vietnamese), "1.5" for kip.
 */
export function parseMoney(
	text: string,
	currency: Currency,
	locale: Locale,
	options: { allowNegative?: boolean } = {}
): ParsedMoney {
	const refuse = (problem: MoneyProblem): ParsedMoney => ({ ok: false, problem });

	const trimmed = text.normalize('NFC').trim();
	if (trimmed === '') return refuse('empty');
	// "-฿5", "฿-5", "-5 ฿", "5 ฿": a minus before the number, a sign at either end.
	let { minus, rest } = takeMinus(trimmed);
	const signs: Currency[] = [];
	const before = signAtStart(rest);
	if (before) {
		signs.push(before.currency);
		rest = before.rest.trimStart();
		if (!minus) ({ minus, rest } = takeMinus(rest));
	}
	const after = signAtEnd(rest);
	if (after) {
		signs.push(after.currency);
		rest = after.rest.trimEnd();
	}
	if (signs.some((sign) => sign !== currency)) return refuse('wrong_currency');
	if (rest === '') return refuse('empty');

	const number = readNumber(rest, CURRENCIES[currency].minorDigits, DECIMAL_MARK[locale]);
	if (typeof number === 'string') return refuse(number);
	if (minus && !options.allowNegative) return refuse('negative');
	if (number > MAX_AMOUNT) return refuse('too_large');
	return { ok: true, money: { amount: minus ? -number : number, currency } };
}

/** The minor units written in `text` (digits, marks and spaces only), or why there are none. */
function readNumber(
	text: string,
	minorDigits: number,
	decimalMark: '.' | ','
): bigint | MoneyProblem {
	// Latin digits, the marks, and ' ' for every kind of space; one script of digits.
	let latin = '';
	const scripts = new Set<number>();
	for (const char of text) {
		const code = char.codePointAt(0)!;
		const zero = DIGIT_ZEROS.find((start) => code >= start && code <= start + 9);
		if (zero !== undefined) {
			scripts.add(zero);
			latin += String(code - zero);
		} else if (char === '.' || char === ',') latin += char;
		else if (SPACES.has(char)) latin += ' ';
		else return 'not_a_number';
	}
	if (scripts.size === 0) return 'not_a_number';
	if (scripts.size > 1) return 'mixed_scripts';

	const groupMark = decimalMark === '.' ? ',' : '.';
	const [whole, fraction, ...more] = latin.split(decimalMark);
	if (more.length > 0) return 'bad_separators';
	if (fraction !== undefined && !/^\d+$/.test(fraction)) return 'bad_separators';

	const separators = new Set(whole.replace(/\d/g, ''));
	const groups = whole.split(/[ .,]/);
	if (separators.size > 1 || groups.some((group) => group === '')) return 'bad_separators';
	if (groups.length > 1) {
		const [first, ...thousands] = groups;
		const wellGrouped =
			first.length <= 3 && !first.startsWith('0') && thousands.every((g) => g.length === 3);
		if (!wellGrouped) {
			// "1,50" or "0,5": one mark before the end, a decimal mark in other languages.
			const foreignDecimal =
				separators.has(groupMark) && groups.length === 2 && fraction === undefined;
			return foreignDecimal ? 'ambiguous' : 'bad_separators';
		}
	}

	if (fraction !== undefined && fraction.length > minorDigits) {
		// "1.234" with no other mark: thousands in other languages, whatever the currency.
		return fraction.length === 3 && groups.length === 1 ? 'ambiguous' : 'too_many_decimals';
	}
	return BigInt(groups.join('') + (fraction ?? '').padEnd(minorDigits, '0'));
}
