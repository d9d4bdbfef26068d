import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import pg from 'pg';
import { createClient } from 'redis';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../src/lib/realtime/events';
import type { MessageView } from '../../src/lib/realtime/messages';
import { circleWithCode, joinWithCode, person, sessionCookie } from './circle-over-http';
import { createFirstAdmin, ownServer, type OwnServer } from './own-server';

/*
 * Two production processes (server.js) on one PostgreSQL, as behind a load balancer, once for each
 * adapter that carries socket.io across processes: a member connected to one process hears a
 * message sent through the other. The database server is the machine's PostgreSQL
 * (E2E_POSTGRES_URL), and Redis is REDIS_URL's or the machine's; without them a pair is skipped.
 */

const SERVER_URL = process.env.E2E_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Each adapter's pair of processes, on fixed ports and a database of its own. */
const ADAPTERS = [
	{ name: 'postgres', ports: [4391, 4392], env: {} },
	{ name: 'redis', ports: [4393, 4394], env: { REDIS_URL } }
] as const;

/** An address for a message: without its password. */
function withoutPassword(url: string): string {
	const parsed = new URL(url);
	if (parsed.password) parsed.password = '***';
	return parsed.href;
}

async function onServer(sql: string) {
	const client = new pg.Client({ connectionString: SERVER_URL, connectionTimeoutMillis: 3_000 });
	await client.connect();
	try {
		await client.query(sql);
	} finally {
		await client.end();
	}
}

/** Whether a Redis answers at `url`, asked once without retrying. */
async function redisAnswers(url: string): Promise<boolean> {
	const probe = createClient({ url, socket: { connectTimeout: 3_000, reconnectStrategy: false } });
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

for (const adapter of ADAPTERS) {
	test.describe(`REALTIME_ADAPTER=${adapter.name}`, () => {
		// One pair of processes on fixed ports: these tests run in order in one worker.
		test.describe.configure({ mode: 'default' });

		const PORTS = adapter.ports;
		const ORIGIN = `http://localhost:${PORTS[0]}`;
		const databaseName = `circles_e2e_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
		const databaseUrl = Object.assign(new URL(SERVER_URL), { pathname: `/${databaseName}` }).href;

		/** Why the tests are skipped; empty once both processes run. */
		let missing = 'not started';
		let created = false;
		const servers: OwnServer[] = [];
		const sockets: Socket[] = [];

		test.beforeAll(async () => {
			// A command-line run and two servers start here, beside the other pair: a minute or more on a
			// busy two-core machine.
			test.setTimeout(240_000);
			if (adapter.name === 'redis' && !(await redisAnswers(REDIS_URL))) {
				missing = `no Redis at ${withoutPassword(REDIS_URL)}`;
				return;
			}
			try {
				await onServer(`create database ${databaseName}`);
				created = true;
			} catch {
				missing = `no PostgreSQL at ${withoutPassword(SERVER_URL)}`;
				return;
			}
			createFirstAdmin(databaseUrl);
			// One key for both processes, so they count the same failed sign-ins.
			const env = {
				...adapter.env,
				REALTIME_ADAPTER: adapter.name,
				THROTTLE_KEY: randomBytes(32).toString('hex')
			};
			servers.push(
				...(await Promise.all(
					PORTS.map((port) => ownServer({ port, databaseUrl, origin: ORIGIN, env }))
				))
			);
			missing = '';
		});

		test.afterAll(async () => {
			for (const socket of sockets) socket.close();
			await Promise.all(servers.map((server) => server.stop()));
			if (created) await onServer(`drop database if exists ${databaseName} with (force)`);
		});

		/** A new member who joins with the code through the process on `port`, then its socket there. */
		async function memberOn(port: number, code: string, groupId: string) {
			// Cookies are per host, so both processes share them.
			const client = await person(`http://localhost:${port}`, ORIGIN);
			await joinWithCode(client, code, groupId);
			const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(
				`http://localhost:${port}`,
				{
					transports: ['websocket'],
					reconnection: false,
					extraHeaders: { cookie: `sid=${await sessionCookie(client)}`, origin: ORIGIN }
				}
			);
			sockets.push(socket);
			await new Promise<void>((resolve, reject) => {
				socket.once('connect', resolve);
				socket.once('connect_error', reject);
			});
			expect(await socket.emitWithAck('group:open', groupId)).toEqual({ ok: true });
			return socket;
		}

		test('a message sent through one process reaches a member connected to the other', async () => {
			test.skip(missing !== '', missing);
			const admin = await person(`http://localhost:${PORTS[0]}`, ORIGIN);
			const { groupId, code } = await circleWithCode(admin, 2, 'Two processes');

			const onFirst = await memberOn(PORTS[0], code, groupId);
			const onSecond = await memberOn(PORTS[1], code, groupId);
			const heard = new Promise<MessageView>((resolve) =>
				onSecond.on('message', (group, message) => group === groupId && resolve(message))
			);
			const ack = await onFirst.emitWithAck('message:send', {
				groupId,
				clientId: crypto.randomUUID(),
				body: 'Hello from the first process'
			});
			expect(ack).toMatchObject({ ok: true });
			expect(await heard).toMatchObject({
				body: 'Hello from the first process',
				status: 'visible'
			});
		});

		test('one session holds at most twelve sockets across both processes', async () => {
			test.skip(missing !== '', missing);
			const admin = await person(`http://localhost:${PORTS[0]}`, ORIGIN);
			await circleWithCode(admin, 1, 'Many tabs');
			const cookie = `sid=${await sessionCookie(admin)}`;
			const open = (port: number) =>
				new Promise<string>((resolve) => {
					const socket = io(`http://localhost:${port}`, {
						transports: ['websocket'],
						reconnection: false,
						forceNew: true,
						extraHeaders: { cookie, origin: ORIGIN }
					});
					sockets.push(socket);
					socket.once('connect', () => resolve('connected'));
					socket.once('connect_error', (error) => resolve(error.message));
				});
			const opened = await Promise.all([
				...Array.from({ length: 6 }, () => open(PORTS[0])),
				...Array.from({ length: 6 }, () => open(PORTS[1]))
			]);
			expect(opened).toEqual(Array(12).fill('connected'));
			expect(await open(PORTS[1])).toBe('too_many');
			expect(await open(PORTS[0])).toBe('too_many');
		});

		test('both processes stop cleanly on SIGTERM, letting go of the adapter', async () => {
			test.skip(missing !== '', missing);
			expect(await Promise.all(servers.map((server) => server.stop()))).toEqual([0, 0]);
		});
	});
}
