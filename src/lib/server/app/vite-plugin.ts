import type { Plugin } from 'vite';

/**
 * Serves socket.io from Vite's dev server, on the same origin and port as the pages. The attach
 * module is loaded through Vite (`ssrLoadModule`) so that it shares SvelteKit's module graph, and
 * with it the database and the realtime server that the routes use.
 */
export function realtimeDevServer(): Plugin {
	return {
		name: 'circles-realtime-dev',
		apply: 'serve',
		configureServer(server) {
			const httpServer = server.httpServer;
			if (!httpServer) return;
			server
				.ssrLoadModule('/src/lib/server/app/realtime.ts')
				.then((module) => module.startRealtime(httpServer, false))
				.catch((error: Error) => server.config.logger.error(`realtime: ${error.message}`));
		}
	};
}
