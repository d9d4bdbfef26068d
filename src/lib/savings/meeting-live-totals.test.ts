import { describe, expect, it } from 'vitest';
import type { Currency } from '$lib/money';
import type { Locale } from '$lib/paraglide/runtime';
import { formatMoney } from '$lib/server/i18n/format';
import { formatWithLook, liveTotals, moneyLook, type LiveSheet } from './meeting-live-totals';

describe('amounts written in the browser as the server writes them', () => {
	const cases: Array<[Locale, Currency]> = [
		['en', 'THB'],
		['th', 'THB'],
		['km', 'KHR'],
		['lo', 'LAK'],
		['my', 'MMK'],
		['vi', 'VND'],
		['vi', 'USD'],
		['lo', 'THB'],
		['my', 'THB']
	];
	const amounts = [0n, 5n, 99n, 100n, 123_456n, 1_000_000n, 98_765_432_100n, -150n, -1_234_500n];
	it.each(cases)('in %s, %s', (locale, currency) => {
		const look = moneyLook(currency, locale);
		for (const amount of amounts) {
			expect(formatWithLook(amount, look)).toBe(formatMoney({ amount, currency }, locale));
		}
	});
});

describe('the running totals', () => {
	const A = 'a';
	const B = 'b';
	const sheet: LiveSheet = {
		currency: 'THB',
		locale: 'en',
		memberIds: [A, B],
		sharePrice: 5_000n,
		fineLate: 500n,
		fineAbsent: 1_000n,
		before: { 'loan:box': 100_000n, 'social:box': 2_000n, 'loan:bank': 0n, 'social:bank': 0n },
		slots: { loans: 2, grants: 1, other: 1, transfers: 1 }
	};
	const typed =
		(fields: Record<string, string>) =>
		(name: string): string =>
			fields[name] ?? '';

	it('adds what is typed into the box it goes to, and takes out loans, grants and costs', () => {
		const totals = liveTotals(
			sheet,
			typed({
				[`rows.${A}.attendance`]: 'late',
				[`rows.${A}.shares`]: '2',
				[`rows.${A}.socialFund`]: '10',
				[`rows.${A}.repaid`]: '100',
				[`rows.${B}.attendance`]: 'absent',
				[`rows.${B}.shares`]: '3',
				[`rows.${B}.fineOther`]: '2',
				'loans.1.memberId': A,
				'loans.1.principal': '300',
				'grants.0.amount': '5',
				'other.0.direction': 'cost',
				'other.0.amount': '1',
				'transfers.0.fund': 'loan',
				'transfers.0.to': 'bank',
				'transfers.0.amount': '500',
				'counts.end.loan.box': '250',
				'counts.end.social.box': 'abc'
			})
		);
		expect(totals).toEqual({
			// The absent member's shares are not bought.
			sharesBought: 2,
			moneyIn: 500n + 1_000n + 200n + 10_000n + 1_000n + 10_000n,
			moneyOut: 30_000n + 500n + 100n,
			expected: {
				// 1,000 + 5 late + 10 absent + 2 fine + 100 shares + 100 repaid - 300 lent - 1 - 500 moved.
				'loan:box': 100_000n + 500n + 1_000n + 200n + 10_000n + 10_000n - 30_000n - 100n - 50_000n,
				'social:box': 2_000n + 1_000n - 500n,
				'loan:bank': 50_000n,
				'social:bank': 0n
			},
			counted: { 'loan:box': 25_000n, 'social:box': 0n, 'loan:bank': null, 'social:bank': null },
			unread: 1
		});
	});

	it('starts from the count at the start where there is one, in the member’s digits', () => {
		const totals = liveTotals(
			{ ...sheet, locale: 'th' },
			typed({
				'counts.start.loan.box': '๙๐๐',
				[`rows.${A}.shares`]: '๑',
				[`rows.${B}.shares`]: '0'
			})
		);
		expect(totals.expected['loan:box']).toBe(90_000n + 5_000n);
		expect(totals.sharesBought).toBe(1);
	});

	it('leaves out a count too long to be a number, as it leaves out any other text', () => {
		const totals = liveTotals(sheet, typed({ [`rows.${A}.shares`]: '9'.repeat(400) }));
		expect(totals.sharesBought).toBe(0);
		expect(totals.unread).toBe(1);
	});
});
