import { createServer, type Server as HttpServer } from 'node:http';
import type { Kysely } from 'kysely';
import { io as connectClient, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../src/lib/realtime/events';
import type { Clock } from '../../src/lib/server/clock';
import type { DB } from '../../src/lib/server/db/schema';
import { registerGroupEvents } from '../../src/lib/server/groups/group-socket';
import { attachRealtime, closeRealtime } from '../../src/lib/server/realtime/attach';
import { identifySocket } from '../../src/lib/server/accounts/socket-identity';
import type { SendAdmission } from '../../src/lib/server/limits/send-admission';

export type TestClient = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * The app's socket.io server with the group events, on a real HTTP server on a free port. Returns
 * its URL and a way to connect clients as an account (by its session token). `sends`: limits of
 * its own for live messages (the process's by default).
 */
export async function startRealtime(db: Kysely<DB>, clock: Clock, sends?: SendAdmission) {
	const httpServer: HttpServer = createServer((_request, response) =>
		response.writeHead(404).end()
	);
	attachRealtime(httpServer, {
		origin: undefined,
		ownsUpgrades: true,
		authenticate: (cookie) => identifySocket(db, cookie, clock()),
		onConnection: (socket) => registerGroupEvents(socket, db, clock, sends)
	});
	await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
	const { port } = httpServer.address() as { port: number };
	const url = `http://127.0.0.1:${port}`;
	const clients: TestClient[] = [];

	return {
		url,
		/**
		 * A client for a session token, connecting in the background (for code that waits for
		 * `connect` itself); it does not reconnect by itself.
		 */
		client(token: string, auth?: object): TestClient {
			const client: TestClient = connectClient(url, {
				transports: ['websocket'],
				reconnection: false,
				forceNew: true,
				extraHeaders: { cookie: `sid=${token}`, origin: url },
				auth
			});
			clients.push(client);
			return client;
		},
		/**
		 * A connected client for a session token, saying `auth` in its handshake; it does not
		 * reconnect by itself.
		 */
		async connect(token: string, auth?: object): Promise<TestClient> {
			const client = this.client(token, auth);
			await new Promise<void>((resolve, reject) => {
				client.once('connect', resolve);
				client.once('connect_error', reject);
			});
			return client;
		},
		async stop() {
			for (const client of clients.splice(0)) client.close();
			await closeRealtime();
		}
	};
}

/** Resolves when `check` passes, polling; rejects after `ms` with the last failure. */
export async function eventually(check: () => void, ms = 5_000): Promise<void> {
	const deadline = Date.now() + ms;
	for (;;) {
		try {
			check();
			return;
		} catch (error) {
			if (Date.now() > deadline) throw error;
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
	}
}
