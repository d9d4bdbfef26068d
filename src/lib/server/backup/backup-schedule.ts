import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { embeddedDatabase } from '../db/open';
import type { DB } from '../db/schema';
import { recordBackup } from '../metrics';
import { latestBackup } from './backup-files';
import type { BackupResult } from './backup-result';
import { backupPGlite } from './pglite-backup';

export interface BackupSchedule {
	dir: string;
	everyHours: number;
	keep: number;
}

export const HOUR_MS = 3_600_000;

/** One line per backup: where, how big, how long; never anything from inside it. */
export function logBackup(logger: Logger, result: BackupResult): void {
	logger.info(
		{ file: result.path, bytes: result.bytes, seconds: Number(result.seconds.toFixed(3)) },
		'backup written'
	);
}

/**
 * Backs up an embedded PGlite database every `everyHours` while the server runs, the first time
 * when the newest backup in the folder is that old (at once when there is none), so restarts
 * neither skip nor pile up backups. Does nothing on PostgreSQL, in memory, or with 0 hours.
 * Returns the function that stops it.
 */
export function startBackups(
	db: Kysely<DB>,
	schedule: BackupSchedule,
	logger: Logger,
	now: () => Date = () => new Date()
): () => void {
	const pglite = embeddedDatabase(db);
	if (!pglite || pglite.dataDir === undefined || pglite.dataDir.startsWith('memory://')) {
		return () => {};
	}
	if (schedule.everyHours === 0) return () => {};
	const interval = schedule.everyHours * HOUR_MS;
	let timer: NodeJS.Timeout | undefined;
	let stopped = false;

	const next = (delay: number) => {
		if (stopped) return;
		timer = setTimeout(run, delay);
		timer.unref();
	};
	const run = async () => {
		try {
			const result = await backupPGlite(db, schedule.dir, schedule.keep, now);
			logBackup(logger, result);
			recordBackup({ at: now(), bytes: result.bytes, seconds: result.seconds });
		} catch (error) {
			// A file system's or PGlite's message: a path at most, never data.
			logger.error({ err: (error as Error).message, dir: schedule.dir }, 'backup failed');
		}
		next(interval);
	};

	let last: Date | undefined;
	try {
		last = latestBackup(schedule.dir)?.at;
	} catch {
		last = undefined;
	}
	next(last ? Math.max(0, last.getTime() + interval - now().getTime()) : 0);
	return () => {
		stopped = true;
		clearTimeout(timer);
	};
}
