import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { config } from '../config';
import { DataDirInUseError } from '../db/data-dir-lock';
import { openDatabase } from '../db/open';
import type { BackupResult } from './backup-result';
import { backupPGlite } from './pglite-backup';
import { backupPostgres } from './postgres-backup';

const megabytes = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

function report(result: BackupResult): void {
	console.log(
		`Backup written: ${result.path} (${megabytes(result.bytes)} in ${result.seconds.toFixed(1)} s)`
	);
}

/**
 * `npm run backup`: one backup now into BACKUP_DIR, keeping the newest BACKUP_KEEP. On PostgreSQL
 * through pg_dump; on PGlite the same file the server makes on its schedule, which needs the
 * server stopped (a running server holds the folder and makes them itself).
 */
export async function main(): Promise<number> {
	const settings = config();
	if (settings.DATABASE_URL) {
		report(await backupPostgres(settings.DATABASE_URL, settings.BACKUP_DIR, settings.BACKUP_KEEP));
		return 0;
	}
	if (settings.DATA_DIR.startsWith('memory://')) {
		console.error('DATA_DIR is memory://: there is nothing on disk to back up.');
		return 1;
	}
	if (!existsSync(join(settings.DATA_DIR, 'PG_VERSION'))) {
		console.error(`DATA_DIR=${settings.DATA_DIR} holds no database yet: nothing to back up.`);
		return 1;
	}
	let db;
	try {
		db = openDatabase({ dataDir: settings.DATA_DIR });
	} catch (error) {
		if (!(error instanceof DataDirInUseError)) throw error;
		const every = settings.BACKUP_EVERY_HOURS;
		console.error(
			every > 0
				? `The server is running on DATA_DIR=${settings.DATA_DIR}: it makes a backup itself every ${every} hour(s) into ${settings.BACKUP_DIR}. Stop it first for one more now.`
				: `The server is running on DATA_DIR=${settings.DATA_DIR} (and BACKUP_EVERY_HOURS=0 turns its own backups off): stop it first, then run npm run backup.`
		);
		return 1;
	}
	try {
		report(await backupPGlite(db, settings.BACKUP_DIR, settings.BACKUP_KEEP));
		return 0;
	} finally {
		await db.destroy();
	}
}
