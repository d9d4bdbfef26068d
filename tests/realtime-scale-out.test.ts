import { createServer } from 'node:http';
import { sql, type Kysely } from 'kysely';
import { io as connectClient, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, ServerToClientEvents } from '../src/lib/realtime/events';
import type { MessageView } from '../src/lib/realtime/messages';
import { systemClock } from '../src/lib/server/clock';
import type { DB } from '../src/lib/server/db/schema';
import { registerGroupEvents } from '../src/lib/server/groups/group-socket';
import {
	attachRealtime,
	closeRealtime,
	realtime,
	type RealtimeServer
} from '../src/lib/server/realtime/attach';
import { disconnectSession } from '../src/lib/server/realtime/disconnect';
import { identifySocket } from '../src/lib/server/accounts/socket-identity';
import { postgresAdapter } from '../src/lib/server/realtime/postgres-adapter';
import { accountRoom } from '../src/lib/server/realtime/rooms';
import { openTestDatabase } from './helpers/database';
import { createAccount, signedIn } from './helpers/factories';
import { createGroupMember, createTestGroup } from './helpers/groups';

/*
 * Two app servers, as two processes behind a load balancer would be: each its own HTTP server and
 * socket.io with its own PostgreSQL adapter, over one database. What one sends to a room must
 * reach the sockets connected to the other, and only PostgreSQL connects them.
 */

const databaseUrl = process.env.TEST_DATABASE_URL ?? '';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

let db: Kysely<DB>;
const clients: Client[] = [];

async function serve(): Promise<{ io: RealtimeServer; url: string }> {
	const httpServer = createServer((_request, response) => response.writeHead(404).end());
	const io = attachRealtime(httpServer, {
		origin: undefined,
		ownsUpgrades: true,
		authenticate: (cookie) => identifySocket(db, cookie, new Date()),
		onConnection: (socket) => registerGroupEvents(socket, db, systemClock),
		adapter: postgresAdapter({ url: databaseUrl, connectTimeoutMs: 5_000 })
	});
	await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
	const { port } = httpServer.address() as { port: number };
	return { io, url: `http://127.0.0.1:${port}` };
}

async function connect(url: string, token: string): Promise<Client> {
	const client: Client = connectClient(url, {
		transports: ['websocket'],
		reconnection: false,
		extraHeaders: { cookie: `sid=${token}` }
	});
	clients.push(client);
	await new Promise<void>((resolve, reject) => {
		client.on('connect', resolve);
		client.on('connect_error', reject);
	});
	return client;
}

/** Resolves with the arguments of the next such event, or rejects after `ms`. */
function next<E extends keyof ServerToClientEvents>(
	client: Client,
	event: E,
	ms = 5_000
): Promise<Parameters<ServerToClientEvents[E]>> {
	return new Promise((resolve, reject) => {
		const listener = ((...args: Parameters<ServerToClientEvents[E]>) => {
			clearTimeout(timer);
			resolve(args);
		}) as never;
		const timer = setTimeout(() => {
			client.off(event, listener);
			reject(new Error(`no ${event} within ${ms} ms`));
		}, ms);
		client.once(event, listener);
	});
}

async function eventually(check: () => Promise<boolean>, ms: number): Promise<void> {
	const until = Date.now() + ms;
	while (!(await check())) {
		if (Date.now() > until) throw new Error(`not within ${ms} ms`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

describe.skipIf(!databaseUrl)(
	'socket.io across servers through PostgreSQL (runs only with TEST_DATABASE_URL: PGlite has no LISTEN/NOTIFY between processes)',
	() => {
		let a: { io: RealtimeServer; url: string };
		let b: { io: RealtimeServer; url: string };

		beforeAll(async () => {
			db = await openTestDatabase();
			b = await serve();
			// Attached last, A is what the services emit through (`realtime()`): anything a socket
			// on B receives from A's services has crossed PostgreSQL.
			a = await serve();
			// Each adapter counts the servers it has heard from: two once both LISTEN.
			const bothListening = async () =>
				(await a.io.of('/').adapter.serverCount()) >= 2 &&
				(await b.io.of('/').adapter.serverCount()) >= 2;
			await eventually(bothListening, 15_000);
		});

		afterAll(async () => {
			for (const client of clients.splice(0)) client.close();
			await b?.io.close();
			await closeRealtime();
			await db?.destroy();
		});

		const adapterConnections = async () => {
			const { rows } = await sql<{ count: number }>`
				select count(*)::int as count from pg_stat_activity
				where application_name = 'circles-realtime' and datname = current_database()`.execute(db);
			return rows[0].count;
		};

		it('delivers what one server sends to a room to a socket connected to the other', async () => {
			const actor = await signedIn(db, await createAccount(db));
			const client = await connect(a.url, actor.token);
			const received = next(client, 'group:closed');
			b.io.to(accountRoom(actor.id)).emit('group:closed', 'from B');
			expect(await received).toEqual(['from B']);
		});

		it('carries a payload over the NOTIFY limit through socket_io_attachments', async () => {
			const actor = await signedIn(db, await createAccount(db));
			const client = await connect(a.url, actor.token);
			const received = next(client, 'group:closed');
			// 30,000 bytes: NOTIFY refuses anything over 8,000, so this one can only go by the table.
			const large = 'ก'.repeat(10_000);
			b.io.to(accountRoom(actor.id)).emit('group:closed', large);
			expect((await received)[0]).toBe(large);
		});

		it('gets a message sent by a member on server A to a member of the group on server B', async () => {
			expect(realtime()).toBe(a.io);
			const group = await createTestGroup(db);
			const sender = await createGroupMember(db, group.id);
			const reader = await createGroupMember(db, group.id);
			const onB = await connect(b.url, reader.token);
			expect(await onB.timeout(5_000).emitWithAck('group:open', group.id)).toEqual({ ok: true });
			const onA = await connect(a.url, sender.token);

			const received = next(onB, 'message');
			const clientId = crypto.randomUUID();
			const ack = await onA
				.timeout(5_000)
				.emitWithAck('message:send', { groupId: group.id, clientId, body: 'hello from A' });
			expect(ack).toMatchObject({ ok: true });
			const [groupId, message] = (await received) as [string, MessageView];
			expect(groupId).toBe(group.id);
			expect(message).toMatchObject({ clientId, body: 'hello from A', author: sender.displayName });
		});

		it('closes a signed-out session’s socket on the other server', async () => {
			const actor = await signedIn(db, await createAccount(db));
			const onB = await connect(b.url, actor.token);
			const closed = new Promise<void>((resolve) => onB.once('disconnect', () => resolve()));
			// Through `realtime()`, that is server A, as signing out does.
			disconnectSession(actor.sessionId);
			await closed;
			expect(onB.connected).toBe(false);
		});

		it('carries events again after PostgreSQL drops the adapters’ connections, time after time', async () => {
			const actor = await signedIn(db, await createAccount(db));
			const client = await connect(a.url, actor.token);
			// As many cuts as an adapter has connections: keeping dead ones would use them all up.
			for (let cut = 0; cut < 3; cut++) {
				const { rows } = await sql`
					select pg_terminate_backend(pid) from pg_stat_activity
					where application_name = 'circles-realtime' and datname = current_database()`.execute(db);
				expect(rows.length).toBeGreaterThan(0);
				// Each adapter listens again on a new connection after about 2 seconds; what was sent
				// in between is lost, which a phone makes up for with `message:sync`.
				await eventually(async () => {
					const received = next(client, 'group:closed', 500).then(
						() => true,
						() => false
					);
					b.io.to(accountRoom(actor.id)).emit('group:closed', 'after the cut');
					return received;
				}, 15_000);
			}
			expect(client.connected).toBe(true);
		});

		it('lets go of every PostgreSQL connection on close, as on SIGTERM', async () => {
			expect(await adapterConnections()).toBeGreaterThan(0);
			await b.io.close();
			await closeRealtime();
			await eventually(async () => (await adapterConnections()) === 0, 5_000);
		});
	}
);
