import { describe, expect, it } from 'vitest';
import { coalesced } from './coalesced';

describe('a coalesced load', () => {
	it('runs once more after a burst of calls, never two at a time', async () => {
		let running = 0;
		let most = 0;
		let runs = 0;
		const finish: Array<() => void> = [];
		const run = coalesced(async () => {
			runs += 1;
			running += 1;
			most = Math.max(most, running);
			await new Promise<void>((resolve) => finish.push(resolve));
			running -= 1;
		});
		run();
		run();
		run();
		expect(runs).toBe(1);
		finish.shift()!();
		await new Promise((resolve) => setTimeout(resolve, 0));
		expect(runs).toBe(2);
		finish.shift()!();
		await new Promise((resolve) => setTimeout(resolve, 0));
		expect(runs).toBe(2);
		expect(most).toBe(1);
	});

	it('keeps working after a load that failed', async () => {
		let runs = 0;
		const run = coalesced(async () => {
			runs += 1;
			throw new Error('offline');
		});
		run();
		await new Promise((resolve) => setTimeout(resolve, 0));
		run();
		await new Promise((resolve) => setTimeout(resolve, 0));
		expect(runs).toBe(2);
	});
});
