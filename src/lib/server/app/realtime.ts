import type { Server as HttpServer } from 'node:http';
import { config } from '../config';
import { systemClock } from '../clock';
import { getDb } from '../db';
import { registerGroupEvents, warmUpContactRules } from '../groups';
import { attachRealtime } from '../realtime/attach';
import { closeAtSessionEnd, identifySocket } from '../accounts';
import { postgresAdapter } from '../realtime/postgres-adapter';
import { redisAdapter } from '../realtime/redis-adapter';
import {
	freeSocketSlot,
	renewSocketSlots,
	SLOT_RENEW_MS,
	takeSocketSlot
} from '../limits/socket-slots';

/** socket.io for the app: its origin, and the session cookie deciding who connects. */
export function startRealtime(httpServer: HttpServer, ownsUpgrades: boolean) {
	const { DATABASE_URL, DB_CONNECT_TIMEOUT_MS, REALTIME_ADAPTER, REDIS_URL } = config();
	warmUpContactRules();
	const io = attachRealtime(httpServer, {
		origin: config().ORIGIN,
		// The configuration refuses postgres without DATABASE_URL, and redis without REDIS_URL.
		adapter:
			REALTIME_ADAPTER === 'postgres' && DATABASE_URL
				? postgresAdapter({ url: DATABASE_URL, connectTimeoutMs: DB_CONNECT_TIMEOUT_MS })
				: REALTIME_ADAPTER === 'redis' && REDIS_URL
					? redisAdapter({ url: REDIS_URL, connectTimeoutMs: DB_CONNECT_TIMEOUT_MS })
					: undefined,
		ownsUpgrades,
		authenticate: (cookieHeader) => identifySocket(getDb(), cookieHeader, new Date()),
		admit: (socketId, { sessionId }) =>
			takeSocketSlot(getDb(), { socketId, sessionId }, new Date()),
		release: (socketId) => freeSocketSlot(getDb(), socketId),
		onConnection: (socket) => {
			closeAtSessionEnd(socket, getDb(), systemClock);
			registerGroupEvents(socket, getDb(), systemClock);
		}
	});
	// The slots of this process's open sockets stay taken while it runs (a database outage only
	// delays the renewal: a lease outlasts several rounds).
	const renewal = setInterval(() => {
		const open = [...io.sockets.sockets.keys()];
		if (open.length) void renewSocketSlots(getDb(), open, new Date()).catch(() => {});
	}, SLOT_RENEW_MS);
	renewal.unref();
	httpServer.on('close', () => clearInterval(renewal));
	return io;
}
