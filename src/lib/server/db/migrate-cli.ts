import { closeDb, getDb } from '.';
import { config } from '../config';
import { migrateToLatest } from './migrate';

/** `npm run db:migrate`: applies pending migrations to the configured database, then exits. */
export async function main(): Promise<number> {
	const settings = config();
	const target = settings.DATABASE_URL
		? 'PostgreSQL (DATABASE_URL)'
		: `PGlite in ${settings.DATA_DIR}`;
	try {
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
