import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import type { AttendanceSheet } from '$lib/server/courses/attendance';
import { courseMoment, dayOn } from '$lib/server/courses/course-time';
import { formatNumber } from '$lib/server/i18n/format';

/*
 * The check-in code as the sheet and its refresh say it, in the reader's language. Shared by the
 * page and by the small JSON answer its script asks for a new code.
 */

/** How many of the people on the sheet checked themselves in with the code. */
export const checkedInCount = (sheet: AttendanceSheet) =>
	sheet.people.filter((person) => person.byCode).length;

export const checkedInWords = (sheet: AttendanceSheet) =>
	m.attendance_code_checked_in({ count: formatNumber(checkedInCount(sheet)) });

/** "New code in 17 seconds", for every second a code can have left (0 to 30). */
export const secondsWords = () =>
	Array.from({ length: 31 }, (_, seconds) =>
		m.attendance_code_seconds({ seconds: formatNumber(seconds) })
	);

/** When check-in closes, on the course's clock: the time alone when it is the session's day. */
export function closesWords(sheet: AttendanceSheet, closesAt: Date, timeZone: string): string {
	const sameDay = dayOn(closesAt, timeZone) === dayOn(sheet.session.startsAt, timeZone);
	const time = sameDay
		? new Intl.DateTimeFormat(getLocale(), { hour: 'numeric', minute: '2-digit', timeZone }).format(
				closesAt
			)
		: courseMoment(closesAt, timeZone);
	return m.attendance_code_closes({ time });
}
