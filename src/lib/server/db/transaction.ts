import type { Kysely, Transaction } from 'kysely';
import { log } from '../log';
import type { DB } from './schema';

/** Registers work (a realtime event, say) to run only once the transaction has committed. */
export type AfterCommit = (effect: () => void) => void;

/**
 * Runs `work` in one transaction. Effects registered with `afterCommit` run after the commit, in
 * order, and never when the transaction rolls back: a client is never told about a row that
 * does not exist.
 */
export async function inTransaction<T>(
	db: Kysely<DB>,
	work: (trx: Transaction<DB>, afterCommit: AfterCommit) => Promise<T>
): Promise<T> {
	const effects: Array<() => void> = [];
	const result = await db
		.transaction()
		.execute((trx) => work(trx, (effect) => effects.push(effect)));
	for (const effect of effects) {
		try {
			effect();
		} catch (error) {
			// The data is committed; a failed notification must not turn that into an error.
			log().error({ err: (error as Error).name }, 'after-commit effect failed');
		}
	}
	return result;
}
