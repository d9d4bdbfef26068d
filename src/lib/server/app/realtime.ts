import type { Server as HttpServer } from 'node:http';
import { config } from '../config';
import { systemClock } from '../clock';
import { getDb } from '../db';
import { registerGroupEvents } from '../groups';
import { attachRealtime } from '../realtime/attach';
import { closeAtSessionEnd, identifySocket } from '../accounts';
import { postgresAdapter } from '../realtime/postgres-adapter';

/** socket.io for the app: its origin, and the session cookie deciding who connects. */
export function startRealtime(httpServer: HttpServer, ownsUpgrades: boolean) {
	const { DATABASE_URL, DB_CONNECT_TIMEOUT_MS, REALTIME_ADAPTER } = config();
	return attachRealtime(httpServer, {
		origin: config().ORIGIN,
		// The configuration refuses postgres without DATABASE_URL.
		adapter:
			REALTIME_ADAPTER === 'postgres' && DATABASE_URL
				? postgresAdapter({ url: DATABASE_URL, connectTimeoutMs: DB_CONNECT_TIMEOUT_MS })
				: undefined,
		ownsUpgrades,
		authenticate: (cookieHeader) => identifySocket(getDb(), cookieHeader, new Date()),
		onConnection: (socket) => {
			closeAtSessionEnd(socket, getDb(), systemClock);
			registerGroupEvents(socket, getDb(), systemClock);
		}
	});
}
