import { existsSync, readdirSync, readFileSync, renameSync, rmSync, rmdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { LOCK_FILE, lockDataDir } from '../db/data-dir-lock';

/** DATA_DIR holds a database and --force was not given. */
export class DataDirNotEmptyError extends Error {
	override name = 'DataDirNotEmptyError';
}

export interface RestoreResult {
	dataDir: string;
	/** Where the database that was in DATA_DIR went, when there was one. */
	movedAside: string | undefined;
	/** Migrations recorded in the restored database. */
	migrations: number;
}

const stamp = (at: Date) => at.toISOString().replace(/[-:.]/g, '');

function isEmpty(dir: string): boolean {
	return readdirSync(dir).every((name) => name === LOCK_FILE);
}

/**
 * Restores a PGlite backup (a `.tar.gz` made by backupPGlite) into `dataDir`, with no server
 * running: while one is, the folder's lock refuses (DataDirInUseError). A folder that holds a
 * database is replaced only with `force`, and then moved aside beside it, never deleted.
 *
 * The backup is first unpacked into a new folder beside `dataDir` and opened there, so a
 * damaged backup fails before `dataDir` is touched; only then do the folders swap places.
 */
export async function restorePGlite(
	file: string,
	dataDir: string,
	options: { force?: boolean; now?: Date } = {}
): Promise<RestoreResult> {
	const target = resolve(dataDir);
	const at = stamp(options.now ?? new Date());
	const data = readFileSync(file);
	const release = existsSync(target) ? lockDataDir(target) : undefined;
	try {
		const occupied = release !== undefined && !isEmpty(target);
		if (occupied && !options.force) {
			throw new DataDirNotEmptyError(
				`DATA_DIR=${dataDir} already holds a database; add --force to move it aside and restore`
			);
		}

		const staging = join(dirname(target), `.${basename(target)}.restoring-${at}`);
		let migrations: number;
		try {
			const pglite = new PGlite(staging, {
				loadDataDir: new File([data], basename(file), { type: 'application/x-gzip' })
			});
			try {
				const { rows } = await pglite.query<{ count: number }>(
					'select count(*)::int as count from kysely_migration'
				);
				migrations = rows[0].count;
			} finally {
				await pglite.close();
			}
			// The backup holds the lock file of the server that made it.
			rmSync(join(staging, LOCK_FILE), { force: true });
		} catch (error) {
			rmSync(staging, { recursive: true, force: true });
			throw error;
		}

		let movedAside: string | undefined;
		if (occupied) {
			movedAside = `${target}.before-restore-${at}`;
			renameSync(target, movedAside);
			rmSync(join(movedAside, LOCK_FILE), { force: true });
		} else if (release) {
			rmSync(join(target, LOCK_FILE), { force: true });
			rmdirSync(target);
		}
		renameSync(staging, target);
		return { dataDir: target, movedAside, migrations };
	} finally {
		// Its file went with the folder it was in; this only forgets it.
		release?.();
	}
}
