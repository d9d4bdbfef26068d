import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../../../tests/helpers/realtime';
import { migrateToLatest } from '../db/migrate';
import { openDatabase } from '../db/open';
import { createLogger } from '../log';
import { backupName, latestBackup, listBackups } from './backup-files';
import { HOUR_MS, startBackups } from './backup-schedule';
import { backupStatus } from './backup-status';

let scratch: string;
beforeAll(() => {
	scratch = mkdtempSync(join(tmpdir(), 'circles-backup-schedule-'));
});
afterAll(() => {
	rmSync(scratch, { recursive: true, force: true });
});

describe('backupStatus', () => {
	const now = new Date('2026-12-03T12:00:00Z');
	const dir = () => join(scratch, 'status');

	it('is off on PostgreSQL and when backups are turned off, and says when there is none', () => {
		expect(backupStatus({ embedded: false, dir: dir(), everyHours: 6 }, now).state).toBe('off');
		expect(backupStatus({ embedded: true, dir: dir(), everyHours: 0 }, now).state).toBe('off');
		expect(backupStatus({ embedded: true, dir: dir(), everyHours: 6 }, now).state).toBe('none');
	});

	it('calls the newest backup late once it is older than twice the interval', () => {
		mkdirSync(dir(), { recursive: true });
		const at = new Date(now.getTime() - 12 * HOUR_MS);
		writeFileSync(join(dir(), backupName(new Date(at.getTime() - HOUR_MS), 'pglite')), 'older');
		writeFileSync(join(dir(), backupName(at, 'pglite')), 'newest');
		writeFileSync(join(dir(), '.circles-x.tar.gz.partial'), 'half');
		writeFileSync(join(dir(), 'notes.txt'), 'not a backup');

		const status = backupStatus({ embedded: true, dir: dir(), everyHours: 6 }, now);
		expect(status).toEqual({ state: 'recent', at, bytes: 'newest'.length });
		const later = new Date(now.getTime() + 1);
		expect(backupStatus({ embedded: true, dir: dir(), everyHours: 6 }, later).state).toBe('late');
	});
});

describe('startBackups', () => {
	it('backs up at once when there is none, and logs the size and duration only', async () => {
		const dataDir = join(scratch, 'scheduled');
		const backupDir = join(scratch, 'scheduled-backups');
		const lines: Record<string, unknown>[] = [];
		const logger = createLogger(
			'info',
			new Writable({
				write(chunk, _encoding, done) {
					lines.push(JSON.parse(String(chunk)));
					done();
				}
			})
		);
		const db = openDatabase({ dataDir });
		await migrateToLatest(db);
		const stop = startBackups(db, { dir: backupDir, everyHours: 6, keep: 3 }, logger);
		try {
			await eventually(() => expect(lines).toHaveLength(1), 60_000);
		} finally {
			stop();
			await db.destroy();
		}
		const [backup] = listBackups(backupDir);
		expect(lines[0]).toEqual({
			level: 'info',
			time: expect.any(Number),
			msg: 'backup written',
			file: backup.path,
			bytes: backup.bytes,
			seconds: expect.any(Number)
		});
		expect(latestBackup(backupDir)?.name).toBe(backup.name);
	});

	it('does nothing on an in-memory database', async () => {
		const db = openDatabase({ dataDir: 'memory://' });
		const backupDir = join(scratch, 'memory-backups');
		try {
			const stop = startBackups(
				db,
				{ dir: backupDir, everyHours: 6, keep: 3 },
				createLogger('silent')
			);
			stop();
			expect(listBackups(backupDir)).toEqual([]);
		} finally {
			await db.destroy();
		}
	});
});
