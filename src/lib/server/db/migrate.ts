import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { DB } from './schema';

// Vite resolves the glob at build time, so the same list works in dev, in the bundle and in tests.
const modules: Record<string, Migration> = import.meta.glob('/migrations/*.ts', { eager: true });

/** The migrations in `migrations/`, named by file name without extension; they run in name order. */
export const fileMigrations: MigrationProvider = {
	async getMigrations() {
		return Object.fromEntries(
			Object.entries(modules).map(([path, migration]) => [
				path.replace(/^.*\//, '').replace(/\.ts$/, ''),
				migration
			])
		);
	}
};

/** Applies every pending migration; throws the first failure. Safe to run from several processes. */
export async function migrateToLatest(
	db: Kysely<DB>,
	provider: MigrationProvider = fileMigrations
): Promise<string[]> {
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migrator works on any schema
	const migrator = new Migrator({ db: db as Kysely<any>, provider });
	const { error, results } = await migrator.migrateToLatest();
	if (error) throw error;
	return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** The migrations not yet applied, in the order they would run; the database is not changed. */
export async function pendingMigrations(
	db: Kysely<DB>,
	provider: MigrationProvider = fileMigrations
): Promise<string[]> {
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migrator works on any schema
	const migrator = new Migrator({ db: db as Kysely<any>, provider });
	const migrations = await migrator.getMigrations();
	return migrations.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
