import { createServer, type Server as HttpServer } from 'node:http';
import type { Kysely } from 'kysely';
import { io as connectClient, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import {
	createAccount,
	fromAddress,
	signedIn,
	type TestAccount
} from '../../../../tests/helpers/factories';
import type { DB } from '../db/schema';
import { attachRealtime, closeRealtime } from '../realtime/attach';
import { identifySocket } from './socket-identity';
import { closeAtSessionEnd } from './socket-session-end';
import { runHousekeeping } from '../app/housekeeping';
import { deleteOwnAccount, signOut, signOutEverywhere } from './own-account';
import { setRole } from './roles';

// The services close live connections themselves, after their transaction commits: checked here
// with a real socket.io server and real clients.

let db: Kysely<DB>;
let url: string;
let httpServer: HttpServer;

beforeAll(async () => {
	db = await openTestDatabase();
	httpServer = createServer((_request, response) => response.writeHead(404).end());
	attachRealtime(httpServer, {
		origin: undefined,
		ownsUpgrades: true,
		authenticate: (cookie) => identifySocket(db, cookie, new Date()),
		onConnection: (socket) => closeAtSessionEnd(socket, db, () => new Date())
	});
	await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(httpServer.address() as { port: number }).port}`;
});

afterAll(async () => {
	await closeRealtime();
	await db.destroy();
});

/** A connected client for a new session of the account; `closed` resolves when the server cuts it. */
async function connect(account: TestAccount) {
	const actor = await signedIn(db, account);
	const client: Socket = connectClient(url, {
		transports: ['websocket'],
		reconnection: false,
		extraHeaders: { cookie: `sid=${actor.token}` }
	});
	await new Promise<void>((resolve, reject) => {
		client.on('connect', () => resolve());
		client.on('connect_error', reject);
	});
	const closed = new Promise<number>((resolve) =>
		client.on('disconnect', () => resolve(Date.now()))
	);
	return { actor, client, closed };
}

const withinASecond = async (closed: Promise<number>, started: number) =>
	expect((await closed) - started).toBeLessThan(1_000);

describe('live connections end with the session', () => {
	it('sign out closes this session only', async () => {
		const account = await createAccount(db);
		const [here, there] = [await connect(account), await connect(account)];
		const started = Date.now();
		await signOut(db, here.actor);
		await withinASecond(here.closed, started);
		expect(there.client.connected).toBe(true);
		there.client.close();
	});

	it('sign out everywhere closes them all', async () => {
		const account = await createAccount(db);
		const [a, b] = [await connect(account), await connect(account)];
		const started = Date.now();
		await signOutEverywhere(db, a.actor);
		await withinASecond(a.closed, started);
		await withinASecond(b.closed, started);
	});

	it('a role change closes the account so that it comes back with the new role', async () => {
		const admin = await signedIn(db, await createAccount(db, { role: 'admin' }));
		const coordinator = await createAccount(db, { role: 'coordinator' });
		const bystander = await connect(await createAccount(db));
		const socket = await connect(coordinator);
		const started = Date.now();
		await setRole(db, admin, coordinator.id, 'member');
		await withinASecond(socket.closed, started);
		expect(bystander.client.connected).toBe(true);
		bystander.client.close();
	});

	it('deleting the account closes it, and no new connection is let in', async () => {
		const account = await createAccount(db);
		const socket = await connect(account);
		const started = Date.now();
		expect(
			await deleteOwnAccount(
				db,
				socket.actor,
				{ passphrase: account.passphrase, words: 'erase' },
				fromAddress()
			)
		).toEqual({ ok: true });
		await withinASecond(socket.closed, started);
		const again = connectClient(url, {
			transports: ['websocket'],
			reconnection: false,
			extraHeaders: { cookie: `sid=${socket.actor.token}` }
		});
		expect(
			await new Promise((resolve) => again.on('connect_error', (e) => resolve(e.message)))
		).toBe('unauthorized');
	});

	it('a session that expires while its socket is open is closed by housekeeping', async () => {
		const socket = await connect(await createAccount(db));
		await db
			.updateTable('session')
			.set({ expires_at: new Date(Date.now() - 1_000) })
			.where('id', '=', socket.actor.sessionId)
			.execute();
		const started = Date.now();
		await runHousekeeping(db, new Date());
		await withinASecond(socket.closed, started);
	});

	it('a socket that only listens is closed the moment its session expires', async () => {
		const socket = await connect(await createAccount(db));
		const ends = Date.now() + 1_500;
		await db
			.updateTable('session')
			.set({ expires_at: new Date(ends) })
			.where('id', '=', socket.actor.sessionId)
			.execute();
		// The watch read the old end at connection: it looks again when that comes, so a
		// reconnection (as after any page load) picks up the new one.
		socket.client.disconnect();
		const again = await connectWithToken(socket.actor.token);
		expect((await again.closed) - ends).toBeGreaterThanOrEqual(-50);
		expect((await again.closed) - ends).toBeLessThan(1_000);
	});

	it('a session renewed meanwhile keeps its socket open until the new end', async () => {
		const socket = await connect(await createAccount(db));
		const setEnd = (at: number) =>
			db
				.updateTable('session')
				.set({ expires_at: new Date(at) })
				.where('id', '=', socket.actor.sessionId)
				.execute();
		await setEnd(Date.now() + 800);
		socket.client.disconnect();
		const again = await connectWithToken(socket.actor.token);
		await setEnd(Date.now() + 60_000);
		await new Promise((resolve) => setTimeout(resolve, 1_500));
		expect(again.client.connected).toBe(true);
		again.client.close();
	});
});

/** A client connected with an existing session's token. */
async function connectWithToken(token: string) {
	const client: Socket = connectClient(url, {
		transports: ['websocket'],
		reconnection: false,
		extraHeaders: { cookie: `sid=${token}` }
	});
	await new Promise<void>((resolve, reject) => {
		client.on('connect', () => resolve());
		client.on('connect_error', reject);
	});
	const closed = new Promise<number>((resolve) =>
		client.on('disconnect', () => resolve(Date.now()))
	);
	return { client, closed };
}
