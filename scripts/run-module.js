// Runs `main(args)` of a TypeScript module through Vite, so that command-line tasks see the app
// exactly as the server does: the same aliases, `import.meta.glob` for migrations, the same code.
import { createServer } from 'vite';

const [file, ...args] = process.argv.slice(2);
if (!file) {
	console.error('usage: node scripts/run-module.js <path/to/module.ts> [args...]');
	process.exit(2);
}

const vite = await createServer({
	server: { middlewareMode: true, hmr: false, ws: false },
	appType: 'custom',
	logLevel: 'warn',
	optimizeDeps: { noDiscovery: true, include: [] }
});
let code;
try {
	const module = await vite.ssrLoadModule(`/${file}`);
	code = (await module.main(args)) ?? 0;
} catch (error) {
	const err = /** @type {Error} */ (error);
	console.error(err.name === 'ConfigError' ? err.message : `${err.name}: ${err.message}`);
	code = 1;
} finally {
	await vite.close();
}
process.exit(code);
