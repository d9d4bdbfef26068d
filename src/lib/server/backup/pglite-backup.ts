import { statSync } from 'node:fs';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { sql, type Kysely } from 'kysely';
import { embeddedDatabase } from '../db/open';
import type { DB } from '../db/schema';
import { backupName, prepareBackupDir, pruneBackups, removePartials } from './backup-files';
import type { BackupResult } from './backup-result';
import { writeBackupFile } from './write-backup-file';

/**
 * Writes a backup of an embedded PGlite database into `dir` as a gzipped tarball of its data
 * folder, then keeps only the newest `keep` backups.
 *
 * Consistent without stopping the server: PGlite has one connection, which Kysely hands to one
 * caller at a time. The backup takes it, so no statement and no transaction is in progress;
 * a CHECKPOINT writes every committed change into the data files; and PGlite reads the whole
 * folder in one synchronous step, before any other query can run. Every message or record
 * acknowledged before the backup took the connection is in it; one sent meanwhile waits
 * only for the checkpoint and the read, not for the compression or the file write.
 */
export async function backupPGlite(
	db: Kysely<DB>,
	dir: string,
	keep: number,
	now: () => Date = () => new Date()
): Promise<BackupResult> {
	const pglite = embeddedDatabase(db);
	if (!pglite) throw new Error('backupPGlite needs a PGlite database');
	const started = performance.now();
	const at = now();
	const tarball = await db.connection().execute(async (connection) => {
		await sql`CHECKPOINT`.execute(connection);
		return pglite.dumpDataDir('none');
	});
	// Compressed after the connection is given back: the server goes on answering meanwhile.
	const data = await promisify(gzip)(new Uint8Array(await tarball.arrayBuffer()));
	prepareBackupDir(dir);
	removePartials(dir);
	const path = writeBackupFile(dir, backupName(at, 'pglite'), data);
	pruneBackups(dir, keep);
	return {
		path,
		at,
		bytes: statSync(path).size,
		seconds: (performance.now() - started) / 1000
	};
}
