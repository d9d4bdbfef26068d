/**
 * Requests and socket events the server is still answering. Shutdown waits for them before the
 * database closes: work cut off half-way would answer a 500, or fail a send, for something a
 * member had already sent (a form still arriving over a slow phone when a new version is deployed).
 */
let running = 0;
let wakers: Array<() => void> = [];

/** Runs `work`, counted as in flight until it settles. */
export async function inFlight<T>(work: () => Promise<T>): Promise<T> {
	running += 1;
	try {
		return await work();
	} finally {
		running -= 1;
		if (running === 0) for (const wake of wakers.splice(0)) wake();
	}
}

/**
 * Resolves once nothing is in flight, with 0, or after `timeoutMs` with how much still is: a
 * request that never ends (a client that stops sending) cannot hold a shutdown for ever.
 */
export function workSettled(timeoutMs: number): Promise<number> {
	if (running === 0) return Promise.resolve(0);
	return new Promise((resolve) => {
		const wake = () => {
			clearTimeout(timer);
			resolve(0);
		};
		const timer = setTimeout(() => {
			wakers = wakers.filter((waker) => waker !== wake);
			resolve(running);
		}, timeoutMs);
		wakers.push(wake);
	});
}
