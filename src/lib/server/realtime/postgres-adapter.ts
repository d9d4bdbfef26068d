import { createAdapter } from '@socket.io/postgres-adapter';
import pg from 'pg';
import type { ServerOptions } from 'socket.io';
import { log } from '../log';

/** Logs a failure by kind only: an error's message can quote a notification, that is message text. */
function logFailure(error: Error): void {
	const { code } = error as { code?: unknown };
	log().warn(
		{ err: error.name, errorCode: typeof code === 'string' ? code : undefined },
		'realtime adapter: PostgreSQL failed'
	);
}

/**
 * socket.io across processes (REALTIME_ADAPTER=postgres): every process LISTENs on one channel of
 * the shared database and NOTIFYs the others of what it sends to a room, so a member reaches the
 * group wherever their phone is connected. Payloads over NOTIFY's limit go through the
 * `socket_io_attachments` table (migration 0003).
 *
 * It has its own small pool, apart from the app's: one connection stays checked out for LISTEN,
 * the others send, and a burst of broadcasts never makes a page wait for a connection. The pool
 * ends when socket.io closes the adapter (`io.close()` awaits it), so `closeRealtime()` on SIGTERM
 * lets go of these connections as well.
 */
export function postgresAdapter(options: {
	url: string;
	connectTimeoutMs: number;
}): ServerOptions['adapter'] {
	const pool = new pg.Pool({
		connectionString: options.url,
		max: 3,
		connectionTimeoutMillis: options.connectTimeoutMs,
		// Names the connections in pg_stat_activity.
		application_name: 'circles-realtime'
	});
	// A connection that dies (PostgreSQL restart, network cut) must not crash the process: the
	// adapter listens again on a new one after about 2 seconds.
	pool.on('error', logFailure);
	const checkedOut = new WeakSet<pg.PoolClient>();
	pool.on('acquire', (client) => checkedOut.add(client));
	pool.on('release', (_error, client) => checkedOut.delete(client));
	pool.on('connect', (client) => {
		client.on('error', logFailure);
		// The adapter forgets its LISTEN connection when it ends but never hands it back: the pool
		// would count it forever, run out after a few cuts, and never end. Checked once every 'end'
		// listener has run, so that an adapter which does release it is not released twice.
		client.on('end', () =>
			setImmediate(() => {
				if (checkedOut.has(client) && client.listenerCount('notification') > 0)
					client.release(new Error('connection ended'));
			})
		);
	});

	const create = createAdapter(pool, { errorHandler: logFailure });
	const open = new Set<object>();
	// A function, not an arrow: socket.io calls it with `new`.
	return function (nsp) {
		const adapter = create(nsp);
		open.add(adapter);
		const closeAdapter = adapter.close.bind(adapter);
		adapter.close = async () => {
			if (!open.delete(adapter)) return;
			// Releases the LISTEN connection and queues a goodbye for the other processes.
			closeAdapter();
			if (open.size > 0) return;
			// One turn of the event loop lets the goodbye take a connection; `end` waits for it, so
			// the others forget this process now rather than at their heartbeat timeout.
			await new Promise((resolve) => setImmediate(resolve));
			await pool.end();
		};
		return adapter;
	};
}
