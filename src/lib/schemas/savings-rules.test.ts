import { describe, expect, it } from 'vitest';
import { readPercent, readWholeNumber } from './savings-rules';

describe('numbers typed into the rules form', () => {
	it.each([
		['5', 5],
		[' 12 ', 12],
		['๑๒', 12],
		['១២', 12],
		['໑໒', 12],
		['၁၂', 12],
		['0', 0],
		['', null],
		['1.5', null],
		['-1', null],
		['1๒', null],
		['ten', null],
		['1234567', null]
	])('whole number %j reads as %j', (text, expected) => {
		expect(readWholeNumber(text)).toBe(expected);
	});

	it.each([
		['5', 500],
		['2.5', 250],
		['2,5', 250],
		['2.25', 225],
		['12 %', 1200],
		['๕', 500],
		['၂.၅', 250],
		['2.255', null],
		['2.5.1', null],
		['', null],
		['.5', null],
		['five', null]
	])('percent %j reads as %j hundredths', (text, expected) => {
		expect(readPercent(text)).toBe(expected);
	});
});
