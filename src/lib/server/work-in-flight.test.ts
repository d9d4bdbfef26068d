import { describe, expect, it } from 'vitest';
import { inFlight, workSettled } from './work-in-flight';

/** A piece of work that ends when the test says so. */
function pending() {
	let finish!: () => void;
	let fail!: (error: Error) => void;
	const done = new Promise<string>((resolve, reject) => {
		finish = () => resolve('answered');
		fail = reject;
	});
	return { done, finish, fail };
}

describe('work in flight', () => {
	it('settles at once when nothing runs', async () => {
		expect(await workSettled(1_000)).toBe(0);
	});

	it('waits for every piece of work, then settles with 0', async () => {
		const first = pending();
		const second = pending();
		const answers = [inFlight(() => first.done), inFlight(() => second.done)];
		let settled: number | undefined;
		const waiting = workSettled(10_000).then((left) => (settled = left));

		first.finish();
		await answers[0];
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect(settled).toBeUndefined();

		second.finish();
		expect(await waiting).toBe(0);
		expect(await answers[1]).toBe('answered');
	});

	it('counts work that fails as finished, and passes its error on', async () => {
		const work = pending();
		const answer = inFlight(() => work.done);
		const waiting = workSettled(10_000);
		work.fail(new Error('refused'));
		await expect(answer).rejects.toThrow('refused');
		expect(await waiting).toBe(0);
	});

	it('gives up after the time-out with how much is still running', async () => {
		const stuck = pending();
		const answer = inFlight(() => stuck.done);
		expect(await workSettled(30)).toBe(1);
		stuck.finish();
		await answer;
		expect(await workSettled(30)).toBe(0);
	});
});
