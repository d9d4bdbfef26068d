import { describe, expect, it } from 'vitest';
import { CURRENCIES, parseMoney, type Currency, type Money } from '$lib/money';
import { locales, type Locale } from '$lib/paraglide/runtime';
import { formatCalendarDate, formatMoney } from './format';

const NBSP = '\u00a0';
const money = (amount: bigint, currency: Currency): Money => ({ amount, currency });

/** Node's full ICU: Burmese in its own digits, the others in Latin digits, each its own marks. */
const expected: Record<Locale, string[]> = {
	en: [
		`THB${NBSP}1,234.56`,
		`KHR${NBSP}1,234,500`,
		`LAK${NBSP}25,000`,
		`MMK${NBSP}1,500`,
		'₫1,234,567',
		'$90,071,992,547,409.93',
		`-THB${NBSP}0.05`,
		'-₫20,000'
	],
	th: [
		'฿1,234.56',
		`KHR${NBSP}1,234,500`,
		`LAK${NBSP}25,000`,
		`MMK${NBSP}1,500`,
		'₫1,234,567',
		'US$90,071,992,547,409.93',
		'-฿0.05',
		'-₫20,000'
	],
	km: [
		'1,234.56฿',
		'1,234,500៛',
		`25,000${NBSP}LAK`,
		`1,500${NBSP}MMK`,
		'1,234,567₫',
		'90,071,992,547,409.93$',
		'-0.05฿',
		'-20,000₫'
	],
	lo: [
		'฿1.234,56',
		`KHR${NBSP}1.234.500`,
		'₭25.000',
		`MMK${NBSP}1.500`,
		'₫1.234.567',
		'US$90.071.992.547.409,93',
		'฿-0,05',
		'₫-20.000'
	],
	my: [
		`၁,၂၃၄.၅၆${NBSP}฿`,
		`၁,၂၃၄,၅၀၀${NBSP}KHR`,
		`၂၅,၀၀၀${NBSP}LAK`,
		`၁,၅၀၀${NBSP}K`,
		`၁,၂၃၄,၅၆၇${NBSP}₫`,
		`၉၀,၀၇၁,၉၉၂,၅၄၇,၄၀၉.၉၃${NBSP}US$`,
		`-၀.၀၅${NBSP}฿`,
		`-၂၀,၀၀၀${NBSP}₫`
	],
	vi: [
		`1.234,56${NBSP}฿`,
		`1.234.500${NBSP}KHR`,
		`25.000${NBSP}LAK`,
		`1.500${NBSP}MMK`,
		`1.234.567${NBSP}₫`,
		`90.071.992.547.409,93${NBSP}US$`,
		`-0,05${NBSP}฿`,
		`-20.000${NBSP}₫`
	]
};

const amounts = [
	money(123456n, 'THB'),
	money(1_234_500n, 'KHR'),
	money(25_000n, 'LAK'),
	money(1500n, 'MMK'),
	money(1_234_567n, 'VND'),
	// 2^53 + 1 cents: exact, no float on the way.
	money(9_007_199_254_740_993n, 'USD'),
	money(-5n, 'THB'),
	money(-20_000n, 'VND')
];

describe('formatMoney', () => {
	it.each(locales)('writes amounts in %s exactly, with the currency’s own decimals', (locale) => {
		expect(amounts.map((amount) => formatMoney(amount, locale))).toEqual(expected[locale]);
	});

	it('is read back by parseMoney as the same amount, in every language and currency', () => {
		const currencies = Object.keys(CURRENCIES) as Currency[];
		for (const locale of locales) {
			for (const currency of currencies) {
				for (const amount of [0n, 7n, -1234n, 1_000_000n, 999_999_999_999_999n]) {
					const shown = formatMoney(money(amount, currency), locale);
					expect(parseMoney(shown, currency, locale, { allowNegative: true }), shown).toEqual({
						ok: true,
						money: money(amount, currency)
					});
				}
			}
		}
	});
});

describe('formatCalendarDate', () => {
	// A day far from UTC midnight on either side must stay the same day in every locale.
	it.each(['2026-01-01', '2026-12-31'])('keeps %s on its own day', (date) => {
		const day = Number(date.slice(8));
		expect(formatCalendarDate(date, 'en')).toContain(String(day));
		expect(formatCalendarDate(date, 'en')).toContain('2026');
	});

	it('writes the date in the locale, Burmese in its own digits', () => {
		expect(formatCalendarDate('2026-03-05', 'en')).toBe('Mar 5, 2026');
		expect(formatCalendarDate('2026-03-05', 'my')).toContain('၂၀၂၆');
	});
});
