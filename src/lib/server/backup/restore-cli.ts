import { existsSync } from 'node:fs';
import { config } from '../config';
import { DataDirInUseError } from '../db/data-dir-lock';
import { DataDirNotEmptyError, restorePGlite } from './restore-pglite';

const USAGE = 'usage: npm run restore -- FILE [--force]';

/**
 * `npm run restore -- FILE [--force]`: with the server stopped, puts a PGlite backup in DATA_DIR.
 * A DATA_DIR that holds a database is kept: refused without --force, moved aside with it.
 * On PostgreSQL, restoring is pg_restore's job (README, "Backups").
 */
export async function main(args: string[]): Promise<number> {
	const force = args.includes('--force');
	const files = args.filter((arg) => arg !== '--force');
	if (files.length !== 1 || files[0].startsWith('-')) {
		console.error(USAGE);
		return 2;
	}
	const [file] = files;
	const settings = config();
	if (settings.DATABASE_URL) {
		console.error(
			'DATABASE_URL is set: restore a PostgreSQL backup with pg_restore (see "Backups" in the README).'
		);
		return 1;
	}
	if (!existsSync(file)) {
		console.error(`${file} does not exist.`);
		return 1;
	}
	try {
		const result = await restorePGlite(file, settings.DATA_DIR, { force });
		console.log(
			`Restored ${file} into ${result.dataDir} (${result.migrations} migration(s) recorded; the server applies newer ones at start).`
		);
		if (result.movedAside)
			console.log(`The database that was there is now in ${result.movedAside}.`);
		return 0;
	} catch (error) {
		if (error instanceof DataDirInUseError) {
			console.error(error.message);
			return 1;
		}
		if (error instanceof DataDirNotEmptyError) {
			console.error(error.message);
			return 1;
		}
		throw error;
	}
}
