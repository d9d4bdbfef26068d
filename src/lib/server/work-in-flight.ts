/**
 * Requests and socket events the server is still answering. Shutdown waits for them before the
 * database closes, even where their connection is gone (a phone that dropped off mid-request, a
 * socket closed for the shutdown): work cut off half-way would fail for something a member had
 * already sent.
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
