import { chmodSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/*
 * Every backup, of PGlite or of PostgreSQL, is one file named `circles-<UTC time>.<kind>` in the
 * backup folder, so that names sort by time and the keep rule needs nothing but the folder.
 */

/** A PGlite data folder as a gzipped tarball, and a pg_dump archive in its custom format. */
export const BACKUP_EXTENSIONS = { pglite: '.tar.gz', postgres: '.pgdump' } as const;
export type BackupKind = keyof typeof BACKUP_EXTENSIONS;

const NAME = /^circles-(\d{8}T\d{6}(?:\d{3})?Z)\.(tar\.gz|pgdump)$/;
/** A file still being written: never a backup, and removed by the next backup if left by a crash. */
export const PARTIAL_SUFFIX = '.partial';

export interface BackupFile {
	name: string;
	path: string;
	bytes: number;
	/** When the backup was taken, from its name. */
	at: Date;
}

/** `circles-20260101T060000123Z.tar.gz` for a backup taken at `at`. */
export function backupName(at: Date, kind: BackupKind): string {
	const stamp = at.toISOString().replace(/[-:.]/g, '');
	return `circles-${stamp}${BACKUP_EXTENSIONS[kind]}`;
}

function timeOf(name: string): Date | undefined {
	const stamp = NAME.exec(name)?.[1];
	if (!stamp) return undefined;
	const [, y, mo, d, h, mi, s, ms] = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)(\d{3})?Z$/.exec(
		stamp
	)!;
	return new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${ms ?? '000'}Z`);
}

/** Creates the folder when missing; either way only the server's user may enter it. */
export function prepareBackupDir(dir: string): void {
	mkdirSync(dir, { recursive: true, mode: 0o700 });
	chmodSync(dir, 0o700);
}

/** The folder's backups, oldest first; none when the folder does not exist. */
export function listBackups(dir: string): BackupFile[] {
	let names: string[];
	try {
		names = readdirSync(dir);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
		throw error;
	}
	const found: BackupFile[] = [];
	for (const name of names) {
		const at = timeOf(name);
		if (!at) continue;
		const path = join(dir, name);
		found.push({ name, path, at, bytes: statSync(path).size });
	}
	return found.sort((a, b) => a.at.getTime() - b.at.getTime() || a.name.localeCompare(b.name));
}

/** The newest backup in the folder, if any. */
export function latestBackup(dir: string): BackupFile | undefined {
	return listBackups(dir).at(-1);
}

/** Deletes all but the newest `keep` backups, and files left half-written; returns what went. */
export function pruneBackups(dir: string, keep: number): string[] {
	const removed: string[] = [];
	const backups = listBackups(dir);
	for (const old of backups.slice(0, Math.max(0, backups.length - keep))) {
		rmSync(old.path, { force: true });
		removed.push(old.name);
	}
	return removed;
}

/** Removes files a crashed backup left under their temporary name. */
export function removePartials(dir: string): void {
	for (const name of readdirSync(dir)) {
		if (name.startsWith('.circles-') && name.endsWith(PARTIAL_SUFFIX)) {
			rmSync(join(dir, name), { force: true });
		}
	}
}
