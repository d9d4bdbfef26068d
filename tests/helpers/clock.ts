import type { Clock } from '../../src/lib/server/clock';

/** A clock that only moves when told: expiry is tested without waiting. */
export function fakeClock(start = new Date('2026-11-29T08:00:00Z')) {
	let now = start.getTime();
	const clock: Clock & { advance(ms: number): void } = Object.assign(() => new Date(now), {
		advance(ms: number) {
			now += ms;
		}
	});
	return clock;
}

export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;
