import { describe, expect, it } from 'vitest';
import { FRAMEWORK_MODULE } from './client-chunk-groups.ts';

describe('the browser build’s shared files', () => {
	it('puts what every page runs in the framework file', () => {
		for (const id of [
			'/app/node_modules/svelte/src/internal/client/runtime.js',
			'/app/node_modules/@sveltejs/kit/src/runtime/client/client.js',
			'/app/node_modules/esm-env/index.js',
			'/app/node_modules/devalue/src/parse.js',
			'\0vite/preload-helper.js',
			'/app/src/lib/paraglide/runtime.js',
			'/app/src/lib/paraglide/registry.js'
		]) {
			expect(FRAMEWORK_MODULE.test(id), id).toBe(true);
		}
	});

	it('leaves out what only some pages load: the socket client, messages, our components', () => {
		for (const id of [
			'/app/node_modules/socket.io-client/build/esm/index.js',
			'/app/node_modules/engine.io-client/build/esm/socket.js',
			'/app/node_modules/valibot/dist/index.js',
			'/app/src/lib/paraglide/messages/leave_now.js',
			'/app/src/lib/components/Notice.svelte',
			'/app/src/lib/realtime/open-socket.ts'
		]) {
			expect(FRAMEWORK_MODULE.test(id), id).toBe(false);
		}
	});
});
