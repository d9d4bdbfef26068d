import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROUTE_MATRIX, SOCKET_EVENT_MATRIX } from './route-matrix';

const ROUTES_DIR = join(import.meta.dirname, '../src/routes');
const EVENTS_FILE = join(import.meta.dirname, '../src/lib/realtime/events.ts');

/** Every route id: a folder holding a page, a server load or actions, or an endpoint. */
function routeIds(dir = ROUTES_DIR): string[] {
	const entries = readdirSync(dir, { withFileTypes: true });
	const here = entries.some((entry) => /^\+(page|server)(\.server)?\.(svelte|ts)$/.test(entry.name))
		? ['/' + relative(ROUTES_DIR, dir).split('\\').join('/')].map((id) =>
				id === '/' ? id : id.replace(/\/$/, '')
			)
		: [];
	return [
		...here,
		...entries.filter((e) => e.isDirectory()).flatMap((e) => routeIds(join(dir, e.name)))
	];
}

/** The names in the ClientToServerEvents interface, read from the source. */
function clientEvents(): string[] {
	const source = ts.createSourceFile(
		EVENTS_FILE,
		readFileSync(EVENTS_FILE, 'utf8'),
		ts.ScriptTarget.Latest
	);
	const names: string[] = [];
	source.forEachChild((node) => {
		if (ts.isInterfaceDeclaration(node) && node.name.text === 'ClientToServerEvents') {
			for (const member of node.members) {
				// A quoted name ('group:open') is a string literal; its text is without the quotes.
				if (member.name && (ts.isIdentifier(member.name) || ts.isStringLiteral(member.name))) {
					names.push(member.name.text);
				}
			}
		}
	});
	return names;
}

describe('access coverage', () => {
	it('finds the routes', () => {
		expect(routeIds()).toContain('/admin');
	});

	it('has a role-by-route row for every route under src/routes', () => {
		const covered = new Set(ROUTE_MATRIX.map((row) => row.route));
		expect(routeIds().filter((id) => !covered.has(id))).toEqual([]);
	});

	it('lists no route that does not exist', () => {
		const ids = new Set(routeIds());
		expect(ROUTE_MATRIX.filter((row) => !ids.has(row.route)).map((row) => row.route)).toEqual([]);
	});

	it('has an access row for every socket event a client can send', () => {
		const covered = new Set(SOCKET_EVENT_MATRIX.map((row) => row.event));
		expect(clientEvents().filter((event) => !covered.has(event))).toEqual([]);
	});
});
