import { getLocale } from '$lib/paraglide/runtime';

/** A number in the member's locale and its own digits (Burmese shows ၃, not 3). */
export function formatNumber(value: number | bigint, locale: string = getLocale()): string {
	return new Intl.NumberFormat(locale).format(value);
}
