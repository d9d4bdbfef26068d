import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import type { ServerOptions } from 'socket.io';
import { log } from '../log';

type RedisClient = ReturnType<typeof createClient>;

/**
 * Broadcasts kept in the stream for processes that fall behind. Each process reads within
 * milliseconds, so a thousand is plenty; fewer also means less message text held in Redis.
 */
const STREAM_LENGTH = 1_000;

/** How long a closing connection may take to send what is queued before it is cut. */
const DRAIN_MS = 1_000;

/**
 * socket.io across processes (REALTIME_ADAPTER=redis) through socket.io's Redis Streams adapter:
 * what a process sends to a room is appended to one Redis stream that every process reads, so a
 * member reaches the group wherever their phone is connected.
 *
 * It opens three connections, each named `key` in Redis's CLIENT LIST: one sends, one reads the
 * stream, one listens for replies between processes. `key` also names the stream and channels, so
 * that two installations can share one Redis. When Redis is away, each connection tries again
 * every 2 seconds at most and what is sent meanwhile waits in memory; a process starts even while
 * Redis is down. Every connection ends when socket.io closes the adapter (`io.close()` awaits it),
 * so `closeRealtime()` on SIGTERM lets go of them as well.
 */
export function redisAdapter(options: {
	url: string;
	connectTimeoutMs: number;
	key?: string;
}): ServerOptions['adapter'] {
	const key = options.key ?? 'circles-realtime';
	const client: RedisClient = createClient({
		url: options.url,
		name: key,
		socket: { connectTimeout: options.connectTimeoutMs }
	});
	const connections = new Set<RedisClient>();
	let closing = false;

	const watch = (connection: RedisClient) => {
		connections.add(connection);
		// Without a listener an 'error' would crash the process. Logged once per outage, by kind:
		// the URL may hold a password and an error's message may quote a command.
		let failing = false;
		connection.on('error', (error: Error) => {
			if (failing || closing) return;
			failing = true;
			const { code } = error as { code?: unknown };
			log().warn(
				{ err: error.name, errorCode: typeof code === 'string' ? code : undefined },
				'realtime adapter: Redis failed'
			);
		});
		connection.on('ready', () => {
			if (failing) log().info('realtime adapter: Redis answers again');
			failing = false;
		});
	};
	watch(client);

	// The adapter opens its reading connections with `duplicate()` and never hands them back:
	// they are kept here to be closed with the rest.
	const duplicate = client.duplicate.bind(client);
	client.duplicate = ((...args: Parameters<RedisClient['duplicate']>) => {
		const copy = duplicate(...args) as RedisClient;
		watch(copy);
		const connect = copy.connect.bind(copy);
		// The adapter awaits this without a catch: a connection cut short by closing while Redis
		// was away must not end the process with an unhandled rejection. It stays pending instead.
		copy.connect = () =>
			connect().catch((error: unknown) => {
				if (closing) return new Promise<never>(() => {});
				throw error;
			});
		return copy;
	}) as RedisClient['duplicate'];
	void client.connect().catch(() => {});

	const create = createAdapter(client, {
		streamName: key,
		channelPrefix: key,
		maxLen: STREAM_LENGTH
	});
	const open = new Set<object>();
	// A function, not an arrow: socket.io calls it with `new`.
	return function (nsp) {
		const adapter = create(nsp);
		open.add(adapter);
		const closeAdapter = adapter.close.bind(adapter);
		adapter.close = async () => {
			if (!open.delete(adapter)) return;
			closeAdapter();
			if (open.size > 0) return;
			closing = true;
			// The reading connections wait in a blocking read: cut at once.
			for (const connection of connections) if (connection !== client) connection.destroy();
			// The sending one first sends what is queued, if Redis answers.
			if (client.isReady) {
				let timer: NodeJS.Timeout | undefined;
				await Promise.race([
					client.close().catch(() => {}),
					new Promise((resolve) => (timer = setTimeout(resolve, DRAIN_MS)))
				]);
				clearTimeout(timer);
			}
			client.destroy();
		};
		return adapter;
	};
}
