// `npm run demo`: builds the app and serves it on its own embedded database in ./data/demo, with
// demo data that `npm start` never loads. Prints the address to open.
import { spawn, spawnSync } from 'node:child_process';

const port = Number(process.env.PORT || 3000);
const origin = `http://localhost:${port}`;
const env = {
	...process.env,
	PORT: String(port),
	ORIGIN: origin,
	DATA_DIR: './data/demo',
	BACKUP_DIR: './data/demo-backups'
};
delete env.DATABASE_URL; // the demo never touches a real database

function run(args) {
	const result = spawnSync(process.execPath, args, { stdio: 'inherit', env });
	if (result.status !== 0) process.exit(result.status ?? 1);
}

run(['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn']);
run(['scripts/run-module.js', 'src/lib/server/app/demo-seed.ts']);

const server = spawn(process.execPath, ['server.js'], {
	stdio: ['ignore', 'pipe', 'inherit'],
	env
});
server.stdout.on('data', (chunk) => {
	if (String(chunk).includes('"msg":"listening"')) {
		console.log(`\n  Circles demo is running: open ${origin}\n  Stop it with Ctrl+C.\n`);
	}
});
server.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill('SIGTERM'));
