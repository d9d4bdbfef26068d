import { dateTimeFormat } from '$lib/i18n/formatters';

/**
 * A message's time as digits ("14:05", or "28/11 14:05" before today) in the site's time zone.
 * Digits and a fixed pattern, because browsers lack the locale data for Burmese, Khmer and Lao:
 * the page and the live client must print the same thing.
 */
export function messageTime(iso: string, timeZone: string, now: Date = new Date()): string {
	const at = localMinute(new Date(iso).getTime(), timeZone);
	const today = localMinute(now.getTime(), timeZone);
	return at.day === today.day ? at.time : `${at.dayMonth} ${at.time}`;
}

/** A minute as the site's clock shows it. */
interface LocalMinute {
	/** Its day, to compare with today's. */
	day: string;
	/** "28/11" */
	dayMonth: string;
	/** "14:05" */
	time: string;
}

/**
 * Splitting a time into its parts in a time zone costs about 6 µs, twice for each message (its
 * own minute and now's): 3% of all the server's time under load, on the circle and review pages.
 * Today's time zones all begin their minutes on a whole minute of UTC, so what a minute looks like
 * is kept by zone and minute: a page shown again, or the next message of the same minute, reads it
 * back. The oldest minute goes when it is full: a Map keeps its order, and a cache library would
 * only add to the phone's download (this runs in the live client too).
 */
const MINUTES_KEPT = 5_000;
const minutes = new Map<string, LocalMinute>();

function localMinute(epochMs: number, timeZone: string): LocalMinute {
	const minute = Math.floor(epochMs / 60_000);
	const key = `${timeZone} ${minute}`;
	let local = minutes.get(key);
	if (!local) {
		const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
		for (const part of minuteFormat(timeZone).formatToParts(minute * 60_000))
			parts[part.type] = part.value;
		local = {
			day: `${parts.year}-${parts.month}-${parts.day}`,
			dayMonth: `${parts.day}/${parts.month}`,
			time: `${parts.hour}:${parts.minute}`
		};
		if (minutes.size >= MINUTES_KEPT) minutes.delete(minutes.keys().next().value!);
		minutes.set(key, local);
	}
	return local;
}

const minuteFormat = (timeZone: string) =>
	dateTimeFormat('en-GB', {
		timeZone,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23'
	});
