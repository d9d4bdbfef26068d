import { createServer, type Server as HttpServer } from 'node:http';
import { io as connectClient, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { attachRealtime, closeRealtime, realtime } from './attach';

let httpServer: HttpServer | undefined;
const clients: Socket[] = [];

async function serve(origin: string | undefined): Promise<string> {
	httpServer = createServer((_request, response) => response.writeHead(404).end());
	attachRealtime(httpServer, { origin, ownsUpgrades: true });
	await new Promise<void>((resolve) => httpServer?.listen(0, '127.0.0.1', resolve));
	const { port } = httpServer.address() as { port: number };
	return `http://127.0.0.1:${port}`;
}

/** Resolves with 'connected' or the connect_error message; the client never retries. */
function handshake(url: string, origin: string | undefined, transport: 'websocket' | 'polling') {
	const client = connectClient(url, {
		transports: [transport],
		reconnection: false,
		extraHeaders: origin ? { origin } : {}
	});
	clients.push(client);
	return new Promise<string>((resolve) => {
		client.on('connect', () => resolve('connected'));
		client.on('connect_error', (error) => resolve(error.message));
	});
}

afterEach(async () => {
	for (const client of clients.splice(0)) client.close();
	await closeRealtime();
	httpServer = undefined;
});

describe('attachRealtime', () => {
	it.each(['websocket', 'polling'] as const)(
		'accepts a %s handshake from the configured origin and refuses another origin',
		async (transport) => {
			const url = await serve('https://circles.example');
			expect(await handshake(url, 'https://circles.example', transport)).toBe('connected');
			expect(await handshake(url, 'https://evil.example', transport)).not.toBe('connected');
			expect(await handshake(url, 'https://circles.example.evil.example', transport)).not.toBe(
				'connected'
			);
		}
	);

	it('lets a client without an Origin header (same-origin polling, scripts) through', async () => {
		const url = await serve('https://circles.example');
		expect(await handshake(url, undefined, 'polling')).toBe('connected');
	});

	it('without ORIGIN, accepts only the origin that matches the Host header', async () => {
		const url = await serve(undefined);
		expect(await handshake(url, url, 'websocket')).toBe('connected');
		expect(await handshake(url, 'http://localhost:1', 'websocket')).not.toBe('connected');
	});

	it('disconnects every client and closes the HTTP server on close', async () => {
		const url = await serve(undefined);
		expect(await handshake(url, url, 'websocket')).toBe('connected');
		const disconnected = new Promise<boolean>((resolve) =>
			clients[0].on('disconnect', () => resolve(true))
		);
		await closeRealtime();
		expect(await disconnected).toBe(true);
		expect(clients[0].connected).toBe(false);
		expect(realtime()).toBeUndefined();
		expect(httpServer?.listening).toBe(false);
	});
});
