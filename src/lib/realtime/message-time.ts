import { dateTimeFormat } from '$lib/i18n/formatters';

/**
 * A message's time as digits ("14:05", or "28/11 14:05" before today) in the site's time zone.
 * Digits and a fixed pattern, because browsers lack the locale data for Burmese, Khmer and Lao:
 * the page and the live client must print the same thing.
 */
export function messageTime(iso: string, timeZone: string, now: Date = new Date()): string {
	const format = dateTimeFormat('en-GB', {
		timeZone,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23'
	});
	const parts = (date: Date) =>
		Object.fromEntries(format.formatToParts(date).map((part) => [part.type, part.value]));
	const at = parts(new Date(iso));
	const today = parts(now);
	const time = `${at.hour}:${at.minute}`;
	return at.day === today.day && at.month === today.month && at.year === today.year
		? time
		: `${at.day}/${at.month} ${time}`;
}
