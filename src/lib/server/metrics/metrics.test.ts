import { sql, type Kysely } from 'kysely';
import { io as connectClient } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock } from '../../../../tests/helpers/clock';
import { onPostgres, openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, uniqueAddress } from '../../../../tests/helpers/factories';
import { createGroupMember, createTestGroup } from '../../../../tests/helpers/groups';
import { startRealtime, type TestClient } from '../../../../tests/helpers/realtime';
import { signIn } from '../accounts/signin';
import { openDatabase } from '../db/open';
import type { DB } from '../db/schema';
import { moderateMember } from '../groups/member-moderation';
import { WRITE_LIMITS } from '../limits/write-limits';
import { recordBackup, scrapeMetrics, timeRequest, watchDatabasePool } from '.';

/**
 * The metrics move when the real code paths run: a message sent over socket.io, a refused
 * handshake, a burst, a muted member, a wrong passphrase, a request through the hook.
 */

let db: Kysely<DB>;
let server: Awaited<ReturnType<typeof startRealtime>> | undefined;

beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});
afterEach(async () => {
	await server?.stop();
	server = undefined;
});

/** Every sample of a scrape: name, labels, value. */
async function samples() {
	const { body } = await scrapeMetrics();
	return body
		.split('\n')
		.filter((line) => line && !line.startsWith('#'))
		.map((line) => {
			const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
			if (!match) throw new Error(`not a sample line: ${line}`);
			const labels = Object.fromEntries(
				[...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]])
			);
			return { name: match[1], labels, value: Number(match[3]) };
		});
}

/** The value of one sample (0 when it is not there yet). */
async function valueOf(name: string, labels: Record<string, string> = {}): Promise<number> {
	const found = (await samples()).find(
		(sample) =>
			sample.name === name &&
			Object.keys(sample.labels).length === Object.keys(labels).length &&
			Object.entries(labels).every(([key, value]) => sample.labels[key] === value)
	);
	return found?.value ?? 0;
}

/** The sample's value once it equals `expected`, or its last value after a few seconds. */
async function settled(name: string, labels: Record<string, string>, expected: number) {
	const deadline = Date.now() + 5_000;
	let value = await valueOf(name, labels);
	while (value !== expected && Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 20));
		value = await valueOf(name, labels);
	}
	return value;
}

/** A clock that stands still at the present: the factories' sessions start now, and stay valid. */
const standingClock = () => fakeClock(new Date());

const send = (client: TestClient, groupId: string, body: string, clientId = crypto.randomUUID()) =>
	client.emitWithAck('message:send', { groupId, clientId, body });

describe('metrics', () => {
	it('counts messages stored over socket.io, once per message, and the sockets open', async () => {
		const clock = standingClock();
		server = await startRealtime(db, clock);
		const group = await createTestGroup(db);
		const member = await createGroupMember(db, group.id);
		const openBefore = await valueOf('circles_socket_connections');
		const storedBefore = await valueOf('circles_messages_stored_total');

		const client = await server.connect(member.token);
		expect(await valueOf('circles_socket_connections')).toBe(openBefore + 1);
		const clientId = crypto.randomUUID();
		expect((await send(client, group.id, 'first of the day', clientId)).ok).toBe(true);
		// A resend (the same client id) is the same message: not stored, not counted again.
		expect((await send(client, group.id, 'first of the day', clientId)).ok).toBe(true);
		expect((await send(client, group.id, 'second')).ok).toBe(true);
		expect(await valueOf('circles_messages_stored_total')).toBe(storedBefore + 2);

		// The server hears of the close a moment later.
		client.close();
		expect(await settled('circles_socket_connections', {}, openBefore)).toBe(openBefore);
	});

	it('counts handshakes refused, by reason', async () => {
		server = await startRealtime(db, standingClock());
		const before = await valueOf('circles_socket_connections_refused_total', {
			reason: 'unauthorized'
		});
		const stranger = connectClient(server.url, {
			transports: ['websocket'],
			reconnection: false,
			forceNew: true,
			extraHeaders: { cookie: 'sid=not-a-session', origin: server.url }
		});
		const refusal = await new Promise<string>((resolve) =>
			stranger.once('connect_error', (error) => resolve(error.message))
		);
		stranger.close();
		expect(refusal).toBe('unauthorized');
		expect(
			await valueOf('circles_socket_connections_refused_total', { reason: 'unauthorized' })
		).toBe(before + 1);
	});

	it('counts writes refused for going too fast, and for a muted member', async () => {
		const clock = standingClock();
		server = await startRealtime(db, clock);
		const group = await createTestGroup(db);
		const member = await createGroupMember(db, group.id);
		const client = await server.connect(member.token);
		const refused = (reason: string) =>
			valueOf('circles_writes_refused_total', { kind: 'message', reason });
		const tooFastBefore = await refused('too_fast');
		const mutedBefore = await refused('muted');

		const [shortWindow] = WRITE_LIMITS.message;
		for (let i = 1; i <= shortWindow.max; i++)
			expect((await send(client, group.id, `hello ${i}`)).ok).toBe(true);
		const eventBefore = await valueOf('circles_socket_events_refused_total', {
			event: 'message:send',
			reason: 'too_fast'
		});
		expect(await send(client, group.id, 'one too many')).toMatchObject({ error: 'too_fast' });
		expect(await refused('too_fast')).toBe(tooFastBefore + 1);
		// The socket's answer is counted too, by event and error code.
		expect(
			await valueOf('circles_socket_events_refused_total', {
				event: 'message:send',
				reason: 'too_fast'
			})
		).toBe(eventBefore + 1);

		clock.advance(shortWindow.seconds * 1000);
		await moderateMember(
			db,
			group.coordinator,
			group.id,
			member.memberId,
			{ kind: 'mute', reason: 'a pause', minutes: 10 },
			clock()
		);
		expect(await send(client, group.id, 'still here')).toMatchObject({ error: 'muted' });
		expect(await refused('muted')).toBe(mutedBefore + 1);
	});

	it('counts failed sign-ins, by reason', async () => {
		const account = await createAccount(db);
		const before = await valueOf('circles_signin_failures_total', { reason: 'invalid' });
		const result = await signIn(
			db,
			{
				pseudonym: account.pseudonym,
				passphrase: 'not the passphrase at all',
				mode: 'shared',
				address: uniqueAddress()
			},
			fakeClock()
		);
		expect(result).toEqual({ ok: false, problem: 'invalid' });
		expect(await valueOf('circles_signin_failures_total', { reason: 'invalid' })).toBe(before + 1);
	});

	it('times requests by route id and status, never by the path as asked', async () => {
		const groupId = crypto.randomUUID();
		const labels = { route: '/groups/[id]', method: 'GET', status: '404' };
		const before = await valueOf('circles_http_request_duration_seconds_count', labels);
		const response = await timeRequest({
			event: {
				route: { id: '/groups/[id]' },
				request: new Request(`http://localhost/groups/${groupId}?tab=members`)
			},
			resolve: async () => new Response('not here', { status: 404 })
		} as unknown as Parameters<typeof timeRequest>[0]);
		expect(response.status).toBe(404);
		expect(await valueOf('circles_http_request_duration_seconds_count', labels)).toBe(before + 1);

		// No route: "unmatched"; a method nobody uses is "other", not the word the client sent.
		await timeRequest({
			event: {
				route: { id: null },
				request: new Request(`http://localhost/${groupId}`, { method: 'BREW' })
			},
			resolve: async () => new Response(null, { status: 405 })
		} as unknown as Parameters<typeof timeRequest>[0]);
		expect(
			await valueOf('circles_http_request_duration_seconds_count', {
				route: 'unmatched',
				method: 'other',
				status: '405'
			})
		).toBeGreaterThan(0);
		expect((await scrapeMetrics()).body).not.toContain(groupId);
	});

	it('keeps the last backup for the backup job to report', async () => {
		recordBackup({ at: new Date('2030-01-02T03:04:05Z'), bytes: 123_456, seconds: 2.5 });
		expect(await valueOf('circles_backup_last_time_seconds')).toBe(
			Date.parse('2030-01-02T03:04:05Z') / 1000
		);
		expect(await valueOf('circles_backup_last_size_bytes')).toBe(123_456);
		expect(await valueOf('circles_backup_last_duration_seconds')).toBe(2.5);
		expect(await valueOf('circles_backups_total')).toBeGreaterThanOrEqual(1);
	});

	it("carries Node's event-loop delay and no one's nickname, id or words", async () => {
		const clock = standingClock();
		server = await startRealtime(db, clock);
		const group = await createTestGroup(db);
		const member = await createGroupMember(db, group.id);
		const client = await server.connect(member.token);
		const words = `my own words ${crypto.randomUUID()}`;
		expect((await send(client, group.id, words)).ok).toBe(true);
		const account = await createAccount(db);
		await signIn(
			db,
			{ pseudonym: account.pseudonym, passphrase: 'wrong', mode: 'shared', address: '10.9.8.7' },
			clock
		);

		const { contentType, body } = await scrapeMetrics();
		expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
		for (const name of [
			'nodejs_eventloop_lag_seconds',
			'nodejs_eventloop_lag_p99_seconds',
			'process_cpu_seconds_total',
			'circles_http_request_duration_seconds',
			'circles_socket_connections',
			'circles_socket_connections_refused_total',
			'circles_messages_stored_total',
			'circles_writes_refused_total',
			'circles_signin_failures_total',
			'circles_backup_last_time_seconds'
		])
			expect(body).toContain(`# TYPE ${name} `);
		for (const secret of [
			member.pseudonym,
			member.displayName,
			member.id,
			member.memberId,
			member.sessionId,
			member.token,
			group.id,
			words,
			account.pseudonym,
			account.id,
			'10.9.8.7'
		])
			expect(body).not.toContain(secret);
	});
});

describe.runIf(onPostgres)('the PostgreSQL pool', () => {
	let pooled: Kysely<DB> | undefined;
	afterAll(async () => {
		await pooled?.destroy();
	});

	it('shows connections in use, idle and waiting, read at each scrape', async () => {
		// A database opened as the server opens its own (db/index.ts), with one connection to fill.
		const processDb = openDatabase({
			url: process.env.TEST_DATABASE_URL!,
			poolMax: 1,
			connectTimeoutMs: 5_000,
			statementTimeoutMs: 30_000,
			onConnectionError: () => {}
		});
		pooled = processDb;
		watchDatabasePool(processDb);
		await sql`select 1`.execute(processDb);
		expect(await valueOf('circles_db_pool_max')).toBe(1);
		expect(await valueOf('circles_db_pool_connections', { state: 'idle' })).toBe(1);
		expect(await valueOf('circles_db_pool_connections', { state: 'in_use' })).toBe(0);
		expect(await valueOf('circles_db_pool_waiting')).toBe(0);

		let release!: () => void;
		const held = new Promise<void>((resolve) => (release = resolve));
		let holding!: () => void;
		const taken = new Promise<void>((resolve) => (holding = resolve));
		const transaction = processDb.transaction().execute(async (trx) => {
			await sql`select 1`.execute(trx);
			holding();
			await held;
		});
		await taken;
		const queued = sql`select 2 as two`.execute(processDb);
		// The query asks the pool a few ticks later.
		expect(await settled('circles_db_pool_waiting', {}, 1)).toBe(1);
		expect(await valueOf('circles_db_pool_connections', { state: 'in_use' })).toBe(1);

		release();
		await transaction;
		expect((await queued).rows).toEqual([{ two: 2 }]);
		expect(await valueOf('circles_db_pool_waiting')).toBe(0);
	});
});
