import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/*
 * A PostgreSQL cluster of the test's own, in a temporary folder on a spare port, that the test may
 * stop and start as an operator would (`pg_ctl stop -m fast`, `pg_ctl start`) without touching the
 * machine's server.
 */

const ROOT = '/usr/lib/postgresql';

/** The newest installed PostgreSQL's bin folder with initdb and pg_ctl; null when there is none. */
function binaries(): string | null {
	if (!existsSync(ROOT)) return null;
	const versions = readdirSync(ROOT)
		.filter((version) => existsSync(join(ROOT, version, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? join(ROOT, versions[0], 'bin') : null;
}

/** initdb and the server refuse to run as root: as root they run as the `postgres` user. */
const asRoot = process.getuid?.() === 0;

function postgresUser(): { uid: number; gid: number } | null {
	try {
		const [uid, gid] = ['-u', '-g'].map((flag) =>
			Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim())
		);
		return { uid, gid };
	} catch {
		return null;
	}
}

/**
 * Resolves once 127.0.0.1:`port` takes a TCP connection. `pg_ctl start -w` can return before the
 * loopback socket does (a test's first query right after it was once refused), so start() waits
 * for the address the app and the test use.
 */
async function acceptsConnections(port: number, timeoutMs = 30_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const refused = await new Promise<Error | null>((resolve) => {
			const socket = connect({ host: '127.0.0.1', port });
			socket.once('connect', () => {
				socket.destroy();
				resolve(null);
			});
			socket.once('error', resolve);
		});
		if (!refused) return;
		if (Date.now() > deadline) throw refused;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

/** Why a throwaway cluster cannot be made here, or null when it can. */
export function throwawayPostgresMissing(): string | null {
	if (!binaries()) return `no PostgreSQL binaries under ${ROOT}/*/bin`;
	if (asRoot && !postgresUser()) return 'running as root without a postgres user for initdb';
	return null;
}

export interface ThrowawayPostgres {
	/** postgres:// address of the cluster's `postgres` database (user postgres, trust). */
	url: string;
	/** Stops the server, ending every connection (`pg_ctl stop -m fast`). */
	stop(): Promise<void>;
	/** Starts it again and resolves once it accepts connections. */
	start(): Promise<void>;
	/** Stops it, if running, and removes its folder. */
	remove(): Promise<void>;
}

/** A new cluster, running on `port`. Call throwawayPostgresMissing() first. */
export async function throwawayPostgres(port: number): Promise<ThrowawayPostgres> {
	const bin = binaries()!;
	const folder = mkdtempSync(join(tmpdir(), 'circles-pg-'));
	const dataDir = join(folder, 'data');
	if (asRoot) {
		const { uid, gid } = postgresUser()!;
		chownSync(folder, uid, gid);
	}
	// Asynchronous: the test's own clients keep running while the server stops and starts.
	const run = async (program: string, args: string[]) => {
		const [command, argv] = asRoot
			? ['runuser', ['-u', 'postgres', '--', join(bin, program), ...args]]
			: [join(bin, program), args];
		await promisify(execFile)(command, argv, { cwd: folder });
	};
	// Its own socket folder and only the loopback address: nothing shared with another server.
	const options = `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1`;
	const pgCtl = (...args: string[]) =>
		run('pg_ctl', ['-D', dataDir, '-l', join(folder, 'server.log'), ...args]);
	let running = false;
	const cluster: ThrowawayPostgres = {
		url: `postgres://postgres@127.0.0.1:${port}/postgres`,
		async start() {
			await pgCtl('start', '-w', '-t', '60', '-o', options);
			running = true;
			await acceptsConnections(port);
		},
		async stop() {
			await pgCtl('stop', '-w', '-m', 'fast');
			running = false;
		},
		async remove() {
			try {
				if (running) await pgCtl('stop', '-w', '-m', 'immediate');
			} finally {
				rmSync(folder, { recursive: true, force: true });
			}
		}
	};
	try {
		await run('initdb', [
			'-D',
			dataDir,
			'-U',
			'postgres',
			'--auth=trust',
			'--no-sync',
			'-E',
			'UTF8'
		]);
		await cluster.start();
	} catch (error) {
		await cluster.remove();
		throw error;
	}
	return cluster;
}
