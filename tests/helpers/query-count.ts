import type { Cookies, Handle, RequestEvent, ServerLoadEvent } from '@sveltejs/kit';
// @ts-expect-error: SvelteKit's internal entry (what its server wraps `handle` in) has no types.
import { with_request_store } from '@sveltejs/kit/internal/server';
import type { Kysely } from 'kysely';
import { SESSION_COOKIE } from '../../src/lib/server/accounts/sessions';
import type { DB } from '../../src/lib/server/db/schema';
import { loggingQueries } from './query-log';

/*
 * Runs one GET of a page the way SvelteKit does on the server: the hooks (session check first),
 * then every server load on the route's path (root layout down to the page), all started at once,
 * each `parent()` waiting for the ones above. Every statement sent to the real test database on
 * the way is noted, so a test can say what a page costs.
 */

type ServerLoad = (event: ServerLoadEvent) => unknown;
type ServerModule = { load?: ServerLoad };

const serverModules = import.meta.glob<ServerModule>('/src/routes/**/+{page,layout}.server.ts');

/** The key under which src/lib/server/db keeps the process's database (see getDb). */
const PROCESS_DB = Symbol.for('circles.db');
const processState = globalThis as { [PROCESS_DB]?: Kysely<DB> };

/**
 * Makes `db`, with a note of each statement, the database the app's own code gets from getDb():
 * hooks and loads then run on it unchanged. Returns the statements noted so far.
 */
export function countQueriesOf(db: Kysely<DB>): { statements: string[] } {
	const { db: logged, statements } = loggingQueries(db);
	processState[PROCESS_DB] = logged;
	return { statements };
}

/** Lets getDb() open its own database again (the test database is closed by the test). */
export function stopCountingQueries(): void {
	processState[PROCESS_DB] = undefined;
}

/** A request's cookies: what the browser sent, and what the server sets on the way. */
function requestCookies(sent: Record<string, string>): Cookies {
	const jar = new Map(Object.entries(sent));
	return {
		get: (name) => jar.get(name),
		getAll: () => [...jar].map(([name, value]) => ({ name, value })),
		set: (name, value) => void jar.set(name, value),
		delete: (name) => void jar.delete(name),
		serialize: (name, value) => `${name}=${value}`
	};
}

/** The server load files on a route's path, outermost layout first, the page last. */
async function loadsOf(routeId: string): Promise<ServerLoad[]> {
	const parts = routeId === '/' ? [] : routeId.slice(1).split('/');
	const folders = parts.map((_, index) => `/${parts.slice(0, index + 1).join('/')}`);
	const files = [
		...['', ...folders].map((folder) => `/src/routes${folder}/+layout.server.ts`),
		`/src/routes${routeId === '/' ? '' : routeId}/+page.server.ts`
	];
	const loads: ServerLoad[] = [];
	for (const file of files) {
		const module = serverModules[file];
		if (!module) continue;
		const { load } = await module();
		if (load) loads.push(load);
	}
	return loads;
}

/** No tracing: each span's work just runs. */
const untraced = ({ fn }: { fn: (span: unknown) => unknown }) => fn({});

export interface PageVisit {
	/** The statements the request sent, in the order they finished. */
	statements: string[];
	/** The page's data: every load's result, merged as SvelteKit merges it. */
	data: Record<string, unknown>;
}

/**
 * A signed-in GET of `path` (of the route `routeId`) through the hooks and every server load,
 * counting the statements it sends. A redirect or an error from a load fails the visit.
 */
export async function visitPage(
	counted: { statements: string[] },
	handle: Handle,
	page: { routeId: string; path: string; params: Record<string, string>; token: string }
): Promise<PageVisit> {
	const loads = await loadsOf(page.routeId);
	const url = new URL(page.path, 'http://localhost');
	const event = {
		request: new Request(url, { headers: { cookie: `${SESSION_COOKIE}=${page.token}` } }),
		url,
		params: page.params,
		route: { id: page.routeId },
		locals: {},
		cookies: requestCookies({ [SESSION_COOKIE]: page.token }),
		platform: undefined,
		isDataRequest: false,
		isSubRequest: false,
		isRemoteRequest: false,
		getClientAddress: () => '127.0.0.1',
		setHeaders: () => {},
		// No load of ours fetches; one that did would reach no other origin from a test either.
		fetch: () => Promise.reject(new Error('no fetch in a counted page'))
	} as unknown as RequestEvent;

	const start = counted.statements.length;
	let data: Record<string, unknown> = {};
	// What SvelteKit's own request handling provides around `handle` (sequence() reads it).
	const store = { event, state: { tracing: { record_span: untraced } } };
	const response = await with_request_store(store as never, () =>
		handle({
			event,
			resolve: async (resolved) => {
				const results: Promise<Record<string, unknown>>[] = [];
				loads.forEach((load, index) => {
					const above = results.slice(0, index);
					const parent = async () => Object.assign({}, ...(await Promise.all(above)));
					results.push(
						Promise.resolve().then(
							async () =>
								((await load({
									...resolved,
									parent,
									depends: () => {},
									untrack: <T>(fn: () => T) => fn()
								} as unknown as ServerLoadEvent)) ?? {}) as Record<string, unknown>
						)
					);
				});
				data = Object.assign({}, ...(await Promise.all(results)));
				return new Response('');
			}
		})
	);
	if (response.status !== 200) throw new Error(`${page.path} answered ${response.status}`);
	return { statements: counted.statements.slice(start), data };
}
