/*
 * Intl formatters are slow to make (tens of microseconds each, more with a time zone: a circle page
 * of 30 messages spent more time making them than rendering) and safe to share. One is kept per
 * locale and options: a handful of locales, the options written in the code and the few time zones
 * the site and its courses use, so the cache stays small.
 */
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

function kept<T>(cache: Map<string, T>, key: string, make: () => T): T {
	let formatter = cache.get(key);
	if (!formatter) {
		formatter = make();
		cache.set(key, formatter);
	}
	return formatter;
}

/** `new Intl.NumberFormat(locale, options)`, made once. */
export function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}) {
	return kept(numberFormats, `${locale} ${JSON.stringify(options)}`, () => {
		return new Intl.NumberFormat(locale, options);
	});
}

/** `new Intl.DateTimeFormat(locale, options)`, made once. */
export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions = {}) {
	return kept(dateTimeFormats, `${locale} ${JSON.stringify(options)}`, () => {
		return new Intl.DateTimeFormat(locale, options);
	});
}
