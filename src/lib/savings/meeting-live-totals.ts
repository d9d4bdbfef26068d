import { CURRENCIES, decimalString, parseMoney, type Currency } from '$lib/money';
import type { Locale } from '$lib/paraglide/runtime';

/*
 * The meeting sheet's running totals in the browser, as the secretary types: a small sum of what
 * is typed, for the eye only. The server works out every amount again when the sheet is checked
 * or recorded and never takes these. Pure, so the page's script stays small.
 */

/**
 * How amounts look in the member's language, worked out on the server (which has the full
 * locale data browsers lack): the browser then writes totals as the server would.
 */
export interface MoneyLook {
	/** The whole amount with `{n}` where the number goes: "฿{n}", "{n} K", "₭{n}". */
	positive: string;
	negative: string;
	group: string;
	decimal: string;
	/** The ten digits of the language, 0 to 9. */
	numerals: string;
	minorDigits: number;
}

/** On the server: the look of `currency` in `locale`. */
export function moneyLook(currency: Currency, locale: string): MoneyLook {
	const minorDigits = CURRENCIES[currency].minorDigits;
	const format = new Intl.NumberFormat(locale, {
		style: 'currency',
		currency,
		minimumFractionDigits: minorDigits,
		maximumFractionDigits: minorDigits
	});
	const pattern = (value: number) => {
		const parts = format.formatToParts(value);
		const numeric = (type: string) => ['integer', 'group', 'decimal', 'fraction'].includes(type);
		const first = parts.findIndex((p) => numeric(p.type));
		const last = parts.findLastIndex((p) => numeric(p.type));
		const text = (from: number, to: number) =>
			parts
				.slice(from, to)
				.map((p) => p.value)
				.join('');
		return `${text(0, first)}{n}${text(last + 1, parts.length)}`;
	};
	const parts = format.formatToParts(1234567.5);
	const numerals = new Intl.NumberFormat(locale, { useGrouping: false });
	return {
		positive: pattern(1234567.5),
		negative: pattern(-1234567.5),
		group: parts.find((p) => p.type === 'group')?.value ?? ',',
		decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
		numerals: Array.from({ length: 10 }, (_, digit) => numerals.format(digit)).join(''),
		minorDigits
	};
}

/** In the browser: an amount in minor units, written as the server would. */
export function formatWithLook(amount: bigint, look: MoneyLook): string {
	const negative = amount < 0n;
	const plain = decimalString({
		amount: negative ? -amount : amount,
		currency: look.minorDigits === 2 ? 'THB' : 'VND'
	});
	const [whole, fraction] = plain.split('.');
	const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, '\u0000');
	const number = (fraction === undefined ? grouped : `${grouped}\u0001${fraction}`)
		.replace(/\d/g, (digit) => look.numerals[Number(digit)])
		.replaceAll('\u0000', look.group)
		.replaceAll('\u0001', look.decimal);
	return (negative ? look.negative : look.positive).replace('{n}', number);
}

export type Till = 'loan:box' | 'social:box' | 'loan:bank' | 'social:bank';
export const LIVE_TILLS: readonly Till[] = ['loan:box', 'social:box', 'loan:bank', 'social:bank'];

export interface LiveSheet {
	currency: Currency;
	locale: Locale;
	memberIds: readonly string[];
	sharePrice: bigint;
	fineLate: bigint;
	fineAbsent: bigint;
	/** Cash per fund and place as the books stand before the meeting. */
	before: Record<Till, bigint>;
	slots: { loans: number; grants: number; other: number; transfers: number };
}

/** A `LiveSheet` as the server sends it to the page, amounts as text, with how money looks. */
export interface LiveSheetText {
	currency: Currency;
	locale: Locale;
	memberIds: readonly string[];
	sharePrice: string;
	fineLate: string;
	fineAbsent: string;
	before: Record<Till, string>;
	look: MoneyLook;
}

export function liveSheetFrom(text: LiveSheetText, slots: LiveSheet['slots']): LiveSheet {
	return {
		currency: text.currency,
		locale: text.locale,
		memberIds: text.memberIds,
		sharePrice: BigInt(text.sharePrice),
		fineLate: BigInt(text.fineLate),
		fineAbsent: BigInt(text.fineAbsent),
		before: Object.fromEntries(
			LIVE_TILLS.map((till) => [till, BigInt(text.before[till])])
		) as Record<Till, bigint>,
		slots
	};
}

export interface LiveTotals {
	sharesBought: number;
	moneyIn: bigint;
	moneyOut: bigint;
	/** What the books will expect at the end of the meeting, per fund and place. */
	expected: Record<Till, bigint>;
	/** What was typed as counted at the end; null where nothing is typed. */
	counted: Record<Till, bigint | null>;
	/** Fields whose text is not a number yet: the totals leave them out. */
	unread: number;
}

/** The sheet's totals from what is typed (`field` reads a field by name; '' when absent). */
export function liveTotals(sheet: LiveSheet, field: (name: string) => string): LiveTotals {
	let unread = 0;
	const amount = (name: string): bigint => {
		const text = field(name);
		if (text.trim() === '') return 0n;
		const parsed = parseMoney(text, sheet.currency, sheet.locale);
		if (!parsed.ok) {
			unread++;
			return 0n;
		}
		return parsed.money.amount;
	};
	const count = (name: string): number => {
		const text = field(name).trim();
		if (text === '') return 0;
		let digits = '';
		for (const char of text) {
			const code = char.codePointAt(0)!;
			const zero = [0x30, 0x0e50, 0x0ed0, 0x17e0, 0x1040].find((z) => code >= z && code <= z + 9);
			if (zero === undefined) {
				unread++;
				return 0;
			}
			digits += String(code - zero);
		}
		// Hundreds of digits make Infinity, which no BigInt holds: unread, like any other bad count.
		const shares = Number(digits);
		if (Number.isSafeInteger(shares)) return shares;
		unread++;
		return 0;
	};

	const cash = { ...sheet.before };
	for (const till of LIVE_TILLS) {
		const [fund, place] = till.split(':');
		if (field(`counts.start.${fund}.${place}`).trim() !== '')
			cash[till] = amount(`counts.start.${fund}.${place}`);
	}
	let moneyIn = 0n;
	let moneyOut = 0n;
	let sharesBought = 0;
	const move = (till: Till, value: bigint) => {
		cash[till] += value;
		if (value > 0n) moneyIn += value;
		else moneyOut -= value;
	};

	for (const id of sheet.memberIds) {
		const at = (name: string) => `rows.${id}.${name}`;
		const attendance = field(at('attendance')) || 'present';
		if (attendance === 'late') move('loan:box', sheet.fineLate);
		if (attendance === 'absent') move('loan:box', sheet.fineAbsent);
		move('loan:box', amount(at('fineOther')));
		if (attendance === 'absent') continue;
		const shares = count(at('shares'));
		sharesBought += shares;
		move('loan:box', BigInt(shares) * sheet.sharePrice);
		move('social:box', amount(at('socialFund')));
		move('loan:box', amount(at('repaid')));
	}
	for (let slot = 0; slot < sheet.slots.loans; slot++)
		if (field(`loans.${slot}.memberId`)) move('loan:box', -amount(`loans.${slot}.principal`));
	for (let slot = 0; slot < sheet.slots.grants; slot++)
		move('social:box', -amount(`grants.${slot}.amount`));
	for (let slot = 0; slot < sheet.slots.other; slot++) {
		const value = amount(`other.${slot}.amount`);
		move('loan:box', field(`other.${slot}.direction`) === 'cost' ? -value : value);
	}
	for (let slot = 0; slot < sheet.slots.transfers; slot++) {
		const value = amount(`transfers.${slot}.amount`);
		const fund = field(`transfers.${slot}.fund`) === 'social' ? 'social' : 'loan';
		const to = field(`transfers.${slot}.to`) === 'box' ? 'box' : 'bank';
		const from = to === 'bank' ? 'box' : 'bank';
		// A move between places is neither money in nor out.
		cash[`${fund}:${from}`] -= value;
		cash[`${fund}:${to}`] += value;
	}

	const counted = {} as Record<Till, bigint | null>;
	for (const till of LIVE_TILLS) {
		const [fund, place] = till.split(':');
		const name = `counts.end.${fund}.${place}`;
		counted[till] = field(name).trim() === '' ? null : amount(name);
	}
	return { sharesBought, moneyIn, moneyOut, expected: cash, counted, unread };
}

/**
 * The hint under a till's count at the end: what the books expect, and how far the count is from
 * it. `words` are the reader's "…expect {amount}" and "difference {amount}".
 */
export function expectedHint(
	totals: LiveTotals,
	till: Till,
	look: MoneyLook,
	words: { expected: string; differs: string }
): string {
	const counted = totals.counted[till];
	const difference = counted === null ? 0n : counted - totals.expected[till];
	const expected = words.expected.replace('{amount}', formatWithLook(totals.expected[till], look));
	if (!difference) return expected;
	return `${expected} · ${words.differs.replace('{amount}', formatWithLook(difference, look))}`;
}
