import { describe, expect, it } from 'vitest';
import { numberText } from './number-text';
import { hasPhoneNumber } from './phone-number';

describe('numberText', () => {
	it('reads digits of every script and emoji digits as ASCII', () => {
		expect(numberText('٠٨١ ۲۳۴ ๕๖៧ ໘၉')).toBe('081 234 567 89');
		expect(numberText('1️⃣2️⃣ ❶➁➓ ⓫⓴ ⓵⓿ 𝟗 ①')).toBe('12 1210 1120 10 9 1');
	});

	it('reads number words, but not inside other words', () => {
		expect(numberText('zero eight one')).toBe('0 8 1');
		expect(numberText('someone gone')).toBe('someone gone');
		expect(numberText('ศูนย์แปดหนึ่ง')).toBe('081');
		expect(numberText('ប្រាំមួយ ប្រាំ')).toBe('6 5');
	});

	it('reads look-alike letters as digits only beside digits', () => {
		expect(numberText('O8l S67 b')).toBe('081 567 8');
		expect(numberText('so is oil 5 boss')).toBe('so is oil 5 boss');
	});
});

describe('hasPhoneNumber', () => {
	it.each([
		'0 8 1 . 2 3 4 / 5 6 7 8',
		'+66 2025 1234',
		'081-234-5678 12/3/2025',
		'1234 5678',
		'81.234.567.8'
	])('finds a number in %s', (text) => {
		expect(hasPhoneNumber(text)).toBe(true);
	});

	it.each([
		'1,200,000',
		'10.000.000',
		'25000000',
		'10 000 000',
		'12.03.2025 10.30-12.00',
		'2019 2023',
		'12/3/2025 500',
		'15000-20000',
		'500, 200, 300, 100, 250'
	])('lets %s through', (text) => {
		expect(hasPhoneNumber(text)).toBe(false);
	});
});
