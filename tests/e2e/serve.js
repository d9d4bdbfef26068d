// The end-to-end server: a fresh data folder, the first admin made the way an operator makes one
// (`npm run admin:create`, reading standard input), then the production build on that folder.
// All the server prints is also written to server.log in the run's folder, for log-hygiene.ts.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { E2E_ADMIN } from './admin.js';

const runDir = process.env.E2E_RUN_DIR;
if (!runDir) throw new Error('E2E_RUN_DIR is not set: start through playwright.config.ts');
const serverLog = createWriteStream(join(runDir, 'server.log'));

const dataDir = mkdtempSync(join(tmpdir(), 'circles-e2e-'));
// The server's own backups go with the run, not into the checkout's ./backups.
const env = { ...process.env, DATA_DIR: dataDir, BACKUP_DIR: join(runDir, 'backups') };

const created = spawnSync(
	process.execPath,
	['scripts/run-module.js', 'src/lib/server/accounts/admin-cli.ts'],
	{ env, input: `${E2E_ADMIN.pseudonym}\n${E2E_ADMIN.passphrase}\n`, encoding: 'utf8' }
);
if (created.status !== 0) {
	console.error(created.stdout, created.stderr);
	process.exit(1);
}

const server = spawn(process.execPath, ['server.js'], {
	env,
	stdio: ['inherit', 'pipe', 'pipe']
});
server.stdout.pipe(process.stdout);
server.stderr.pipe(process.stderr);
server.stdout.pipe(serverLog, { end: false });
server.stderr.pipe(serverLog, { end: false });
server.on('exit', (code) => serverLog.end(() => process.exit(code ?? 0)));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill('SIGTERM'));
