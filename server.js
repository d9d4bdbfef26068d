// Production entry: SvelteKit's built handler and socket.io on one HTTP server, one port.
import { createServer } from 'node:http';
import { constants } from 'node:zlib';
import compression from 'compression';

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || '0.0.0.0';
// adapter-node takes the public address from ORIGIN; without it every form POST over plain http
// would be refused as cross-site. A local default keeps `npm start` working out of the box.
process.env.ORIGIN ||= `http://localhost:${port}`;

/** @type {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void} */
let handler;
try {
	// Loading the handler runs the app's start-up: configuration check, migrations.
	({ handler } = await import('./build/handler.js'));
} catch (error) {
	const err = /** @type {Error} */ (error);
	if (err.name === 'ConfigError') {
		console.error(err.message);
	} else {
		console.error(`Circles could not start: ${err.name}: ${err.message}`);
	}
	process.exit(1);
}

const runtime = /** @type {import('./src/lib/server/app/runtime').ServerRuntime} */ (
	/** @type {Record<symbol, unknown>} */ (globalThis)[Symbol.for('circles.server-runtime')]
);
const { log } = runtime;
const shutdownTimeoutMs = Number(process.env.SHUTDOWN_TIMEOUT_MS || 10_000);

/**
 * Members pay for every byte on metered mobile data. Pages, __data.json, form results, CSV and
 * other text go out as brotli when the phone accepts it, at quality 4 (a little smaller than gzip
 * for the same CPU; quality 11 costs about 100 times more), else gzip; as they are for a phone
 * that accepts neither. Bodies that declare under 1 KB, anything already encoded (build files the
 * adapter precompressed, served as .br or .gz) and what does not compress (images, fonts) go as
 * they are. Every write is flushed, so a streamed response still arrives piece by piece.
 * socket.io answers its own requests before this handler: engine.io gzips long-polling replies
 * of 1 KB and more itself (its `httpCompression` default).
 */
const compress = compression({
	threshold: 1024,
	flush: constants.Z_SYNC_FLUSH,
	brotli: {
		flush: constants.BROTLI_OPERATION_FLUSH,
		params: { [constants.BROTLI_PARAM_QUALITY]: 4 }
	}
});

const server = createServer((request, response) =>
	compress(request, response, () => handler(request, response))
);
runtime.attach(server);
server.listen(port, host, () => log.info({ port, host, origin: process.env.ORIGIN }, 'listening'));

let stopping = false;
/**
 * Stop accepting and close sockets; let requests and socket events in flight finish (up to
 * SHUTDOWN_TIMEOUT_MS), then close the database. Connections still open after that are cut.
 */
async function shutdown(/** @type {string} */ signal) {
	if (stopping) return;
	stopping = true;
	log.info({ signal }, 'shutting down');
	const force = setTimeout(() => server.closeAllConnections(), shutdownTimeoutMs);
	force.unref();
	try {
		await runtime.close(shutdownTimeoutMs);
		log.info('stopped');
		process.exit(0);
	} catch (error) {
		log.error({ error: /** @type {Error} */ (error).name }, 'shutdown failed');
		process.exit(1);
	}
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
