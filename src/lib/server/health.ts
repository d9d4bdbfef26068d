import { sql, type Kysely } from 'kysely';
import type { DB } from './db/schema';

/** True when the database answers a trivial query within `timeoutMs`. Never throws. */
export async function databaseAnswers(db: Kysely<DB>, timeoutMs = 2_000): Promise<boolean> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<false>((resolve) => {
		timer = setTimeout(() => resolve(false), timeoutMs);
	});
	const probe = sql`select 1`
		.execute(db)
		.then(() => true)
		.catch(() => false);
	try {
		return await Promise.race([probe, timeout]);
	} finally {
		clearTimeout(timer);
	}
}
