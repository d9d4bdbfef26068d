import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { sql, type Kysely } from 'kysely';
import type { AuthFailureKind, DB } from '../db/schema';
import { inTransaction } from '../db/transaction';

/**
 * Failed sign-ins and code guesses are rows, not process memory, so every process behind a load
 * balancer counts the same failures.
 */
export const THROTTLE = {
	windowMs: 30 * 60_000,
	perPseudonym: 5,
	perAddress: 30
};

export interface AttemptKey {
	kind: AuthFailureKind;
	/** Set for sign-ins: failures also count against the pseudonym tried. */
	pseudonymKey?: string;
	address: string;
}

export type Attempt = { allowed: true; id: bigint } | { allowed: false; retryAfterS: number };

export function hashAddress(address: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(address)));
}

/**
 * Starts an attempt: refused while the pseudonym or the address is locked out, otherwise counted
 * as a failure until `attemptSucceeded` says otherwise. Counting and recording happen under an
 * advisory lock, so parallel guesses cannot all slip under the limit.
 */
export async function beginAttempt(db: Kysely<DB>, key: AttemptKey, now: Date): Promise<Attempt> {
	const addressHash = hashAddress(key.address);
	const since = new Date(now.getTime() - THROTTLE.windowMs);
	return inTransaction(db, async (trx): Promise<Attempt> => {
		// One lock per pseudonym (or per address for code guesses): parallel guesses queue here.
		const lockKey = key.pseudonymKey ?? addressHash;
		await sql`select pg_advisory_xact_lock(hashtext(${'auth:' + lockKey}))`.execute(trx);

		const retryAfter = (oldest: Date) =>
			Math.max(1, Math.ceil((oldest.getTime() + THROTTLE.windowMs - now.getTime()) / 1000));

		if (key.pseudonymKey !== undefined) {
			const byPseudonym = await trx
				.selectFrom('auth_failure')
				.select((eb) => [eb.fn.countAll<bigint>().as('count'), eb.fn.min('failed_at').as('oldest')])
				.where('pseudonym_key', '=', key.pseudonymKey)
				.where('failed_at', '>', since)
				.executeTakeFirstOrThrow();
			if (Number(byPseudonym.count) >= THROTTLE.perPseudonym && byPseudonym.oldest) {
				return { allowed: false, retryAfterS: retryAfter(byPseudonym.oldest) };
			}
		}

		const byAddress = await trx
			.selectFrom('auth_failure')
			.select((eb) => [eb.fn.countAll<bigint>().as('count'), eb.fn.min('failed_at').as('oldest')])
			.where('address_hash', '=', addressHash)
			.where('failed_at', '>', since)
			.executeTakeFirstOrThrow();
		if (Number(byAddress.count) >= THROTTLE.perAddress && byAddress.oldest) {
			return { allowed: false, retryAfterS: retryAfter(byAddress.oldest) };
		}

		const row = await trx
			.insertInto('auth_failure')
			.values({
				kind: key.kind,
				pseudonym_key: key.pseudonymKey ?? null,
				address_hash: addressHash,
				failed_at: now
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		return { allowed: true, id: BigInt(row.id) };
	});
}

/** The attempt worked: it was no failure, and earlier failures for the pseudonym are forgiven. */
export async function attemptSucceeded(
	db: Kysely<DB>,
	attempt: { id: bigint },
	pseudonymKey?: string
): Promise<void> {
	await db.deleteFrom('auth_failure').where('id', '=', attempt.id).execute();
	if (pseudonymKey !== undefined) {
		await db.deleteFrom('auth_failure').where('pseudonym_key', '=', pseudonymKey).execute();
	}
}

/** Failures older than the window count for nothing; housekeeping deletes them. */
export async function forgetOldFailures(db: Kysely<DB>, now: Date): Promise<void> {
	await db
		.deleteFrom('auth_failure')
		.where('failed_at', '<=', new Date(now.getTime() - THROTTLE.windowMs))
		.execute();
}
