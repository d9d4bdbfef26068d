import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { Server } from 'socket.io';
import { io as connectClient, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisAdapter } from './redis-adapter';

/*
 * Two socket.io servers, as two processes behind a load balancer would be, each with its own Redis
 * Streams adapter on one Redis: what one sends to a room must reach the sockets connected to the
 * other, and only Redis connects them. Each run has a stream and channels of its own (`key`).
 */

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Whether a Redis answers at `url`, asked once without retrying. */
async function redisAnswers(url: string): Promise<boolean> {
	const probe = createClient({ url, socket: { connectTimeout: 2_000, reconnectStrategy: false } });
	probe.on('error', () => {});
	try {
		await probe.connect();
		return (await probe.ping()) === 'PONG';
	} catch {
		return false;
	} finally {
		probe.destroy();
	}
}

const available = await redisAnswers(redisUrl);

async function serve(key: string, url = redisUrl) {
	const httpServer = createServer((_request, response) => response.writeHead(404).end());
	const io = new Server(httpServer, {
		serveClient: false,
		adapter: redisAdapter({ url, connectTimeoutMs: 2_000, key })
	});
	// A client names the room it joins, as a member opening a group would.
	io.on('connection', (socket) => void socket.join(String(socket.handshake.auth.room)));
	await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
	const { port } = httpServer.address() as { port: number };
	return { io, url: `http://127.0.0.1:${port}` };
}

const clients: Socket[] = [];

async function connect(url: string, room: string): Promise<Socket> {
	const client = connectClient(url, {
		transports: ['websocket'],
		reconnection: false,
		forceNew: true,
		auth: { room }
	});
	clients.push(client);
	await new Promise<void>((resolve, reject) => {
		client.once('connect', resolve);
		client.once('connect_error', reject);
	});
	return client;
}

async function eventually(check: () => Promise<boolean>, ms: number): Promise<void> {
	const until = Date.now() + ms;
	while (!(await check())) {
		if (Date.now() > until) throw new Error(`not within ${ms} ms`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

/** Whether `client` hears `event` within `ms`. */
function hears(client: Socket, event: string, ms: number): Promise<unknown[] | null> {
	return new Promise((resolve) => {
		const listener = (...args: unknown[]) => {
			clearTimeout(timer);
			resolve(args);
		};
		const timer = setTimeout(() => {
			client.off(event, listener);
			resolve(null);
		}, ms);
		client.once(event, listener);
	});
}

describe.skipIf(!available)(
	`socket.io across servers through Redis (runs only when a Redis answers at ${redisUrl})`,
	() => {
		const key = `circles-test-${randomUUID()}`;
		const redis = createClient({ url: redisUrl });
		let a: Awaited<ReturnType<typeof serve>>;
		let b: Awaited<ReturnType<typeof serve>>;

		/** The adapters' connections to Redis, by the name they give themselves. */
		const adapterConnections = async () =>
			(await redis.clientList()).filter((connection) => connection.name === key);

		/** Sends from B to `room` until a client on A hears it (a new reader starts at the end). */
		async function crossing(client: Socket, room: string, payload: string) {
			await eventually(async () => {
				const heard = hears(client, 'note', 500);
				b.io.to(room).emit('note', payload);
				return (await heard)?.[0] === payload;
			}, 15_000);
		}

		beforeAll(async () => {
			redis.on('error', () => {});
			await redis.connect();
			a = await serve(key);
			b = await serve(key);
			// Each counts the servers subscribed to its channel: two once both listen.
			await eventually(
				async () =>
					(await a.io.of('/').adapter.serverCount()) >= 2 &&
					(await b.io.of('/').adapter.serverCount()) >= 2,
				15_000
			);
		});

		afterAll(async () => {
			for (const client of clients.splice(0)) client.close();
			await a?.io.close();
			await b?.io.close();
			// The stream holds what was broadcast: nothing of it stays behind.
			await redis.del(key);
			redis.destroy();
		});

		it('delivers what one server sends to a room to a socket connected to the other', async () => {
			const room = randomUUID();
			const onA = await connect(a.url, room);
			const elsewhere = await connect(a.url, randomUUID());
			const missed = hears(elsewhere, 'note', 2_000);
			await crossing(onA, room, 'from B');
			// A second one, now that A reads the stream, arrives the first time.
			const heard = hears(onA, 'note', 5_000);
			b.io.to(room).emit('note', 'ก'.repeat(10_000));
			expect(await heard).toEqual(['ก'.repeat(10_000)]);
			expect(await missed).toBeNull();
		});

		it('closes the sockets of a room on the other server, as signing out does', async () => {
			const room = randomUUID();
			const onB = await connect(b.url, room);
			const closed = new Promise<void>((resolve) => onB.once('disconnect', () => resolve()));
			a.io.in(room).disconnectSockets(true);
			await closed;
			expect(onB.connected).toBe(false);
		});

		it('carries events again after Redis drops the adapters’ connections', async () => {
			const room = randomUUID();
			const onA = await connect(a.url, room);
			await crossing(onA, room, 'before the cut');
			const ids = (await adapterConnections()).map((connection) => connection.id);
			expect(ids).toHaveLength(6);
			for (const id of ids) await redis.sendCommand(['CLIENT', 'KILL', 'ID', String(id)]);
			await crossing(onA, room, 'after the cut');
			expect(onA.connected).toBe(true);
		});

		it('lets go of every Redis connection on close, as on SIGTERM', async () => {
			await eventually(async () => (await adapterConnections()).length === 6, 10_000);
			await a.io.close();
			await b.io.close();
			// No waiting: the reading connections, blocked for seconds on the stream, are cut.
			expect(await adapterConnections()).toEqual([]);
		});
	}
);

describe('closing while Redis is away', () => {
	it('ends without an unhandled rejection', async () => {
		const unhandled: unknown[] = [];
		const collect = (reason: unknown) => unhandled.push(reason);
		process.on('unhandledRejection', collect);
		try {
			// Nothing listens on port 1: every connection is refused and tried again.
			const { io } = await serve(`circles-test-${randomUUID()}`, 'redis://127.0.0.1:1');
			await new Promise((resolve) => setTimeout(resolve, 300));
			await io.close();
			// The longest wait before another try is about 2.2 s.
			await new Promise((resolve) => setTimeout(resolve, 2_500));
			expect(unhandled).toEqual([]);
		} finally {
			process.off('unhandledRejection', collect);
		}
	});
});
