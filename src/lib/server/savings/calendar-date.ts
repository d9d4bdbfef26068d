/*
 * Meetings happen on calendar days, not instants: a date is 'YYYY-MM-DD', compared as text and
 * moved with UTC arithmetic, so no time zone can shift a loan's anniversary by a day.
 */

export type CalendarDate = string;

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCalendarDate(value: unknown): value is CalendarDate {
	if (typeof value !== 'string') return false;
	const match = PATTERN.exec(value);
	if (!match) return false;
	const [, year, month, day] = match.map(Number);
	const date = new Date(Date.UTC(year, month - 1, day));
	return (
		date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
	);
}

/**
 * The same day `months` later; a day the month lacks becomes its last day (31 January + 1 month
 * is 28 or 29 February), as people count a monthly anniversary.
 */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
	const [year, month, day] = date.split('-').map(Number);
	const target = new Date(Date.UTC(year, month - 1 + months, 1));
	const lastDay = new Date(
		Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)
	).getUTCDate();
	target.setUTCDate(Math.min(day, lastDay));
	return target.toISOString().slice(0, 10);
}
