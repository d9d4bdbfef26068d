import type { Clock } from '../../src/lib/server/clock';

const HOUR = 60 * 60_000;

/**
 * A clock that only moves when told: expiry is tested without waiting. It starts a year ahead, so
 * that what a test does in its own time never looks stale to housekeeping run in real time by a
 * test beside it on a shared database; and always at noon in the region (05:00 UTC), so that a
 * test never depends on the hour it runs at (a session "tomorrow at 09:00" is the same distance
 * away whether the suite runs in the morning or at night).
 */
export function fakeClock(
	start = new Date(Math.floor(Date.now() / (24 * HOUR)) * 24 * HOUR + 365 * 24 * HOUR + 5 * HOUR)
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
