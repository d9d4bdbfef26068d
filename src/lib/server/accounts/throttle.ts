import { createHmac, randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { config } from '../config';
import type { AuthFailureKind, DB } from '../db/schema';
import { inTransaction } from '../db/transaction';

/**
 * Failed sign-ins and code guesses are rows, not process memory, so every process behind a load
 * balancer counts the same failures.
 *
 * A nickname is never locked as such: a lock anyone can trigger keeps a person signed out (the
 * recruiter who wants them back knows their nickname). Failures count against the nickname *and*
 * the address together: an address that failed `perPair` times on a nickname waits; once a nickname
 * has had `perPseudonym` failures from anywhere, every address that has failed on it waits. An
 * address that has not been failing is always let through to the passphrase check, so its owner's
 * right passphrase works; a spread-out attack gets one guess per fresh address, and an address
 * gets `perAddress` failures across all nicknames.
 */
export const THROTTLE = {
	windowMs: 30 * 60_000,
	perPair: 5,
	perPseudonym: 5,
	perAddress: 30
};

export interface AttemptKey {
	kind: AuthFailureKind;
	/** Set for sign-ins: failures also count against the pseudonym tried. */
	pseudonymKey?: string;
	address: string;
}

export type Attempt =
	{ allowed: true; id: bigint; addressHash: string } | { allowed: false; retryAfterS: number };

/** THROTTLE_KEY, or a key of this process's own (failures then count from its start). */
let key: string | Buffer | undefined;

/**
 * A keyed hash: without the key, which is never stored, the rows cannot be turned back into the
 * addresses (IPv4 is small enough to try every one) or the nicknames tried.
 */
function keyedHash(kind: 'address' | 'pseudonym', value: string): string {
	key ??= config().THROTTLE_KEY ?? randomBytes(32);
	return createHmac('sha256', key).update(`${kind}:${value}`).digest('hex');
}

export function hashAddress(address: string): string {
	return keyedHash('address', address);
}

function hashPseudonym(pseudonymKey: string): string {
	return keyedHash('pseudonym', pseudonymKey);
}

/**
 * Starts an attempt: refused while the address must wait (see THROTTLE), otherwise counted as a
 * failure until `attemptSucceeded` says otherwise. Counting and recording happen under advisory
 * locks on the address and then the pseudonym (always in that order, so two attempts never wait
 * for each other), so parallel guesses cannot slip under either limit.
 */
export async function beginAttempt(db: Kysely<DB>, key: AttemptKey, now: Date): Promise<Attempt> {
	const addressHash = hashAddress(key.address);
	const pseudonymHash =
		key.pseudonymKey === undefined ? undefined : hashPseudonym(key.pseudonymKey);
	const since = new Date(now.getTime() - THROTTLE.windowMs);
	return inTransaction(db, async (trx): Promise<Attempt> => {
		await sql`select pg_advisory_xact_lock(hashtext(${'auth-address:' + addressHash}))`.execute(
			trx
		);
		if (pseudonymHash !== undefined) {
			await sql`select pg_advisory_xact_lock(hashtext(${'auth:' + pseudonymHash}))`.execute(trx);
		}

		const retryAfter = (oldest: Date) =>
			Math.max(1, Math.ceil((oldest.getTime() + THROTTLE.windowMs - now.getTime()) / 1000));
		const failures = (narrow: { pseudonym?: string; address?: string; kind?: AuthFailureKind }) => {
			let query = trx
				.selectFrom('auth_failure')
				.select((eb) => [eb.fn.countAll<bigint>().as('count'), eb.fn.min('failed_at').as('oldest')])
				.where('failed_at', '>', since);
			if (narrow.pseudonym !== undefined)
				query = query.where('pseudonym_hash', '=', narrow.pseudonym);
			if (narrow.address !== undefined) query = query.where('address_hash', '=', narrow.address);
			if (narrow.kind !== undefined) query = query.where('kind', '=', narrow.kind);
			return query.executeTakeFirstOrThrow();
		};

		if (key.kind === 'session' && pseudonymHash !== undefined) {
			// Whoever holds the session may change address: count its guesses wherever they come from.
			const guesses = await failures({ pseudonym: pseudonymHash, kind: 'session' });
			if (Number(guesses.count) >= THROTTLE.perPseudonym && guesses.oldest) {
				return { allowed: false, retryAfterS: retryAfter(guesses.oldest) };
			}
		}
		if (pseudonymHash !== undefined) {
			const pair = await failures({ pseudonym: pseudonymHash, address: addressHash });
			if (Number(pair.count) >= THROTTLE.perPair && pair.oldest) {
				return { allowed: false, retryAfterS: retryAfter(pair.oldest) };
			}
			if (Number(pair.count) > 0 && pair.oldest) {
				const anywhere = await failures({ pseudonym: pseudonymHash });
				if (Number(anywhere.count) >= THROTTLE.perPseudonym) {
					return { allowed: false, retryAfterS: retryAfter(pair.oldest) };
				}
			}
		}

		const byAddress = await failures({ address: addressHash });
		if (Number(byAddress.count) >= THROTTLE.perAddress && byAddress.oldest) {
			return { allowed: false, retryAfterS: retryAfter(byAddress.oldest) };
		}

		const row = await trx
			.insertInto('auth_failure')
			.values({
				kind: key.kind,
				pseudonym_hash: pseudonymHash ?? null,
				address_hash: addressHash,
				failed_at: now
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		return { allowed: true, id: BigInt(row.id), addressHash };
	});
}

/**
 * The attempt worked: it was no failure, and this address's earlier failures on the pseudonym are
 * forgiven. Other addresses' failures stand: the owner signing in does not reset an attacker.
 */
export async function attemptSucceeded(
	db: Kysely<DB>,
	attempt: { id: bigint; addressHash: string },
	pseudonymKey?: string
): Promise<void> {
	await db.deleteFrom('auth_failure').where('id', '=', attempt.id).execute();
	if (pseudonymKey !== undefined) {
		await db
			.deleteFrom('auth_failure')
			.where('pseudonym_hash', '=', hashPseudonym(pseudonymKey))
			.where('address_hash', '=', attempt.addressHash)
			.execute();
	}
}

/** A deleted account's nickname leaves no trace here, hashed or not. */
export async function forgetFailuresOf(db: Kysely<DB>, pseudonymKey: string): Promise<void> {
	await db
		.deleteFrom('auth_failure')
		.where('pseudonym_hash', '=', hashPseudonym(pseudonymKey))
		.execute();
}

/** Failures older than the window count for nothing; housekeeping deletes them. */
export async function forgetOldFailures(db: Kysely<DB>, now: Date): Promise<void> {
	await db
		.deleteFrom('auth_failure')
		.where('failed_at', '<=', new Date(now.getTime() - THROTTLE.windowMs))
		.execute();
}
