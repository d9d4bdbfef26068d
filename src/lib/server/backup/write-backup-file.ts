import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PARTIAL_SUFFIX } from './backup-files';

/** Where a backup is written before it gets its name: hidden, and never taken for a backup. */
export function partialPath(dir: string, name: string): string {
	return join(dir, `.${name}${PARTIAL_SUFFIX}`);
}

/**
 * Makes an empty file readable and writable by this user only, for a writer (this process or
 * pg_dump) to fill; it never exists with other permissions, not even for a moment.
 */
export function createPrivateFile(path: string): void {
	closeSync(openSync(path, 'wx', 0o600));
}

/** Flushes a file (or a folder's entries) to the disk. */
export function syncToDisk(path: string): void {
	const fd = openSync(path, 'r');
	try {
		fsyncSync(fd);
	} finally {
		closeSync(fd);
	}
}

/**
 * Gives a finished partial file its final name: flushed first, then renamed in one step, so a file
 * with a backup's name is always whole.
 */
export function publishPartial(partial: string, dir: string, name: string): string {
	syncToDisk(partial);
	const path = join(dir, name);
	renameSync(partial, path);
	syncToDisk(dir);
	return path;
}

/** Writes `data` as the backup `name` in `dir`: temporary name, mode 0600, flushed, renamed. */
export function writeBackupFile(dir: string, name: string, data: Uint8Array): string {
	const partial = partialPath(dir, name);
	createPrivateFile(partial);
	try {
		const fd = openSync(partial, 'w');
		try {
			let written = 0;
			while (written < data.length) written += writeSync(fd, data, written);
		} finally {
			closeSync(fd);
		}
		return publishPartial(partial, dir, name);
	} catch (error) {
		rmSync(partial, { force: true });
		throw error;
	}
}
