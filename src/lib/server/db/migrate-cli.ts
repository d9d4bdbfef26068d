import { closeDb, getDb } from '.';
import { config } from '../config';
import { migrateToLatest, pendingMigrations } from './migrate';

/**
 * `npm run db:migrate`: applies pending migrations to the configured database, then exits.
 * `npm run db:migrate -- --dry-run` only lists them, before an upgrade.
 */
export async function main(args: string[] = []): Promise<number> {
	const settings = config();
	const target = settings.DATABASE_URL
		? 'PostgreSQL (DATABASE_URL)'
		: `PGlite in ${settings.DATA_DIR}`;
	try {
		if (args.includes('--dry-run')) {
			const pending = await pendingMigrations(getDb());
			console.log(
				pending.length > 0
					? `${pending.length} migration(s) would be applied to ${target}:\n${pending.join('\n')}`
					: `${target} is up to date.`
			);
			return 0;
		}
		const applied = await migrateToLatest(getDb());
		console.log(
			applied.length > 0
				? `Applied ${applied.length} migration(s) to ${target}: ${applied.join(', ')}`
				: `${target} is up to date.`
		);
		return 0;
	} finally {
		await closeDb();
	}
}
