import { connect, createServer, type Server, type Socket } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../tests/helpers/database';
import { openDatabase } from './db/open';
import { databaseAnswers } from './health';

describe('databaseAnswers on the test database', () => {
	it('is true while the database answers and false once it is closed', async () => {
		const db = await openTestDatabase();
		expect(await databaseAnswers(db)).toBe(true);
		await db.destroy();
		expect(await databaseAnswers(db)).toBe(false);
	});
});

/**
 * A TCP relay in front of PostgreSQL that can be cut and restored, so the test sees the database
 * go away and come back without touching the real server.
 */
class Relay {
	#server: Server | undefined;
	#sockets = new Set<Socket>();
	port = 0;

	constructor(
		private target: { host: string; port: number },
		private listenPort = 0
	) {}

	async start(): Promise<void> {
		const server = createServer((client) => {
			const upstream = connect(this.target.port, this.target.host);
			for (const socket of [client, upstream]) {
				this.#sockets.add(socket);
				socket.on('close', () => this.#sockets.delete(socket));
				socket.on('error', () => {});
			}
			client.pipe(upstream).pipe(client);
		});
		await new Promise<void>((resolve) => server.listen(this.listenPort, '127.0.0.1', resolve));
		this.port = (server.address() as { port: number }).port;
		this.listenPort = this.port;
		this.#server = server;
	}

	async cut(): Promise<void> {
		for (const socket of this.#sockets) socket.destroy();
		await new Promise((resolve) => this.#server?.close(resolve));
	}
}

describe.runIf(process.env.TEST_DATABASE_URL)('databaseAnswers through a cut network', () => {
	const target = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://localhost');
	const relay = new Relay({ host: target.hostname, port: Number(target.port || 5432) });
	let db: ReturnType<typeof openDatabase>;

	beforeAll(async () => {
		await relay.start();
		const url = new URL(target);
		url.hostname = '127.0.0.1';
		url.port = String(relay.port);
		db = openDatabase({
			url: url.toString(),
			poolMax: 2,
			connectTimeoutMs: 1_000,
			statementTimeoutMs: 5_000,
			onConnectionError: () => {}
		});
	});

	afterAll(async () => {
		await relay.cut();
		await db.destroy();
	});

	it('survives a connection dying between the statements of a transaction', async () => {
		await expect(
			db.transaction().execute(async (trx) => {
				await sql`select 1`.execute(trx);
				await relay.cut();
				// The checked-out connection now errors while no query waits on it.
				await new Promise((resolve) => setTimeout(resolve, 200));
				await sql`select 1`.execute(trx);
			})
		).rejects.toThrow();
		await relay.start();
		await expect.poll(() => databaseAnswers(db, 1_500), { timeout: 10_000 }).toBe(true);
	});

	it('turns false while PostgreSQL is unreachable and true again when it returns', async () => {
		expect(await databaseAnswers(db)).toBe(true);
		await relay.cut();
		expect(await databaseAnswers(db, 1_500)).toBe(false);
		await relay.start();
		// The pool drops the broken connections and opens new ones: no restart needed.
		await expect.poll(() => databaseAnswers(db, 1_500), { timeout: 10_000 }).toBe(true);
	});
});
