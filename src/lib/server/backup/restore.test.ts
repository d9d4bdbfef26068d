import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock } from '../../../../tests/helpers/clock';
import { onPostgres } from '../../../../tests/helpers/database';
import { createAccount, signedIn } from '../../../../tests/helpers/factories';
import { createGroupMember, createTestGroup } from '../../../../tests/helpers/groups';
import { seedDemoSavings } from '../app/demo-savings';
import type { Clock } from '../clock';
import { DataDirInUseError } from '../db/data-dir-lock';
import { migrateToLatest } from '../db/migrate';
import { openDatabase } from '../db/open';
import type { DB } from '../db/schema';
import { sendMessage } from '../groups';
import { newFormKey } from '../forms/form-key';
import { addService } from '../services/directory';
import { listBackups } from './backup-files';
import { backupPGlite } from './pglite-backup';
import { backupPostgres } from './postgres-backup';
import { DataDirNotEmptyError, restorePGlite } from './restore-pglite';

/*
 * A backup is only as good as its restore: each case fills the database through the services,
 * backs it up, wipes or replaces it, restores, and compares what came back with what went in.
 */

let scratch: string;
beforeAll(() => {
	scratch = mkdtempSync(join(tmpdir(), 'circles-backup-'));
});
afterAll(() => {
	rmSync(scratch, { recursive: true, force: true });
});

/** Accounts, a circle with messages, a savings group's books and a service in the directory. */
async function fillEveryDomain(db: Kysely<DB>): Promise<void> {
	const clock = fakeClock();
	const { id: groupId, coordinator } = await createTestGroup(db);
	const members: Awaited<ReturnType<typeof createGroupMember>>[] = [];
	for (let i = 0; i < 4; i++) members.push(await createGroupMember(db, groupId));
	for (let i = 0; i < 12; i++) {
		clock.advance(5_000);
		const sent = await sendMessage(
			db,
			members[i % members.length],
			{ groupId, clientId: crypto.randomUUID(), body: `message ${i}` },
			clock
		);
		expect(sent.ok).toBe(true);
	}
	await seedDemoSavings(
		db,
		{ coordinator, secretary: members[0], member: members[1] },
		clock().toISOString().slice(0, 10),
		clock
	);
	const admin = await signedIn(db, await createAccount(db, { role: 'admin' }));
	await addService(
		db,
		admin,
		{
			formKey: newFormKey(clock()),
			name: 'A helpline',
			kind: 'hotline',
			organisation: '',
			country: 'KH',
			area: '',
			languages: ['km'],
			hours: '',
			howToReach: 'Call the office',
			serves: '',
			note: '',
			crisis: true
		},
		clock
	);
}

/** Every table's row count, by name. */
async function tableCounts(db: Kysely<DB>): Promise<Record<string, number>> {
	const { rows: tables } = await sql<{ name: string }>`
		select table_name as name from information_schema.tables
		where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name
	`.execute(db);
	const counts: Record<string, number> = {};
	for (const { name } of tables) {
		const { rows } = await sql<{
			count: number;
		}>`select count(*)::int as count from ${sql.table(name)}`.execute(db);
		counts[name] = rows[0].count;
	}
	return counts;
}

/** A digest of every savings entry, every column, in the ledger's order. */
async function ledgerChecksum(db: Kysely<DB>): Promise<{ entries: number; digest: string }> {
	const { rows } = await sql<{ entries: number; digest: string }>`
		select count(*)::int as entries,
			md5(coalesce(string_agg(e::text, '|' order by e.seq), '')) as digest
		from savings_entry e
	`.execute(db);
	return rows[0];
}

/**
 * Sends messages one after another from several members until `during` settles; returns the ids
 * acknowledged before `during` was started.
 */
async function sendWhile(
	db: Kysely<DB>,
	during: () => Promise<unknown>
): Promise<{ ackedBefore: string[]; ackedTotal: number }> {
	const clock: Clock & { advance(ms: number): void } = fakeClock();
	const { id: groupId } = await createTestGroup(db);
	const members: Awaited<ReturnType<typeof createGroupMember>>[] = [];
	for (let i = 0; i < 6; i++) members.push(await createGroupMember(db, groupId));
	const acked: string[] = [];
	let stop = false;
	const sender = async (lane: number) => {
		for (let i = lane; !stop; i += 2) {
			// As a member's phone would, across the network: the next one comes in a later turn
			// of the event loop (PGlite answers within one, and would starve the backup's I/O).
			await new Promise((resolve) => setImmediate(resolve));
			clock.advance(2_000);
			const sent = await sendMessage(
				db,
				members[i % members.length],
				{ groupId, clientId: crypto.randomUUID(), body: `during backup ${i}` },
				clock
			);
			if (!sent.ok) throw new Error(sent.error);
			acked.push(sent.message.id);
		}
	};
	const senders = Promise.all([sender(0), sender(1)]);
	// Let some messages through first, so the backup starts in the middle of the talk.
	let failed: unknown;
	senders.catch((error: unknown) => (failed = error));
	while (acked.length < 20 && failed === undefined) {
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
	if (failed !== undefined) throw failed;
	const ackedBefore = [...acked];
	try {
		await during();
	} finally {
		stop = true;
		await senders;
	}
	return { ackedBefore, ackedTotal: acked.length };
}

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe.skipIf(onPostgres)('a PGlite backup', () => {
	it('restores every table and the ledger after the data folder is wiped', async () => {
		const dataDir = join(scratch, 'wiped');
		const backupDir = join(scratch, 'wiped-backups');
		let db = openDatabase({ dataDir });
		await migrateToLatest(db);
		await fillEveryDomain(db);
		const counts = await tableCounts(db);
		const ledger = await ledgerChecksum(db);
		expect(counts.account).toBeGreaterThan(5);
		expect(counts.group_message).toBeGreaterThanOrEqual(12);
		expect(ledger.entries).toBeGreaterThan(10);

		const backup = await backupPGlite(db, backupDir, 14);
		await db.destroy();
		expect(backup.path).toMatch(/circles-\d{8}T\d{9}Z\.tar\.gz$/);
		expect(modeOf(backup.path)).toBe(0o600);
		expect(modeOf(backupDir)).toBe(0o700);
		expect(readdirSync(backupDir)).toEqual([backup.path.split('/').at(-1)]);

		rmSync(dataDir, { recursive: true });
		const restored = await restorePGlite(backup.path, dataDir);
		expect(restored.movedAside).toBeUndefined();
		db = openDatabase({ dataDir });
		try {
			expect(await migrateToLatest(db)).toEqual([]);
			expect(await tableCounts(db)).toEqual(counts);
			expect(await ledgerChecksum(db)).toEqual(ledger);
		} finally {
			await db.destroy();
		}
	});

	it('refuses a folder in use or holding a database, and with --force moves it aside', async () => {
		const dataDir = join(scratch, 'occupied');
		const db = openDatabase({ dataDir });
		await migrateToLatest(db);
		const account = await createAccount(db);
		const backup = await backupPGlite(db, join(scratch, 'occupied-backups'), 14);
		await createAccount(db); // made after the backup: gone after the restore, kept aside
		await expect(restorePGlite(backup.path, dataDir, { force: true })).rejects.toThrow(
			DataDirInUseError
		);
		await db.destroy();

		await expect(restorePGlite(backup.path, dataDir)).rejects.toThrow(DataDirNotEmptyError);
		const result = await restorePGlite(backup.path, dataDir, { force: true });
		expect(result.movedAside).toBeDefined();
		expect(existsSync(join(result.movedAside!, 'PG_VERSION'))).toBe(true);
		expect(existsSync(join(result.movedAside!, 'circles.lock'))).toBe(false);

		for (const [dir, accounts] of [
			[dataDir, 1],
			[result.movedAside!, 2]
		] as const) {
			const opened = openDatabase({ dataDir: dir });
			try {
				const rows = await opened.selectFrom('account').select('id').execute();
				expect(rows).toHaveLength(accounts);
				expect(rows.map((row) => row.id)).toContain(account.id);
			} finally {
				await opened.destroy();
			}
		}
	});

	it('keeps the newest BACKUP_KEEP backups', async () => {
		const dataDir = join(scratch, 'kept');
		const backupDir = join(scratch, 'kept-backups');
		const db = openDatabase({ dataDir });
		const clock = fakeClock();
		try {
			await migrateToLatest(db);
			const names = [];
			for (let i = 0; i < 4; i++) {
				clock.advance(6 * 3_600_000);
				names.push((await backupPGlite(db, backupDir, 2, clock)).path.split('/').at(-1));
			}
			expect(listBackups(backupDir).map((file) => file.name)).toEqual(names.slice(2));
			expect(readdirSync(backupDir).sort()).toEqual(names.slice(2));
		} finally {
			await db.destroy();
		}
	});

	it('loses no acknowledged message when taken while members are sending', async () => {
		const dataDir = join(scratch, 'busy');
		let db = openDatabase({ dataDir });
		await migrateToLatest(db);
		let path = '';
		const { ackedBefore, ackedTotal } = await sendWhile(db, async () => {
			path = (await backupPGlite(db, join(scratch, 'busy-backups'), 14)).path;
		});
		await db.destroy();
		expect(ackedTotal).toBeGreaterThan(ackedBefore.length);

		rmSync(dataDir, { recursive: true });
		await restorePGlite(path, dataDir);
		db = openDatabase({ dataDir });
		try {
			const stored = await db
				.selectFrom('group_message')
				.select('id')
				.where('id', 'in', ackedBefore)
				.execute();
			expect(stored).toHaveLength(ackedBefore.length);
		} finally {
			await db.destroy();
		}
	});
});

describe.runIf(onPostgres)('a PostgreSQL backup (pg_dump, pg_restore)', () => {
	const source = process.env.TEST_DATABASE_URL!;
	const restoredUrls: string[] = [];

	/** A new, empty database on the same server, dropped after the tests. */
	function freshDatabase(): string {
		const url = new URL(source);
		const name = `${url.pathname.slice(1)}_restored_${crypto.randomUUID().slice(0, 8)}`;
		execFileSync('psql', [source, '-qc', `create database "${name}"`]);
		url.pathname = `/${name}`;
		restoredUrls.push(url.toString());
		return url.toString();
	}

	/** The README's restore command. */
	function pgRestore(file: string, into: string): void {
		execFileSync('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${into}`, file]);
	}

	const open = (url: string) =>
		openDatabase({
			url,
			poolMax: 3,
			connectTimeoutMs: 5_000,
			statementTimeoutMs: 30_000,
			onConnectionError: () => {}
		});

	let db: Kysely<DB>;
	beforeAll(async () => {
		db = open(source);
		await migrateToLatest(db);
	});
	afterAll(async () => {
		await db.destroy();
		for (const url of restoredUrls) {
			const name = new URL(url).pathname.slice(1);
			execFileSync('psql', [source, '-qc', `drop database if exists "${name}"`]);
		}
	});

	it('restores every table and the ledger into a fresh database', async () => {
		await fillEveryDomain(db);
		const counts = await tableCounts(db);
		const ledger = await ledgerChecksum(db);
		expect(ledger.entries).toBeGreaterThan(10);

		const backupDir = join(scratch, 'pg-backups');
		const backup = await backupPostgres(source, backupDir, 14);
		expect(backup.path).toMatch(/circles-\d{8}T\d{9}Z\.pgdump$/);
		expect(modeOf(backup.path)).toBe(0o600);
		expect(modeOf(backupDir)).toBe(0o700);

		const target = freshDatabase();
		pgRestore(backup.path, target);
		const restored = open(target);
		try {
			expect(await migrateToLatest(restored)).toEqual([]);
			expect(await tableCounts(restored)).toEqual(counts);
			expect(await ledgerChecksum(restored)).toEqual(ledger);
		} finally {
			await restored.destroy();
		}
	});

	it('loses no acknowledged message when taken while members are sending', async () => {
		let path = '';
		const { ackedBefore } = await sendWhile(db, async () => {
			path = (await backupPostgres(source, join(scratch, 'pg-busy-backups'), 14)).path;
		});
		const target = freshDatabase();
		pgRestore(path, target);
		const restored = open(target);
		try {
			const stored = await restored
				.selectFrom('group_message')
				.select('id')
				.where('id', 'in', ackedBefore)
				.execute();
			expect(stored).toHaveLength(ackedBefore.length);
		} finally {
			await restored.destroy();
		}
	});
});
