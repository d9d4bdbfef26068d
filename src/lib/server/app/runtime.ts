import type { Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import { closeDb } from '../db';
import { log } from '../log';
import { closeRealtime } from '../realtime/attach';
import { startRealtime } from './realtime';

/**
 * What `server.js` needs from the bundled app: it imports SvelteKit's handler, which loads the hooks,
 * which publish this under a well-known symbol. Going through the bundle keeps one module graph: one
 * database, one realtime server.
 */
export interface ServerRuntime {
	log: Logger;
	attach(httpServer: HttpServer): void;
	/** Closes sockets and the HTTP server (after requests in flight), then the database. */
	close(): Promise<void>;
}

export const SERVER_RUNTIME = Symbol.for('circles.server-runtime');

/** `stopHousekeeping` ends the periodic clean-up before the database closes. */
export function publishServerRuntime(stopHousekeeping: () => void): void {
	const runtime: ServerRuntime = {
		log: log(),
		attach: (httpServer) => startRealtime(httpServer, true),
		close: async () => {
			stopHousekeeping();
			await closeRealtime();
			await closeDb();
		}
	};
	(globalThis as Record<symbol, unknown>)[SERVER_RUNTIME] = runtime;
}
