import { describe, expect, it } from 'vitest';
import { loanLimit } from './loan-limit';

describe('loan limit', () => {
	it.each([
		{ name: 'three times savings', savings: 10_000n, owed: 0n, cash: 1_000_000n, limit: 30_000n },
		{
			name: 'minus what is still owed',
			savings: 10_000n,
			owed: 12_000n,
			cash: 1_000_000n,
			limit: 18_000n
		},
		{
			name: 'never more than the box holds',
			savings: 10_000n,
			owed: 0n,
			cash: 25_000n,
			limit: 25_000n
		},
		{ name: 'never below zero', savings: 1_000n, owed: 5_000n, cash: 25_000n, limit: 0n },
		{ name: 'an empty box lends nothing', savings: 10_000n, owed: 0n, cash: 0n, limit: 0n }
	])('$name', ({ savings, owed, cash, limit }) => {
		expect(loanLimit({ savings, owed, multiple: 3, loanFundCash: cash })).toBe(limit);
	});
});
