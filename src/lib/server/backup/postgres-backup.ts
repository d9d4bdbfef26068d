import { spawn } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import { backupName, prepareBackupDir, pruneBackups, removePartials } from './backup-files';
import type { BackupResult } from './backup-result';
import { createPrivateFile, partialPath, publishPartial } from './write-backup-file';

/** pg_dump is not installed (or not on PATH). */
export class PgDumpMissingError extends Error {
	override name = 'PgDumpMissingError';
}

/**
 * The address without its password, and the password apart: pg_dump gets the password through
 * its environment (PGPASSWORD), where `ps` cannot show it to other users of the machine.
 */
export function splitPassword(url: string): { url: string; password: string | undefined } {
	const parsed = new URL(url);
	const password = parsed.password ? decodeURIComponent(parsed.password) : undefined;
	parsed.password = '';
	return { url: parsed.toString(), password };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
		let stderr = '';
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		child.on('error', (error: NodeJS.ErrnoException) =>
			reject(
				error.code === 'ENOENT'
					? new PgDumpMissingError(
							`${command} was not found: install the PostgreSQL client tools, of the server's major version or newer (Debian and Ubuntu: apt install postgresql-client)`
						)
					: error
			)
		);
		child.on('close', (code) =>
			code === 0 ? resolve(stderr) : reject(new Error(`${command} failed: ${stderr.trim()}`))
		);
	});
}

/**
 * Writes a backup of the PostgreSQL database at `url` into `dir` with
 * `pg_dump --format=custom` (compressed; restored with pg_restore, table by table), then keeps
 * only the newest `keep` backups. pg_dump reads one snapshot, so the backup is consistent while
 * the servers go on writing.
 */
export async function backupPostgres(
	url: string,
	dir: string,
	keep: number,
	options: { pgDump?: string; now?: () => Date } = {}
): Promise<BackupResult> {
	const pgDump = options.pgDump ?? 'pg_dump';
	const started = performance.now();
	const at = (options.now ?? (() => new Date()))();
	prepareBackupDir(dir);
	removePartials(dir);
	const name = backupName(at, 'postgres');
	const partial = partialPath(dir, name);
	const { url: address, password } = splitPassword(url);
	createPrivateFile(partial);
	try {
		await run(
			pgDump,
			['--format=custom', '--no-password', `--file=${partial}`, `--dbname=${address}`],
			{ ...process.env, ...(password === undefined ? {} : { PGPASSWORD: password }) }
		);
		const path = publishPartial(partial, dir, name);
		pruneBackups(dir, keep);
		return {
			path,
			at,
			bytes: statSync(path).size,
			seconds: (performance.now() - started) / 1000
		};
	} catch (error) {
		rmSync(partial, { force: true });
		throw error;
	}
}
