import type { Clock } from '../../src/lib/server/clock';

/**
 * A clock that only moves when told: expiry is tested without waiting. It starts a year ahead, so
 * that what a test does in its own time never looks stale to housekeeping run in real time by a
 * test beside it on a shared database.
 */
export function fakeClock(
	start = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 365 * 24 * 60 * 60_000)
) {
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
