import { dateTimeFormat } from '$lib/i18n/formatters';
import { getLocale } from '$lib/paraglide/runtime';

/*
 * A course's times are shown on the course's own clock (Yangon is half an hour behind Bangkok),
 * whatever the site's, and formatted on the server, where Node has the full ICU data.
 */

/** "Mon, 14 Dec 2026" in the member's language, on the course's clock. */
export function courseDay(value: Date, timeZone: string, locale: string = getLocale()): string {
	return dateTimeFormat(locale, {
		weekday: 'short',
		day: 'numeric',
		month: 'short',
		year: 'numeric',
		timeZone
	}).format(value);
}

/** "09:00–12:00" (or as the member's language writes a range of times), on the course's clock. */
export function courseHours(
	start: Date,
	end: Date,
	timeZone: string,
	locale: string = getLocale()
): string {
	return dateTimeFormat(locale, {
		hour: 'numeric',
		minute: '2-digit',
		timeZone
	}).formatRange(start, end);
}

/** A moment with its day and time on the course's clock: an offer's deadline. */
export function courseMoment(value: Date, timeZone: string, locale: string = getLocale()): string {
	return dateTimeFormat(locale, {
		dateStyle: 'medium',
		timeStyle: 'short',
		timeZone
	}).format(value);
}

/** 'YYYY-MM-DD' of a moment on a clock: which day it falls on there. */
export function dayOn(value: Date, timeZone: string): string {
	return dateTimeFormat('en-CA', {
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		timeZone
	}).format(value);
}
