import { describe, expect, it } from 'vitest';
import { toJson } from './json';

describe('toJson', () => {
	it('writes bigints, however deep, as exact decimal strings', () => {
		const value = {
			seq: 9_007_199_254_740_993n,
			list: [-5n, 1, 'x', null],
			nested: { at: new Date('2026-01-02T03:04:05.000Z'), amount: 0n }
		};
		expect(() => JSON.stringify(value)).toThrow(TypeError);
		expect(JSON.parse(toJson(value))).toEqual({
			seq: '9007199254740993',
			list: ['-5', 1, 'x', null],
			nested: { at: '2026-01-02T03:04:05.000Z', amount: '0' }
		});
	});

	it('indents when asked', () => {
		expect(toJson({ a: 1n }, 2)).toBe('{\n  "a": "1"\n}');
	});
});
