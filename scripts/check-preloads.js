// Every script a page imports is announced up front: for each page, layout and error page of the
// production build (run `npm run build` first), SvelteKit's list of files to preload (the
// `<link rel="modulepreload">` tags and the `link` header) must hold every file its script imports,
// directly or not. A file left off is fetched only once the files before it have arrived and run:
// on a slow phone, a round trip or more later. SvelteKit walks dynamic imports too when it makes
// the list and keeps no file twice, so a file that a page imports and that a shared file also
// imports dynamically can be left off, depending on how the bundler splits the code
// (src/lib/client-chunk-groups.ts). Fails and names the files if any is missing.
//
// A script apart from the framework (src/lib/standalone-scripts.ts) has no preload list: it must
// be one file, importing none, in each language's copy of the build
// (src/lib/standalone-script-bundles.ts).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const OUTPUT = '.svelte-kit/output';
const MANIFEST = join(OUTPUT, 'client/.vite/manifest.json');
const SERVER_NODES = join(OUTPUT, 'server/nodes');
const CLIENT_NODE = (index) => `.svelte-kit/generated/client-optimized/nodes/${index}.js`;

if (!existsSync(MANIFEST) || !existsSync(SERVER_NODES)) {
	console.error('No production build: run `npm run build` first.');
	process.exit(1);
}

const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));

/** Every file `key` imports statically, directly or not, itself included. */
function staticImports(key, files = new Set(), seen = new Set()) {
	if (seen.has(key)) return files;
	seen.add(key);
	files.add(manifest[key].file);
	for (const next of manifest[key].imports ?? []) staticImports(next, files, seen);
	return files;
}

/** The route file a node holds, as SvelteKit's generated module for it names it. */
function routeFile(index) {
	const source = readFileSync(CLIENT_NODE(index), 'utf8');
	return source.match(/from "(?:\.\.\/)*(src\/routes\/[^"]+)"/)?.[1] ?? `node ${index}`;
}

let missing = 0;
let nodes = 0;
for (const name of readdirSync(SERVER_NODES).sort((a, b) => parseInt(a) - parseInt(b))) {
	const index = name.replace(/\.js$/, '');
	if (!manifest[CLIENT_NODE(index)]) continue; // a node without a component (server-only)
	const source = readFileSync(join(SERVER_NODES, name), 'utf8');
	const list = source.match(/\bimports = (\[[^\]]*\])/)?.[1];
	if (!list) {
		console.error(`${name}: no list of imports found; has SvelteKit changed how it writes one?`);
		process.exit(1);
	}
	nodes += 1;
	const preloaded = new Set(JSON.parse(list));
	for (const file of staticImports(CLIENT_NODE(index))) {
		if (preloaded.has(file)) continue;
		missing += 1;
		console.error(`${routeFile(index)}: ${file} is imported but not preloaded`);
	}
}
console.log(`${nodes} pages, layouts and error pages: ${missing} imported files not preloaded`);

const IMMUTABLE = join(OUTPUT, 'client/_app/immutable');
/** `import"…"`, `import{…}from"…"`, `export*from"…"`: static imports only, not `import(…)`. */
const STATIC_IMPORT =
	/(?:^|[;}\s])(?:import|export)\s*(?:[\w$*{][^"'`;]*?from\s*)?["'](\.[^"']+)["']/g;

/** The files a built file imports statically, as paths. */
function importsOf(file) {
	const code = readFileSync(file, 'utf8');
	return [...code.matchAll(STATIC_IMPORT)].map((match) => join(dirname(file), match[1]));
}

let standalone = 0;
let imported = 0;
const folders = [
	'',
	...readdirSync(IMMUTABLE).filter((name) => existsSync(join(IMMUTABLE, name, 'entry')))
];
for (const folder of folders) {
	const entries = join(IMMUTABLE, folder, 'entry');
	for (const name of readdirSync(entries)) {
		if (!/^[a-z-]+\.js$/.test(name)) continue; // SvelteKit's own entries have hashed names
		standalone += 1;
		const entry = join(entries, name);
		for (const file of importsOf(entry)) {
			imported += 1;
			console.error(`${relative(IMMUTABLE, entry)} imports ${relative(IMMUTABLE, file)}`);
		}
	}
}
if (standalone === 0) {
	console.error('No script apart from the framework found under _app/immutable/*/entry/.');
	process.exit(1);
}
console.log(`${standalone} scripts apart from the framework: ${imported} files imported by them`);
process.exit(missing + imported > 0 ? 1 : 0);
