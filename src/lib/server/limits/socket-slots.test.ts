import { createServer, type Server as HttpServer } from 'node:http';
import type { Kysely } from 'kysely';
import { io as connectClient, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, signedIn } from '../../../../tests/helpers/factories';
import { identifySocket } from '../accounts/socket-identity';
import type { DB } from '../db/schema';
import { attachRealtime, closeRealtime } from '../realtime/attach';
import {
	deleteEndedSocketSlots,
	freeSocketSlot,
	renewSocketSlots,
	SLOT_LEASE_MS,
	SOCKETS_PER_SESSION,
	takeSocketSlot
} from './socket-slots';

let db: Kysely<DB>;
let httpServer: HttpServer | undefined;
const clients: Socket[] = [];

beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});
afterEach(async () => {
	for (const client of clients.splice(0)) client.close();
	await closeRealtime();
	httpServer = undefined;
});

/** A socket.io server that admits sockets as the app does. */
async function serve(): Promise<string> {
	httpServer = createServer((_request, response) => response.writeHead(404).end());
	attachRealtime(httpServer, {
		origin: undefined,
		ownsUpgrades: true,
		authenticate: (cookie) => identifySocket(db, cookie, new Date()),
		admit: (socketId, { sessionId }) => takeSocketSlot(db, { socketId, sessionId }, new Date()),
		release: (socketId) => freeSocketSlot(db, socketId)
	});
	await new Promise<void>((resolve) => httpServer?.listen(0, '127.0.0.1', resolve));
	const { port } = httpServer.address() as { port: number };
	return `http://127.0.0.1:${port}`;
}

/** Resolves with 'connected' or the refusal's message. */
function open(url: string, cookie: string): Promise<string> {
	const client = connectClient(url, {
		transports: ['websocket'],
		reconnection: false,
		forceNew: true,
		extraHeaders: { cookie }
	});
	clients.push(client);
	return new Promise((resolve) => {
		client.on('connect', () => resolve('connected'));
		client.on('connect_error', (error) => resolve(error.message));
	});
}

async function session() {
	const actor = await signedIn(db, await createAccount(db));
	return { sessionId: actor.sessionId, cookie: `sid=${actor.token}` };
}

async function slotsHeld(sessionId: string): Promise<number> {
	const rows = await db
		.selectFrom('live_socket')
		.select('socket_id')
		.where('session_id', '=', sessionId)
		.execute();
	return rows.length;
}

describe('sockets per session', () => {
	it('refuses one more than the limit with too_many, and frees a place when a socket closes', async () => {
		const url = await serve();
		const { sessionId, cookie } = await session();
		const results = [];
		for (let i = 0; i < SOCKETS_PER_SESSION; i++) results.push(await open(url, cookie));
		expect(results.every((result) => result === 'connected')).toBe(true);
		expect(await open(url, cookie)).toBe('too_many');
		expect(await slotsHeld(sessionId)).toBe(SOCKETS_PER_SESSION);

		// Another session of the same kind of member is not affected.
		expect(await open(url, (await session()).cookie)).toBe('connected');

		clients[0].close();
		await expect.poll(() => slotsHeld(sessionId)).toBe(SOCKETS_PER_SESSION - 1);
		expect(await open(url, cookie)).toBe('connected');
	});

	it('lets exactly the limit through when many handshakes arrive at once', async () => {
		const url = await serve();
		const { sessionId, cookie } = await session();
		const results = await Promise.all(
			Array.from({ length: SOCKETS_PER_SESSION * 3 }, () => open(url, cookie))
		);
		expect(results.filter((result) => result === 'connected')).toHaveLength(SOCKETS_PER_SESSION);
		expect(results.filter((result) => result !== 'connected')).toEqual(
			Array(SOCKETS_PER_SESSION * 2).fill('too_many')
		);
		expect(await slotsHeld(sessionId)).toBe(SOCKETS_PER_SESSION);
	});
});

describe('socket slot leases', () => {
	it('keeps renewed slots and frees those of a process that stopped renewing', async () => {
		const { sessionId } = await session();
		const start = new Date('2026-12-03T10:00:00Z');
		for (let i = 0; i < SOCKETS_PER_SESSION; i++) {
			expect(await takeSocketSlot(db, { socketId: `s${sessionId}-${i}`, sessionId }, start)).toBe(
				true
			);
		}
		// Half belong to a process still running, which renews them before the lease ends.
		const running = Array.from({ length: SOCKETS_PER_SESSION / 2 }, (_, i) => `s${sessionId}-${i}`);
		const later = new Date(start.getTime() + SLOT_LEASE_MS - 1000);
		await renewSocketSlots(db, running, later);
		const afterLease = new Date(start.getTime() + SLOT_LEASE_MS);

		expect(await takeSocketSlot(db, { socketId: `new-${sessionId}`, sessionId }, afterLease)).toBe(
			true
		);
		expect(await slotsHeld(sessionId)).toBe(running.length + 1);

		await deleteEndedSocketSlots(db, new Date(later.getTime() + SLOT_LEASE_MS));
		expect(await slotsHeld(sessionId)).toBe(1);
	});

	it('takes no slot for a session that no longer exists', async () => {
		expect(await takeSocketSlot(db, { socketId: 'x', sessionId: 'gone' }, new Date())).toBe(false);
	});
});
