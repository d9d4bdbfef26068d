import type { Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import { closeDb } from '../db';
import { log } from '../log';
import { closeRealtime } from '../realtime/attach';
import { startRealtime } from './realtime';
import { workSettled } from '../work-in-flight';

/**
 * What `server.js` needs from the bundled app: it imports SvelteKit's handler, which loads the hooks,
 * which publish this under a well-known symbol. Going through the bundle keeps one module graph: one
 * database, one realtime server.
 */
export interface ServerRuntime {
	log: Logger;
	attach(httpServer: HttpServer): void;
	/**
	 * Closes sockets and the HTTP server (once its connections end), lets requests and socket
	 * events in flight finish, then closes the database: all within `waitMs`, as far as it can.
	 */
	close(waitMs: number): Promise<void>;
}

export const SERVER_RUNTIME = Symbol.for('circles.server-runtime');

/** `stopHousekeeping` ends the periodic clean-up before the database closes. */
export function publishServerRuntime(stopHousekeeping: () => void): void {
	const runtime: ServerRuntime = {
		log: log(),
		attach: (httpServer) => startRealtime(httpServer, true),
		close: async (waitMs) => {
			const deadline = Date.now() + waitMs;
			stopHousekeeping();
			await closeRealtime();
			// Connections may end before their requests do (a phone that dropped off).
			const unfinished = await workSettled(Math.max(0, deadline - Date.now()));
			if (unfinished > 0) log().warn({ unfinished, waitMs }, 'shutdown cut work in flight short');
			await closeDb();
		}
	};
	(globalThis as Record<symbol, unknown>)[SERVER_RUNTIME] = runtime;
}
