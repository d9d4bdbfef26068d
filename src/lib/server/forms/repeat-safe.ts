import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { FORM_RESULT_KEPT_MS, isFormKeyExpired } from './form-key';
import { formKeyHash, openResult, sealResult } from './sealed-result';

/** The form's key is older than its lifetime: the member sends the form again with a fresh one. */
export class FormKeyExpiredError extends Error {
	constructor() {
		super('form key expired');
		this.name = 'FormKeyExpiredError';
	}
}

export interface RepeatSafeUse {
	/** The kind of form, such as 'signup': one key never answers for another kind of form. */
	scope: string;
	/** The form key the page was rendered with (`newFormKey`), as sent back by the browser. */
	key: string;
	now: Date;
}

/** A refusal in this code base's way ({ ok: false, ... }): nothing was done, so nothing is kept. */
const isRefusal = (result: unknown) =>
	typeof result === 'object' && result !== null && (result as { ok?: unknown }).ok === false;

/**
 * Does a form's work once per form key. The first send claims the key, runs `work` and keeps its
 * result, sealed; the same form sent again (a double tap, a retry, the same form twice at once)
 * gets that result back with `repeated: true`, and `work` does not run.
 *
 * Call it first in the caller's transaction (from inTransaction, at READ COMMITTED, PostgreSQL's
 * default). A parallel send of the same key waits on the key's row until the first commits, then
 * reads its result; if the first rolls back, the second does the work. Only a result that is not a
 * refusal ({ ok: false }) is kept: when `work` throws or refuses, the key stays free, so the member
 * can correct the form and send it again. Throws FormKeyExpiredError for a key past its lifetime.
 */
export async function repeatSafe<T>(
	trx: Transaction<DB>,
	use: RepeatSafeUse,
	work: () => Promise<T>
): Promise<{ result: T; repeated: boolean }> {
	if (isFormKeyExpired(use.key, use.now)) throw new FormKeyExpiredError();
	const sealing = { scope: use.scope, key: use.key.toLowerCase() };
	const keyHash = formKeyHash(sealing);
	// A savepoint: if `work` throws and the caller carries on, the claim on the key goes with it.
	return inTransaction(trx, async () => {
		const claimed = await trx
			.insertInto('form_result')
			.values({ key_hash: keyHash, scope: use.scope, result: null, created_at: use.now })
			.onConflict((conflict) => conflict.column('key_hash').doNothing())
			.returning('key_hash')
			.executeTakeFirst();

		if (!claimed) {
			const row = await trx
				.selectFrom('form_result')
				.select('result')
				.where('key_hash', '=', keyHash)
				.executeTakeFirstOrThrow();
			// Only the transaction doing the work sees its row without a result.
			if (!row.result) throw new Error('form key used again inside its own transaction');
			return { result: openResult<T>(row.result, sealing), repeated: true };
		}

		const result = await work();
		if (isRefusal(result)) {
			await trx.deleteFrom('form_result').where('key_hash', '=', keyHash).execute();
		} else {
			await trx
				.updateTable('form_result')
				.set({ result: sealResult(result, sealing) })
				.where('key_hash', '=', keyHash)
				.execute();
		}
		return { result, repeated: false };
	});
}

/** Results past any key that could ask for them; housekeeping deletes them. */
export async function forgetOldFormResults(db: Kysely<DB>, now: Date): Promise<void> {
	await db
		.deleteFrom('form_result')
		.where('created_at', '<', new Date(now.getTime() - FORM_RESULT_KEPT_MS))
		.execute();
}
