import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { LOCK_FILE } from './data-dir-lock';
import { migrateToLatest } from './migrate';
import { openDatabase } from './open';
import type { DB } from './schema';

// One folder for every test: a new PGlite folder takes seconds to set up.
const dataDir = mkdtempSync(join(tmpdir(), 'circles-lock-'));
const lockFile = join(dataDir, LOCK_FILE);
const opened: Kysely<DB>[] = [];

beforeAll(async () => {
	const db = openDatabase({ dataDir });
	await migrateToLatest(db);
	await db.destroy();
});

afterEach(async () => {
	for (const db of opened.splice(0)) await db.destroy();
});

afterAll(() => {
	rmSync(dataDir, { recursive: true, force: true });
});

async function open(): Promise<Kysely<DB>> {
	const db = openDatabase({ dataDir });
	opened.push(db);
	await sql`select 1`.execute(db);
	return db;
}

/** `npm run db:migrate` on the folder, in a process of its own, as an operator would run it. */
function migrateInAnotherProcess() {
	const run = spawnSync(
		process.execPath,
		['scripts/run-module.js', 'src/lib/server/db/migrate-cli.ts'],
		{ env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' }, encoding: 'utf8' }
	);
	return { status: run.status, output: run.stdout + run.stderr };
}

/** The pid of a process that has ended. */
async function deadPid(): Promise<number> {
	const child = spawn(process.execPath, ['-e', '']);
	await new Promise((resolve) => child.on('exit', resolve));
	return child.pid!;
}

const writeLock = (holder: { pid: number; host: string }) =>
	writeFileSync(lockFile, JSON.stringify({ ...holder, token: 'earlier' }));

const lockHolder = () => JSON.parse(readFileSync(lockFile, 'utf8'));

describe('a PGlite folder', () => {
	it('refuses a second process while one has it open, and lets it in once that one closes', async () => {
		const first = await open();

		const refused = migrateInAnotherProcess();
		expect(refused.status).toBe(1);
		expect(refused.output).toContain(
			`another Circles process (pid ${process.pid}) is using DATA_DIR=${dataDir}; stop it first, or use PostgreSQL for several processes`
		);

		// Closing gives the folder up, as the admin tool does before the server starts on it.
		await first.destroy();
		opened.splice(opened.indexOf(first), 1);
		expect(existsSync(lockFile)).toBe(false);
		await open();
	}, 120_000);

	it('takes over the lock of a process that has ended', async () => {
		writeLock({ pid: await deadPid(), host: hostname() });
		await open();
		expect(lockHolder()).toMatchObject({ pid: process.pid });
	});

	it('takes over a lock with its own pid that an earlier process left (a restarted container)', async () => {
		writeLock({ pid: process.pid, host: hostname() });
		await open();
		expect(lockHolder().token).not.toBe('earlier');
	});

	it('refuses a second opening in the same process', async () => {
		await open();
		expect(() => openDatabase({ dataDir })).toThrow(`(pid ${process.pid}) is using`);
	});

	it('refuses a lock taken on another host, whose process cannot be asked', () => {
		writeLock({ pid: 4242, host: 'elsewhere' });
		expect(() => openDatabase({ dataDir })).toThrow(
			`another Circles process (pid 4242 on elsewhere) is using DATA_DIR=${dataDir}`
		);
		rmSync(lockFile);
	});

	it('stays open, once, when development runs the module that opened it again', async () => {
		vi.stubEnv('DATA_DIR', dataDir);
		vi.stubEnv('DATABASE_URL', '');
		try {
			const load = async () => {
				vi.resetModules();
				return import('./index');
			};
			const db = (await load()).getDb();
			await sql`select 1`.execute(db);
			const reloaded = await load();
			expect(reloaded.getDb()).toBe(db);
			await reloaded.closeDb();
			expect(existsSync(lockFile)).toBe(false);
		} finally {
			vi.unstubAllEnvs();
		}
	});
});
