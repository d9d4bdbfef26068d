import { createServer, type Server as HttpServer } from 'node:http';
import type { Kysely } from 'kysely';
import { io as connectClient, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, signedIn } from '../../../../tests/helpers/factories';
import { invalidateSession } from '../accounts/sessions';
import type { DB } from '../db/schema';
import { attachRealtime, closeRealtime, realtime } from './attach';
import { disconnectAccount, disconnectSession } from './disconnect';
import { identifySocket } from '../accounts/socket-identity';

let db: Kysely<DB>;
let httpServer: HttpServer | undefined;
const clients: Socket[] = [];

beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

async function serve(origin: string | undefined): Promise<string> {
	httpServer = createServer((_request, response) => response.writeHead(404).end());
	attachRealtime(httpServer, {
		origin,
		ownsUpgrades: true,
		authenticate: (cookie) => identifySocket(db, cookie, new Date())
	});
	await new Promise<void>((resolve) => httpServer?.listen(0, '127.0.0.1', resolve));
	const { port } = httpServer.address() as { port: number };
	return `http://127.0.0.1:${port}`;
}

/** A session cookie for a new account. */
async function sessionCookie() {
	const actor = await signedIn(db, await createAccount(db));
	return { actor, cookie: `sid=${actor.token}` };
}

/** Resolves with 'connected' or the connect_error message; the client never retries. */
function handshake(
	url: string,
	headers: { origin?: string; cookie?: string },
	transport: 'websocket' | 'polling' = 'websocket'
) {
	const client = connectClient(url, {
		transports: [transport],
		reconnection: false,
		extraHeaders: Object.fromEntries(Object.entries(headers).filter(([, value]) => value))
	});
	clients.push(client);
	return {
		client,
		result: new Promise<string>((resolve) => {
			client.on('connect', () => resolve('connected'));
			client.on('connect_error', (error) => resolve(error.message));
		})
	};
}

afterEach(async () => {
	for (const client of clients.splice(0)) client.close();
	await closeRealtime();
	httpServer = undefined;
});

describe('the socket.io handshake', () => {
	it.each(['websocket', 'polling'] as const)(
		'over %s accepts the configured origin with a session and refuses another origin',
		async (transport) => {
			const url = await serve('https://circles.example');
			const { cookie } = await sessionCookie();
			const ok = handshake(url, { origin: 'https://circles.example', cookie }, transport);
			expect(await ok.result).toBe('connected');
			for (const origin of ['https://evil.example', 'https://circles.example.evil.example']) {
				expect(await handshake(url, { origin, cookie }, transport).result).not.toBe('connected');
			}
		}
	);

	it('lets a request without an Origin header (same-origin polling, scripts) through', async () => {
		const url = await serve('https://circles.example');
		const { cookie } = await sessionCookie();
		expect(await handshake(url, { cookie }, 'polling').result).toBe('connected');
	});

	it('without ORIGIN, accepts only the origin that matches the Host header', async () => {
		const url = await serve(undefined);
		const { cookie } = await sessionCookie();
		expect(await handshake(url, { origin: url, cookie }).result).toBe('connected');
		expect(await handshake(url, { origin: 'http://localhost:1', cookie }).result).not.toBe(
			'connected'
		);
	});

	it('refuses a missing, unknown or revoked session', async () => {
		const url = await serve(undefined);
		const { actor, cookie } = await sessionCookie();
		expect(await handshake(url, { origin: url }).result).toBe('unauthorized');
		expect(await handshake(url, { origin: url, cookie: 'sid=not-a-token' }).result).toBe(
			'unauthorized'
		);
		await invalidateSession(db, actor.sessionId);
		expect(await handshake(url, { origin: url, cookie }).result).toBe('unauthorized');
	});
});

describe('cutting sockets off', () => {
	async function connected(url: string, cookie: string) {
		const socket = handshake(url, { origin: url, cookie });
		expect(await socket.result).toBe('connected');
		const closed = new Promise<number>((resolve) =>
			socket.client.on('disconnect', () => resolve(Date.now()))
		);
		return { client: socket.client, closed };
	}

	it('by session closes that session only, within a second', async () => {
		const url = await serve(undefined);
		const account = await createAccount(db);
		const phone = await signedIn(db, account);
		const laptop = await signedIn(db, account);
		const onPhone = await connected(url, `sid=${phone.token}`);
		const onLaptop = await connected(url, `sid=${laptop.token}`);
		const started = Date.now();
		disconnectSession(phone.sessionId);
		expect((await onPhone.closed) - started).toBeLessThan(1_000);
		expect(onLaptop.client.connected).toBe(true);
	});

	it('by account closes every session of that account and no one else', async () => {
		const url = await serve(undefined);
		const account = await createAccount(db);
		const first = await connected(url, `sid=${(await signedIn(db, account)).token}`);
		const second = await connected(url, `sid=${(await signedIn(db, account)).token}`);
		const bystander = await connected(url, (await sessionCookie()).cookie);
		disconnectAccount(account.id);
		await Promise.all([first.closed, second.closed]);
		expect(bystander.client.connected).toBe(true);
	});

	it('on close, disconnects every client and closes the HTTP server', async () => {
		const url = await serve(undefined);
		const socket = await connected(url, (await sessionCookie()).cookie);
		await closeRealtime();
		await socket.closed;
		expect(realtime()).toBeUndefined();
		expect(httpServer?.listening).toBe(false);
	});
});
