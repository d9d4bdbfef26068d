import { CURRENCIES, decimalString, type Money } from '$lib/money';
import { dateTimeFormat, numberFormat } from '$lib/i18n/formatters';
import { getLocale } from '$lib/paraglide/runtime';
import { config } from '../config';

/*
 * Numbers and dates are formatted on the server, never in the browser: browsers ship trimmed ICU
 * data, and Chromium formats `my`, `km` and `lo` as US English. Node has the full data, so a page
 * formats here and hands the browser finished strings.
 */

/** A number in the member's locale and its own digits (Burmese shows ၃, not 3). */
export function formatNumber(value: number | bigint, locale: string = getLocale()): string {
	return numberFormat(locale).format(value);
}

/**
 * An amount with its currency, as the locale writes it, always with the currency's own decimals
 * (riel, kip, kyat and dong have none here, whatever ICU's default): "฿1,234.50" in Thai,
 * "၁,၂၃၄ K" in Burmese, "1.234 ₫" in Vietnamese. Exact for any bigint: Intl reads the decimal
 * string, never a float.
 */
export function formatMoney(money: Money, locale: string = getLocale()): string {
	const digits = CURRENCIES[money.currency].minorDigits;
	return numberFormat(locale, {
		style: 'currency',
		currency: money.currency,
		minimumFractionDigits: digits,
		maximumFractionDigits: digits
	}).format(decimalString(money));
}

/** A calendar date in the member's locale and the site's time zone: "29 พ.ย. 2569". */
export function formatDate(value: Date, locale: string = getLocale()): string {
	return dateTimeFormat(locale, {
		dateStyle: 'medium',
		timeZone: config().TIME_ZONE
	}).format(value);
}

/** A date and time in the member's locale and the site's time zone: "29 พ.ย. 2569 14:05". */
export function formatDateTime(value: Date, locale: string = getLocale()): string {
	return dateTimeFormat(locale, {
		dateStyle: 'medium',
		timeStyle: 'short',
		timeZone: config().TIME_ZONE
	}).format(value);
}

/**
 * A calendar date kept as 'YYYY-MM-DD' (a savings meeting's day), in the member's locale. It is a
 * day, not a moment, so no time zone may move it to the day before.
 */
export function formatCalendarDate(date: string, locale: string = getLocale()): string {
	return dateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
		new Date(`${date}T00:00:00Z`)
	);
}
