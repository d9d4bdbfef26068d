import type { CalendarDate } from './calendar-date';

/** The calendar day it is at `now` where the group meets (the site's time zone), as 'YYYY-MM-DD'. */
export function todayIn(timeZone: string, now: Date): CalendarDate {
	// en-CA writes dates as YYYY-MM-DD.
	return new Intl.DateTimeFormat('en-CA', {
		timeZone,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit'
	}).format(now);
}
