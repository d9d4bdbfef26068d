import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { E2E_ADMIN } from './admin.js';

/*
 * A production process (`node server.js`, from `npm run build`) of a test's own, on PostgreSQL,
 * that the test can stop with SIGTERM and start again, as an operator's service manager would.
 */

/** A port nobody listens on now, as the system hands one out. */
export async function sparePort(): Promise<number> {
	const probe = createServer();
	await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
	const { port } = probe.address() as { port: number };
	await new Promise((resolve) => probe.close(resolve));
	return port;
}

/**
 * The environment of a process on `databaseUrl`: PostgreSQL, never a PGlite folder the runner
 * happens to have; with null, on the DATA_DIR `extra` names.
 */
function serverEnv(databaseUrl: string | null, extra: Record<string, string>) {
	const { DATA_DIR: _unused, DATABASE_URL: _inherited, ...inherited } = process.env;
	const database = databaseUrl ? { DATABASE_URL: databaseUrl } : {};
	return { ...inherited, ...database, LOG_LEVEL: 'warn', ...extra };
}

/** Makes the first admin (E2E_ADMIN) the way an operator does: `npm run admin:create`. */
export function createFirstAdmin(
	databaseUrl: string | null,
	env: Record<string, string> = {}
): void {
	const created = spawnSync(
		process.execPath,
		['scripts/run-module.js', 'src/lib/server/accounts/admin-cli.ts'],
		{
			env: serverEnv(databaseUrl, env),
			input: `${E2E_ADMIN.pseudonym}\n${E2E_ADMIN.passphrase}\n`,
			encoding: 'utf8'
		}
	);
	if (created.status !== 0)
		throw new Error(`admin:create exited ${created.status}: ${created.stderr || created.stdout}`);
}

/**
 * Waits until /healthz answers 200 (the process listens and its database answers), at most a
 * minute, and not once the process is gone.
 */
async function healthy(port: number, running: () => boolean): Promise<void> {
	const deadline = Date.now() + 60_000;
	while (Date.now() < deadline && running()) {
		try {
			if ((await fetch(`http://localhost:${port}/healthz`)).ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`the server on ${port} did not become healthy`);
}

export interface OwnServer {
	port: number;
	origin: string;
	/** True while the process runs (it has not exited since it was last started). */
	alive(): boolean;
	/** SIGTERM, then waits for the process to exit; returns its exit code. */
	stop(): Promise<number | null>;
	/** Starts the process again and waits until it is healthy. */
	start(): Promise<void>;
}

/**
 * Starts `node server.js` on `port` with `databaseUrl` (or env's DATA_DIR) until healthy. `env` adds
 * to the environment (REALTIME_ADAPTER, THROTTLE_KEY...); ORIGIN is `origin`, or this port's.
 */
export async function ownServer(options: {
	port: number;
	databaseUrl: string | null;
	origin?: string;
	env?: Record<string, string>;
}): Promise<OwnServer> {
	const { port } = options;
	const origin = options.origin ?? `http://localhost:${port}`;
	const env = serverEnv(options.databaseUrl, {
		...options.env,
		PORT: String(port),
		ORIGIN: origin
	});
	let child: ChildProcess | undefined;
	let exited: Promise<number | null> = Promise.resolve(null);
	const server: OwnServer = {
		port,
		origin,
		alive: () => child !== undefined && child.exitCode === null && child.signalCode === null,
		async start() {
			child = spawn(process.execPath, ['server.js'], { env, stdio: 'inherit' });
			const started = child;
			exited = new Promise((resolve) => started.once('exit', (code) => resolve(code)));
			await healthy(port, server.alive);
		},
		async stop() {
			if (server.alive()) child!.kill('SIGTERM');
			return exited;
		}
	};
	try {
		await server.start();
	} catch (error) {
		// Started but never healthy: not left running behind the test.
		await server.stop();
		throw error;
	}
	return server;
}
