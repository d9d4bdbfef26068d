import { describe, expect, it } from 'vitest';
import { everyPageModules, FRAMEWORK_MODULE, PARAGLIDE_RUNTIME } from './client-chunk-groups.ts';

describe('the browser build’s shared files', () => {
	it('puts what every page runs in the framework file', () => {
		for (const id of [
			'/app/node_modules/svelte/src/internal/client/runtime.js',
			'/app/node_modules/@sveltejs/kit/src/runtime/client/client.js',
			'/app/node_modules/esm-env/index.js',
			'/app/node_modules/devalue/src/parse.js',
			'\0vite/preload-helper.js'
		]) {
			expect(FRAMEWORK_MODULE.test(id), id).toBe(true);
		}
	});

	it('puts Paraglide’s runtime in a file of its own, which scripts apart from the framework share', () => {
		for (const id of ['/app/src/lib/paraglide/runtime.js', '/app/src/lib/paraglide/registry.js']) {
			expect(PARAGLIDE_RUNTIME.test(id), id).toBe(true);
			expect(FRAMEWORK_MODULE.test(id), id).toBe(false);
		}
		expect(PARAGLIDE_RUNTIME.test('/app/src/lib/paraglide/messages/leave_now.js')).toBe(false);
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

describe('what every page loads with the root layout and error page', () => {
	const nodes = '/app/.svelte-kit/generated/client-optimized/nodes';
	const messages = '/app/src/lib/paraglide/messages';
	/** A module graph: each module's static imports, dynamic imports and code. */
	const graph: Record<string, { imports?: string[]; dynamic?: string[]; code?: string }> = {
		[`${nodes}/0.js`]: { imports: ['/app/src/routes/+layout.svelte'] },
		[`${nodes}/1.js`]: { imports: ['/app/src/routes/+error.svelte'] },
		[`${nodes}/3.js`]: { imports: ['/app/src/routes/+page.svelte'] },
		'/app/src/routes/+layout.svelte': {
			imports: [
				'/app/src/lib/components/QuickExit.svelte',
				'/app/src/lib/components/LiveListener.svelte',
				'/app/node_modules/svelte/src/internal/client/index.js'
			]
		},
		'/app/src/routes/+error.svelte': {
			imports: ['/app/src/lib/components/ui/PageHeading.svelte', `${messages}.js`],
			code: 'title(m.error_title())'
		},
		'/app/src/routes/+page.svelte': { imports: ['/app/src/lib/components/HomeCard.svelte'] },
		'/app/src/lib/components/QuickExit.svelte': {
			imports: [`${messages}.js`],
			code: 'text(m.quick_exit())'
		},
		'/app/src/lib/components/LiveListener.svelte': {
			imports: ['/app/src/lib/components/Notice.svelte'],
			dynamic: ['/app/src/lib/realtime/open-socket.ts']
		},
		'/app/src/lib/components/Notice.svelte': {},
		'/app/src/lib/components/ui/PageHeading.svelte': {},
		'/app/src/lib/components/HomeCard.svelte': {},
		'/app/src/lib/realtime/open-socket.ts': {},
		'/app/node_modules/svelte/src/internal/client/index.js': {},
		[`${messages}.js`]: { imports: [`${messages}/_index.js`] },
		[`${messages}/_index.js`]: {
			imports: [
				`${messages}/quick_exit.js`,
				`${messages}/error_title.js`,
				`${messages}/home_title.js`
			]
		},
		[`${messages}/quick_exit.js`]: {},
		[`${messages}/error_title.js`]: {},
		[`${messages}/home_title.js`]: {}
	};
	const info = (id: string) => {
		const module = graph[id];
		if (!module) return null;
		return {
			importedIds: module.imports ?? [],
			dynamicallyImportedIds: module.dynamic ?? [],
			code: module.code ?? ''
		};
	};

	it('takes what the root layout and error page import, with the messages they call', () => {
		expect([...everyPageModules(Object.keys(graph), info)].sort()).toEqual([
			'/app/src/lib/components/Notice.svelte',
			'/app/src/lib/components/QuickExit.svelte',
			'/app/src/lib/components/ui/PageHeading.svelte',
			`${messages}/error_title.js`,
			`${messages}/quick_exit.js`,
			'/app/src/routes/+error.svelte'
		]);
	});

	it('leaves out a module that imports dynamically and all that import it', () => {
		const modules = everyPageModules(Object.keys(graph), info);
		expect(modules.has('/app/src/lib/components/LiveListener.svelte')).toBe(false);
		expect(modules.has('/app/src/routes/+layout.svelte')).toBe(false);
		expect(modules.has('/app/src/lib/realtime/open-socket.ts')).toBe(false);
	});

	it('leaves out the pages, the message index, its other messages and the framework', () => {
		const modules = everyPageModules(Object.keys(graph), info);
		for (const id of [
			`${nodes}/0.js`,
			`${nodes}/3.js`,
			'/app/src/routes/+page.svelte',
			'/app/src/lib/components/HomeCard.svelte',
			`${messages}.js`,
			`${messages}/_index.js`,
			`${messages}/home_title.js`,
			'/app/node_modules/svelte/src/internal/client/index.js'
		])
			expect(modules.has(id), id).toBe(false);
	});
});
