import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type {
	ClientToServerEvents,
	InterServerEvents,
	ServerToClientEvents,
	SocketData
} from '$lib/realtime/events';
import { isAllowedOrigin } from './origin';

export type RealtimeServer = Server<
	ClientToServerEvents,
	ServerToClientEvents,
	InterServerEvents,
	SocketData
>;

export interface AttachOptions {
	/** The public origin (ORIGIN); without it the Host header decides. */
	origin: string | undefined;
	/**
	 * Whether to close upgrade requests that are not for socket.io. False under Vite, whose own
	 * hot-reload WebSocket shares the server.
	 */
	ownsUpgrades: boolean;
}

let current: RealtimeServer | undefined;

/** Attaches socket.io to the HTTP server that serves the pages: one origin, one port. */
export function attachRealtime(httpServer: HttpServer, options: AttachOptions): RealtimeServer {
	const io: RealtimeServer = new Server(httpServer, {
		serveClient: false,
		destroyUpgrade: options.ownsUpgrades,
		allowRequest: (request, callback) => callback(null, isAllowedOrigin(request, options.origin))
	});
	current = io;
	return io;
}

/** The attached server, for services that emit after commit; undefined before attach (tests, CLI). */
export function realtime(): RealtimeServer | undefined {
	return current;
}

/**
 * Disconnects every client, stops accepting, and closes the HTTP server it is attached to once the
 * requests in flight have finished.
 */
export async function closeRealtime(): Promise<void> {
	const io = current;
	current = undefined;
	await io?.close();
}
