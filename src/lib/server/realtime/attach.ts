import type { Server as HttpServer } from 'node:http';
import { Server, type ServerOptions, type Socket } from 'socket.io';
import type {
	ClientToServerEvents,
	InterServerEvents,
	ServerToClientEvents,
	SocketData
} from '$lib/realtime/events';
import { connectionRefused, socketClosed, socketOpened, type ConnectionRefusal } from '../metrics';
import { setBaseHeaders } from '../security-headers';
import { isAllowedOrigin } from './origin';
import { realtimeParser } from './parser';
import { accountRoom, sessionRoom } from './rooms';

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
	/** Who the handshake's cookie belongs to; null refuses the connection. */
	authenticate: (cookieHeader: string | undefined) => Promise<SocketData | null>;
	/**
	 * Takes a place for a signed-in socket among its session's (limits/socket-slots.ts); false
	 * refuses it with 'too_many'. Its place is given back through `release` when it disconnects.
	 */
	admit?: (socketId: string, identity: SocketData) => Promise<boolean>;
	release?: (socketId: string) => Promise<void>;
	/** Registers the domains' event handlers on each new socket. */
	onConnection?: (socket: RealtimeSocket) => void;
	/** Carries rooms across processes (REALTIME_ADAPTER=postgres or redis); in this process if unset. */
	adapter?: ServerOptions['adapter'];
}

export type RealtimeSocket = Socket<
	ClientToServerEvents,
	ServerToClientEvents,
	InterServerEvents,
	SocketData
>;

let current: RealtimeServer | undefined;

/** Attaches socket.io to the HTTP server that serves the pages: one origin, one port. */
export function attachRealtime(httpServer: HttpServer, options: AttachOptions): RealtimeServer {
	const io: RealtimeServer = new Server(httpServer, {
		serveClient: false,
		adapter: options.adapter,
		parser: realtimeParser,
		destroyUpgrade: options.ownsUpgrades,
		allowRequest: (request, callback) => {
			const allowed = isAllowedOrigin(request, options.origin);
			if (!allowed) connectionRefused('origin');
			callback(null, allowed);
		}
	});
	// Static files, socket.io's replies and SvelteKit's refusals never pass through the hooks: every
	// response starts with the security headers (no-store among them: long-polling replies carry a
	// member's live messages), before any listener writes it.
	httpServer.prependListener('request', (_request, response) => setBaseHeaders(response));
	// Only signed-in members get a socket; the client sees `connect_error` otherwise.
	io.use(async (socket, next) => {
		const refuse = (reason: ConnectionRefusal) => {
			connectionRefused(reason);
			next(new Error(reason));
		};
		try {
			const identity = await options.authenticate(socket.request.headers.cookie);
			if (!identity) return refuse('unauthorized');
			if (options.admit && !(await options.admit(socket.id, identity))) {
				return refuse('too_many');
			}
			socket.data = identity;
			next();
		} catch {
			refuse('unavailable');
		}
	});
	io.on('connection', (socket) => {
		socketOpened();
		socket.on('disconnect', socketClosed);
		void socket.join([accountRoom(socket.data.accountId), sessionRoom(socket.data.sessionId)]);
		const release = options.release;
		if (release) socket.on('disconnect', () => void release(socket.id).catch(() => {}));
		options.onConnection?.(socket);
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
