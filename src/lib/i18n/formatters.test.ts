import { describe, expect, it } from 'vitest';
import { dateTimeFormat, numberFormat } from './formatters';

describe('formatters', () => {
	it('makes one number format per locale and options, and formats as Intl does', () => {
		const thai = numberFormat('th', { style: 'percent' });
		expect(numberFormat('th', { style: 'percent' })).toBe(thai);
		expect(numberFormat('th')).not.toBe(thai);
		expect(numberFormat('my', { style: 'percent' })).not.toBe(thai);
		expect(numberFormat('my').format(1234)).toBe(new Intl.NumberFormat('my').format(1234));
	});

	it('makes one date format per locale and options, its time zone included', () => {
		const options = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const;
		const bangkok = dateTimeFormat('en-GB', { ...options, timeZone: 'Asia/Bangkok' });
		const yangon = dateTimeFormat('en-GB', { ...options, timeZone: 'Asia/Yangon' });
		expect(dateTimeFormat('en-GB', { ...options, timeZone: 'Asia/Bangkok' })).toBe(bangkok);
		expect(yangon).not.toBe(bangkok);
		const noon = new Date('2026-12-04T05:00:00Z');
		expect(bangkok.format(noon)).toBe('12:00');
		expect(yangon.format(noon)).toBe('11:30');
	});
});
