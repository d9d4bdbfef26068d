import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { embeddedDatabase, openDatabase } from '../../src/lib/server/db/open';

declare module 'vitest' {
	export interface ProvidedContext {
		/** A dump of a migrated PGlite data folder, or '' when the run is on PostgreSQL. */
		migratedPGlite: string;
	}
}

/**
 * Global set-up: one migrated PGlite, dumped to a file that every test file's database starts
 * from (tests/helpers/database.ts). A fresh PGlite runs initdb and every migration, seconds on a
 * slow machine; loading the dump takes about one.
 */
export default async function setup(project: TestProject) {
	if (process.env.TEST_DATABASE_URL) {
		project.provide('migratedPGlite', '');
		return;
	}
	const db = openDatabase({ dataDir: 'memory://' });
	await migrateToLatest(db);
	const dump = await embeddedDatabase(db)!.dumpDataDir('none');
	await db.destroy();
	const folder = mkdtempSync(join(tmpdir(), 'circles-migrated-pglite-'));
	const file = join(folder, 'data.tar');
	writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
	project.provide('migratedPGlite', file);
	return () => rmSync(folder, { recursive: true, force: true });
}
