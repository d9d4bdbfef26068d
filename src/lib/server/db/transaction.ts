import { sql, type Kysely, type Transaction } from 'kysely';
import { log } from '../log';
import type { DB } from './schema';

/** Registers work (a realtime event, say) to run only once the transaction has committed. */
export type AfterCommit = (effect: () => void) => void;

/**
 * For each transaction that inTransaction opened and has not yet ended: the effects of each level
 * now running in it, outermost first. A nested level's effects move one level out when it succeeds.
 */
const openLevels = new WeakMap<Kysely<DB>, Array<Array<() => void>>>();

/**
 * Runs `work` in one transaction. Effects registered with `afterCommit` run after the commit, in
 * order, and never when the transaction rolls back: a client is never told about a row that
 * does not exist.
 *
 * Given a transaction that inTransaction started, `work` joins it inside a savepoint: if `work`
 * fails, only its own rows and effects are dropped (the caller may catch the error and go on), and
 * its effects otherwise wait for the outermost commit.
 */
export async function inTransaction<T>(
	db: Kysely<DB>,
	work: (trx: Transaction<DB>, afterCommit: AfterCommit) => Promise<T>
): Promise<T> {
	if (db.isTransaction) return inSavepoint(db as Transaction<DB>, work);
	const effects: Array<() => void> = [];
	const result = await db.transaction().execute(async (trx) => {
		openLevels.set(trx, [effects]);
		try {
			return await work(trx, (effect) => effects.push(effect));
		} finally {
			openLevels.delete(trx);
		}
	});
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

async function inSavepoint<T>(
	trx: Transaction<DB>,
	work: (trx: Transaction<DB>, afterCommit: AfterCommit) => Promise<T>
): Promise<T> {
	const levels = openLevels.get(trx);
	if (!levels) {
		// Its after-commit effects would have nowhere to wait: they would run too early, or never.
		throw new Error(
			'inTransaction can only join an open transaction that inTransaction started; start the outer transaction with inTransaction, not db.transaction()'
		);
	}
	const enclosing = levels[levels.length - 1];
	const effects: Array<() => void> = [];
	const savepoint = sql.id(`in_transaction_${levels.length}`);
	await sql`savepoint ${savepoint}`.execute(trx);
	levels.push(effects);
	try {
		const result = await work(trx, (effect) => effects.push(effect));
		await sql`release savepoint ${savepoint}`.execute(trx);
		enclosing.push(...effects);
		return result;
	} catch (error) {
		await sql`rollback to savepoint ${savepoint}`.execute(trx);
		throw error;
	} finally {
		levels.pop();
	}
}
