import { describe, expect, it } from 'vitest';
import { messageTime } from './message-time';

describe('messageTime', () => {
	it('shows the time alone for a message of today, the day and month before it for earlier ones', () => {
		const now = new Date('2026-12-04T10:00:00Z');
		expect(messageTime('2026-12-04T07:05:00Z', 'Asia/Bangkok', now)).toBe('14:05');
		expect(messageTime('2026-11-28T07:05:00Z', 'Asia/Bangkok', now)).toBe('28/11 14:05');
	});

	it('draws the line between days at midnight in the time zone, half-hour zones included', () => {
		// 23:59 in Yangon (UTC+6:30) on 3 December.
		const lastMinute = '2026-12-03T17:29:00Z';
		expect(messageTime(lastMinute, 'Asia/Yangon', new Date('2026-12-03T17:29:40Z'))).toBe('23:59');
		expect(messageTime(lastMinute, 'Asia/Yangon', new Date('2026-12-03T17:30:00Z'))).toBe(
			'03/12 23:59'
		);
	});

	it('answers for each time zone and each day it is asked on, however often the same minute is asked', () => {
		const at = '2026-12-03T20:15:30Z';
		// 03:15 on 4 December in Ho Chi Minh City (UTC+7).
		const sameDay = new Date('2026-12-03T20:30:00Z');
		const nextDay = new Date('2026-12-04T18:00:00Z');
		for (let round = 0; round < 2; round++) {
			expect(messageTime(at, 'UTC', sameDay)).toBe('20:15');
			expect(messageTime(at, 'Asia/Ho_Chi_Minh', sameDay)).toBe('03:15');
			expect(messageTime(at, 'Asia/Ho_Chi_Minh', nextDay)).toBe('04/12 03:15');
			expect(messageTime(at, 'UTC', nextDay)).toBe('03/12 20:15');
		}
	});

	it('stays right past the number of minutes it keeps', () => {
		const start = Date.parse('2026-01-01T00:00:00Z');
		const now = new Date('2026-12-04T00:00:00Z');
		for (let minute = 0; minute < 12_000; minute++) {
			const at = new Date(start + minute * 60_000).toISOString();
			const shown = messageTime(at, 'Asia/Bangkok', now);
			if (minute % 997 === 0) {
				const local = new Date(start + minute * 60_000 + 7 * 3_600_000);
				const two = (n: number) => String(n).padStart(2, '0');
				expect(shown).toBe(
					`${two(local.getUTCDate())}/${two(local.getUTCMonth() + 1)} ${two(local.getUTCHours())}:${two(local.getUTCMinutes())}`
				);
			}
		}
	});
});
