import { sql, type Transaction } from 'kysely';
import type { DB } from '../db/schema';

/**
 * Makes two sign-ups with one nickname wait for each other, so that the second finds the first's
 * account and says "taken" itself: the unique index's refusal would write the nickname into
 * PostgreSQL's own log.
 */
export async function lockPseudonym(trx: Transaction<DB>, key: string): Promise<void> {
	await sql`select pg_advisory_xact_lock(hashtext(${'pseudonym:' + key}))`.execute(trx);
}
