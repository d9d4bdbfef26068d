import { performance } from 'node:perf_hooks';

/**
 * How many live messages one process takes on at once. Past capacity, a send that waits in a
 * queue only grows the queue: it times out on the phone, and pages wait behind it for a database
 * connection. So a send beyond the limits is answered at once with `busy` and a suggested wait,
 * touching nothing; the phone sends it again with the same client id, which stores it once.
 */
export interface SendLimits {
	/**
	 * Sends being handled (session check, access check, the write) at once. Enough to keep the
	 * database busy (PostgreSQL's default pool of 10, or PGlite's one connection), few enough that a
	 * page's query waits behind a couple of rounds of them at most.
	 */
	maxInFlight: number;
	/**
	 * How late the event loop runs, smoothed, beyond which new sends wait: every page and event of
	 * this process waits that long too. A single stall (garbage collection) does not reach it.
	 */
	maxLagMs: number;
}

export const SEND_LIMITS: SendLimits = { maxInFlight: 32, maxLagMs: 250 };

export type Admitted = { ok: true; done: () => void } | { ok: false; retryAfterMs: number };

export interface SendAdmission {
	/** Takes a place for one send; `done` gives it back once the send is answered. */
	admit(): Admitted;
}

/** The wait suggested to a refused send: long enough for the current ones to finish. */
const RETRY_MIN_MS = 200;
const RETRY_MAX_MS = 5_000;

/** One process's places for sends (the limits apply to the process, not to each socket). */
export function sendAdmission(limits: Partial<SendLimits> = {}): SendAdmission {
	const { maxInFlight, maxLagMs } = { ...SEND_LIMITS, ...limits };
	if (Number.isFinite(maxLagMs)) startLagSampler();
	let inFlight = 0;
	// How long a send takes from arrival to answer, smoothed: queueing included.
	let sendMs = 0;
	return {
		admit() {
			if (inFlight >= maxInFlight || lagMs > maxLagMs) {
				const wait = 2 * Math.max(sendMs, lagMs);
				return {
					ok: false,
					retryAfterMs: Math.round(Math.min(RETRY_MAX_MS, Math.max(RETRY_MIN_MS, wait)))
				};
			}
			inFlight++;
			const start = performance.now();
			let open = true;
			return {
				ok: true,
				done() {
					if (!open) return;
					open = false;
					inFlight--;
					sendMs = 0.8 * sendMs + 0.2 * (performance.now() - start);
				}
			};
		}
	};
}

let shared: SendAdmission | undefined;

/** The process's own admission, with the default limits. */
export function processSendAdmission(): SendAdmission {
	shared ??= sendAdmission();
	return shared;
}

const TICK_MS = 100;
let lagMs = 0;
let sampler: ReturnType<typeof setInterval> | undefined;

/** How late the event loop runs now, smoothed over the last few tenths of a second. */
export function eventLoopLagMs(): number {
	return lagMs;
}

// A timer that should fire every TICK_MS: how late it fires is how long everything else waits.
function startLagSampler(): void {
	if (sampler) return;
	let last = performance.now();
	sampler = setInterval(() => {
		const now = performance.now();
		lagMs = 0.7 * lagMs + 0.3 * Math.max(0, now - last - TICK_MS);
		last = now;
	}, TICK_MS);
	sampler.unref();
}
