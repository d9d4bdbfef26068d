import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { io } from 'socket.io-client';
import { E2E_ADMIN } from './admin.js';

/** Resolves with 'connected' or the connect_error message. */
function socketHandshake(url: string, headers: Record<string, string>) {
	const client = io(url, {
		transports: ['websocket'],
		reconnection: false,
		extraHeaders: headers
	});
	return new Promise<string>((resolve) => {
		client.on('connect', () => {
			resolve('connected');
			client.close();
		});
		client.on('connect_error', (error) => resolve(error.message));
	});
}

/** The session cookie of the e2e admin, signed in through the form. */
async function adminCookie(request: APIRequestContext, baseURL: string): Promise<string> {
	const response = await request.post('/login', {
		form: E2E_ADMIN,
		headers: { origin: baseURL, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(response.status()).toBe(303);
	const cookie = response.headers()['set-cookie'].match(/sid=([^;]+)/)?.[1];
	return `sid=${cookie}`;
}

test('the production server serves socket.io on the same port, to its own origin only', async ({
	request,
	baseURL
}) => {
	const cookie = await adminCookie(request, baseURL!);
	expect(await socketHandshake(baseURL!, { origin: baseURL!, cookie })).toBe('connected');
	expect(await socketHandshake(baseURL!, { origin: 'https://evil.example', cookie })).not.toBe(
		'connected'
	);
	expect(await socketHandshake(baseURL!, { origin: baseURL! })).toBe('unauthorized');
});

test('/healthz answers 200', async ({ request }) => {
	const response = await request.get('/healthz');
	expect(response.status()).toBe(200);
	expect(await response.json()).toEqual({ status: 'ok' });
});

interface Run {
	code: number | null;
	stdout: string;
	stderr: string;
}

/** Servers and command-line runs a test started: a test that fails half-way stops them too. */
const children = new Set<ReturnType<typeof spawn>>();
test.afterEach(() => {
	for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
	children.clear();
});

/**
 * These tests start real processes (the module runner compiles on start): seconds each on a busy
 * two-core machine, so they get more than the default 30 s.
 */
const PROCESS_TEST_TIMEOUT_MS = 120_000;

/** Starts `node server.js` with the given environment; `whenUp` runs once /healthz answers. */
function runServer(
	env: Record<string, string>,
	whenUp?: (child: ReturnType<typeof spawn>) => void
) {
	const child = spawn(process.execPath, ['server.js'], {
		env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	children.add(child);
	const run: Run = { code: null, stdout: '', stderr: '' };
	child.stdout.on('data', (chunk) => {
		run.stdout += chunk;
		if (whenUp && run.stdout.includes('"msg":"listening"')) {
			const callback = whenUp;
			whenUp = undefined;
			callback(child);
		}
	});
	child.stderr.on('data', (chunk) => (run.stderr += chunk));
	return new Promise<Run>((resolve) =>
		child.on('exit', (code) => {
			run.code = code;
			resolve(run);
		})
	);
}

test('bad configuration stops the start with a message naming the variable', async () => {
	const run = await runServer({ PORT: '4190', DATA_DIR: 'memory://', DB_POOL_MAX: 'many' });
	expect(run.code).toBe(1);
	expect(run.stderr).toContain('DB_POOL_MAX must be a whole number');
	expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
});

/**
 * Sign-ins from phones whose connection drops before the answer: each sends all of its form but
 * the last byte now (so the app is already reading it); `send` sends the last bytes, `drop` cuts
 * the connections.
 */
function droppedSignIns(url: string, count: number) {
	const body = new URLSearchParams(E2E_ADMIN).toString();
	const requests = Array.from({ length: count }, () => {
		const request = httpRequest(`${url}/login`, {
			method: 'POST',
			agent: false,
			headers: {
				origin: url,
				accept: 'text/html',
				'content-type': 'application/x-www-form-urlencoded',
				'content-length': String(Buffer.byteLength(body))
			}
		});
		request.on('error', () => {});
		request.write(body.slice(0, -1));
		return request;
	});
	return {
		send: () => requests.forEach((request) => request.end(body.slice(-1))),
		drop: () => requests.forEach((request) => request.destroy())
	};
}

test('SIGTERM lets requests in flight finish, closes sockets, the server and the database, then exits 0', async () => {
	test.setTimeout(PROCESS_TEST_TIMEOUT_MS);
	const dataDir = mkdtempSync(join(tmpdir(), 'circles-shutdown-'));
	const port = 4191;
	const url = `http://localhost:${port}`;
	try {
		const created = spawnSync(
			process.execPath,
			['scripts/run-module.js', 'src/lib/server/accounts/admin-cli.ts'],
			{
				env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir },
				input: `${E2E_ADMIN.pseudonym}\n${E2E_ADMIN.passphrase}\n`
			}
		);
		expect(created.status).toBe(0);
		let socketClosed = false;
		const SIGN_INS = 4;
		const run = await runServer(
			{ PORT: String(port), ORIGIN: url, DATA_DIR: dataDir },
			async (child) => {
				const signIn = await fetch(`${url}/login`, {
					method: 'POST',
					body: new URLSearchParams(E2E_ADMIN),
					headers: { origin: url, accept: 'text/html' },
					redirect: 'manual'
				});
				const cookie = signIn.headers.get('set-cookie')?.match(/sid=[^;]+/)?.[0] ?? '';
				const client = io(url, {
					transports: ['websocket'],
					reconnection: false,
					extraHeaders: { cookie }
				});
				await new Promise<void>((resolve) => client.on('connect', () => resolve()));
				client.on('disconnect', () => (socketClosed = true));
				// Four sign-ins (fewer than the sign-in limit allows; each hashes a passphrase, then
				// stores a session) are in the app when the signal comes, and their phones drop off:
				// the server no longer waits for their connections, but it must still let them
				// finish before the database closes.
				const signIns = droppedSignIns(url, SIGN_INS);
				await new Promise((resolve) => setTimeout(resolve, 500));
				signIns.send();
				child.kill('SIGTERM');
				await new Promise((resolve) => setTimeout(resolve, 50));
				signIns.drop();
			}
		);
		expect(run.code, run.stderr + run.stdout).toBe(0);
		expect(run.stdout).toContain('"msg":"stopped"');
		expect(socketClosed).toBe(true);
		const signedIn = run.stdout.match(/"route":"\/login","status":303/g) ?? [];
		expect(signedIn.length, run.stdout).toBe(SIGN_INS + 1);
		expect(run.stdout).not.toContain('unexpected error');

		// The database was closed cleanly: the same data folder opens again.
		const again = await runServer({ PORT: String(port), ORIGIN: url, DATA_DIR: dataDir }, (child) =>
			child.kill('SIGTERM')
		);
		expect(again.code).toBe(0);
	} finally {
		rmSync(dataDir, { recursive: true, force: true });
	}
});

test('npm run db:migrate lists what is pending with --dry-run, applies it without, and exits', async () => {
	// Three cold starts of the module runner (about 30 s each on a quiet 2-core machine, more
	// beside the rest of the suite), each a whole process test of its own.
	test.setTimeout(3 * PROCESS_TEST_TIMEOUT_MS);
	const dataDir = mkdtempSync(join(tmpdir(), 'circles-migrate-'));
	const migrate = async (...args: string[]) => {
		const child = spawn(
			process.execPath,
			['scripts/run-module.js', 'src/lib/server/db/migrate-cli.ts', ...args],
			{
				env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir },
				stdio: ['ignore', 'pipe', 'pipe']
			}
		);
		children.add(child);
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		const code = await new Promise((resolve) => child.on('exit', resolve));
		expect(code).toBe(0);
		return output;
	};
	try {
		const plan = await migrate('--dry-run');
		expect(plan).toContain(`would be applied to PGlite in ${dataDir}`);
		expect(plan).toContain('0001_accounts');
		expect(await migrate()).toContain(`Applied`);
		expect(await migrate('--dry-run')).toContain(`PGlite in ${dataDir} is up to date.`);
	} finally {
		rmSync(dataDir, { recursive: true, force: true });
	}
});
