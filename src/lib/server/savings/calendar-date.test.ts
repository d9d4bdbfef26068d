import { describe, expect, it } from 'vitest';
import { addMonths, isCalendarDate } from './calendar-date';

describe('calendar dates', () => {
	it.each([
		['2026-01-15', 1, '2026-02-15'],
		['2026-01-31', 1, '2026-02-28'],
		['2028-01-31', 1, '2028-02-29'],
		['2026-03-31', 1, '2026-04-30'],
		['2026-11-30', 3, '2027-02-28'],
		['2026-12-05', 1, '2027-01-05'],
		['2026-05-31', 12, '2027-05-31'],
		['2026-05-20', 0, '2026-05-20']
	])('%s plus %i months is %s', (date, months, expected) => {
		expect(addMonths(date, months)).toBe(expected);
	});

	it.each([
		['2026-02-28', true],
		['2026-02-29', false],
		['2028-02-29', true],
		['2026-13-01', false],
		['2026-1-01', false],
		['', false],
		[20260101, false]
	])('%s is a calendar date: %s', (value, expected) => {
		expect(isCalendarDate(value)).toBe(expected);
	});
});
