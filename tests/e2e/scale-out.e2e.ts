import { randomBytes } from 'node:crypto';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { expect, request, test, type APIRequestContext } from '@playwright/test';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../src/lib/realtime/events';
import type { MessageView } from '../../src/lib/realtime/messages';
import { E2E_ADMIN } from './admin.js';
import { formKeyIn, PASSPHRASE, uniquePseudonym } from './people';

/*
 * Two production processes (server.js) on one PostgreSQL with REALTIME_ADAPTER=postgres, as behind
 * a load balancer: a member connected to one process hears a message sent through the other. The
 * database server is the machine's PostgreSQL (E2E_POSTGRES_URL); without one this test is skipped.
 */

const SERVER_URL = process.env.E2E_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PORTS = [4391, 4392];
const ORIGIN = `http://localhost:${PORTS[0]}`;
const databaseName = `circles_e2e_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
const databaseUrl = Object.assign(new URL(SERVER_URL), { pathname: `/${databaseName}` }).href;

let available = false;
const servers: ChildProcess[] = [];
const sockets: Socket[] = [];

async function onServer(sql: string) {
	const client = new pg.Client({ connectionString: SERVER_URL, connectionTimeoutMillis: 3_000 });
	await client.connect();
	try {
		await client.query(sql);
	} finally {
		await client.end();
	}
}

async function healthy(port: number, deadline = Date.now() + 60_000) {
	while (Date.now() < deadline) {
		try {
			if ((await fetch(`http://localhost:${port}/healthz`)).ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`the server on ${port} did not start`);
}

test.beforeAll(async () => {
	// A command-line run and two servers start here: seconds each on a busy two-core machine.
	test.setTimeout(120_000);
	try {
		await onServer(`create database ${databaseName}`);
		available = true;
	} catch {
		return;
	}
	// PostgreSQL, never a PGlite folder a caller's DATA_DIR might name.
	const { DATA_DIR: _unused, ...inherited } = process.env;
	const env = { ...inherited, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' };
	// One key for both processes, so they count the same failed sign-ins.
	const THROTTLE_KEY = randomBytes(32).toString('hex');
	const created = spawnSync(
		process.execPath,
		['scripts/run-module.js', 'src/lib/server/accounts/admin-cli.ts'],
		{ env, input: `${E2E_ADMIN.pseudonym}\n${E2E_ADMIN.passphrase}\n`, encoding: 'utf8' }
	);
	if (created.status !== 0) throw new Error(created.stderr);
	for (const port of PORTS) {
		servers.push(
			spawn(process.execPath, ['server.js'], {
				env: { ...env, PORT: String(port), ORIGIN, REALTIME_ADAPTER: 'postgres', THROTTLE_KEY },
				stdio: 'inherit'
			})
		);
	}
	await Promise.all(PORTS.map((port) => healthy(port)));
});

test.afterAll(async () => {
	for (const socket of sockets) socket.close();
	await Promise.all(
		servers.map(
			(server) =>
				new Promise((resolve) => {
					server.on('exit', resolve);
					server.kill('SIGTERM');
				})
		)
	);
	if (available) await onServer(`drop database if exists ${databaseName} with (force)`);
});

/** A person's own HTTP client on one process; cookies are per host, so both processes share them. */
const person = (port: number) =>
	request.newContext({
		baseURL: `http://localhost:${port}`,
		extraHTTPHeaders: { origin: ORIGIN, accept: 'text/html' }
	});

async function post(client: APIRequestContext, path: string, form: Record<string, string>) {
	const response = await client.post(path, { form, maxRedirects: 0 });
	expect([200, 303], `${path}: ${response.status()}`).toContain(response.status());
	return response;
}

/** A new member who joins with the code through the process on `port`, then its socket there. */
async function memberOn(port: number, code: string, groupId: string) {
	const client = await person(port);
	const form = await client.get('/signup');
	await post(client, '/signup', {
		formKey: formKeyIn(await form.text()),
		code,
		pseudonym: uniquePseudonym('proc'),
		passphrase: PASSPHRASE
	});
	await post(client, `/groups/${groupId}/join`, {
		displayName: uniquePseudonym('name'),
		agree: 'on'
	});
	const cookie = (await client.storageState()).cookies.find((c) => c.name === 'sid')!;
	const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(
		`http://localhost:${port}`,
		{
			transports: ['websocket'],
			reconnection: false,
			extraHeaders: { cookie: `sid=${cookie.value}`, origin: ORIGIN }
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
	test.skip(!available, `no PostgreSQL at ${SERVER_URL}`);
	const admin = await person(PORTS[0]);
	await post(admin, '/login', { pseudonym: E2E_ADMIN.pseudonym, passphrase: E2E_ADMIN.passphrase });
	const newGroupForm = await admin.get('/groups/new');
	const made = await post(admin, '/groups/new', {
		formKey: formKeyIn(await newGroupForm.text()),
		name: 'Two processes',
		description: '',
		language: 'en',
		sizeCap: '12',
		joinRule: 'invitation',
		agreement: 'We listen.',
		holdFirstPosts: '0'
	});
	const groupId = made.headers().location!.match(/\/groups\/([0-9a-f-]+)\/manage/)![1];
	const review = await admin.get(`/groups/${groupId}/review`);
	const invite = await post(admin, `/groups/${groupId}/review?/invite`, {
		formKey: formKeyIn(await review.text()),
		maxUses: '2'
	});
	const code = (await invite.text()).match(/New code: ([A-Z0-9-]+)/)![1];

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
	expect(await heard).toMatchObject({ body: 'Hello from the first process', status: 'visible' });
});
