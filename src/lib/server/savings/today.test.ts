import { describe, expect, it } from 'vitest';
import { todayIn } from './today';

describe('todayIn', () => {
	it('is the day where the group is, not in UTC', () => {
		const lateEveningUtc = new Date('2026-03-04T20:30:00Z');
		expect(todayIn('UTC', lateEveningUtc)).toBe('2026-03-04');
		// 03:30 the next morning in Bangkok (UTC+7).
		expect(todayIn('Asia/Bangkok', lateEveningUtc)).toBe('2026-03-05');
	});
});
