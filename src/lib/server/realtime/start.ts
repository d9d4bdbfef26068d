import type { Server as HttpServer } from 'node:http';
import { config } from '../config';
import { getDb } from '../db';
import { attachRealtime } from './attach';
import { identifySocket } from './identity';

/** socket.io for the app: its origin, and the session cookie deciding who connects. */
export function startRealtime(httpServer: HttpServer, ownsUpgrades: boolean) {
	return attachRealtime(httpServer, {
		origin: config().ORIGIN,
		ownsUpgrades,
		authenticate: (cookieHeader) => identifySocket(getDb(), cookieHeader, new Date())
	});
}
