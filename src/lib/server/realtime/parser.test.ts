import { createServer, type Server as HttpServer } from 'node:http';
import { io as connectClient } from 'socket.io-client';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import type { TestClient } from '../../../../tests/helpers/realtime';
import type { ClientToServerEvents, ServerToClientEvents } from '$lib/realtime/events';
import { attachRealtime, closeRealtime, realtime } from './attach';
import { accountRoom } from './rooms';

/** Whether a type can hold a bigint anywhere inside it. */
type HoldsBigInt<T> = T extends bigint
	? true
	: T extends readonly (infer Item)[]
		? HoldsBigInt<Item>
		: T extends object
			? { [K in keyof T]-?: HoldsBigInt<T[K]> }[keyof T] extends false
				? false
				: true
			: false;
type Sent = {
	[E in keyof ServerToClientEvents]: Parameters<ServerToClientEvents[E]>;
}[keyof ServerToClientEvents];
type Acknowledged = {
	[E in keyof ClientToServerEvents]: Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];
}[keyof ClientToServerEvents];

const BIG = 2n ** 60n + 1n;
let httpServer: HttpServer | undefined;
let client: TestClient | undefined;

afterEach(async () => {
	client?.close();
	await closeRealtime();
	httpServer = undefined;
});

/** The app's socket.io server on a free port, one connected client as account "a". */
async function serve(onConnection?: Parameters<typeof attachRealtime>[1]['onConnection']) {
	httpServer = createServer((_request, response) => response.writeHead(404).end());
	attachRealtime(httpServer, {
		origin: undefined,
		ownsUpgrades: true,
		authenticate: async () => ({ accountId: 'a', sessionId: 's' }),
		onConnection
	});
	await new Promise<void>((resolve) => httpServer?.listen(0, '127.0.0.1', resolve));
	const { port } = httpServer.address() as { port: number };
	const url = `http://127.0.0.1:${port}`;
	client = connectClient(url, {
		transports: ['websocket'],
		reconnection: false,
		extraHeaders: { origin: url }
	});
	await new Promise<void>((resolve, reject) => {
		client?.once('connect', resolve);
		client?.once('connect_error', reject);
	});
	return client;
}

describe('the realtime parser', () => {
	it('sends a bigint in an event as its exact decimal string, and nothing throws', async () => {
		const phone = await serve();
		const received = new Promise<unknown>((resolve) =>
			phone.once('crisis:alert', (alert) => resolve(alert))
		);
		// No event or acknowledgement is typed to hold a bigint: broadcasts to other processes are
		// JSON made by the PostgreSQL adapter, before the parser. This is the safety net.
		expectTypeOf<HoldsBigInt<{ a: { b: bigint[] } }>>().toEqualTypeOf<true>();
		expectTypeOf<HoldsBigInt<Sent>>().toEqualTypeOf<false>();
		expectTypeOf<HoldsBigInt<Acknowledged>>().toEqualTypeOf<false>();
		const alert = { groupId: 'g', alertId: 'x', seq: BIG } as unknown as {
			groupId: string;
			alertId: string;
		};
		expect(() => realtime()!.to(accountRoom('a')).emit('crisis:alert', alert)).not.toThrow();
		expect(await received).toEqual({ groupId: 'g', alertId: 'x', seq: '1152921504606846977' });
	});

	it('sends a bigint in an acknowledgement as its decimal string', async () => {
		const phone = await serve((socket) => {
			socket.on('group:open', (_groupId, ack) => ack({ ok: true, seq: BIG } as never));
		});
		expect(await phone.emitWithAck('group:open', 'g')).toEqual({
			ok: true,
			seq: '1152921504606846977'
		});
	});
});
