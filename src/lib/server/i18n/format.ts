import { getLocale } from '$lib/paraglide/runtime';
import { config } from '../config';

/*
 * Numbers and dates are formatted on the server, never in the browser: browsers ship trimmed ICU
 * data, and Chromium formats `my`, `km` and `lo` as US English. Node has the full data, so a page
 * formats here and hands the browser finished strings.
 */

/** A number in the member's locale and its own digits (Burmese shows ၃, not 3). */
export function formatNumber(value: number | bigint, locale: string = getLocale()): string {
	return new Intl.NumberFormat(locale).format(value);
}

/** A calendar date in the member's locale and the site's time zone: "29 พ.ย. 2569". */
export function formatDate(value: Date, locale: string = getLocale()): string {
	return new Intl.DateTimeFormat(locale, {
		dateStyle: 'medium',
		timeZone: config().TIME_ZONE
	}).format(value);
}

/** A date and time in the member's locale and the site's time zone: "29 พ.ย. 2569 14:05". */
export function formatDateTime(value: Date, locale: string = getLocale()): string {
	return new Intl.DateTimeFormat(locale, {
		dateStyle: 'medium',
		timeStyle: 'short',
		timeZone: config().TIME_ZONE
	}).format(value);
}
