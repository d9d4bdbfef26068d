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
