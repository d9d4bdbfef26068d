import type { Kysely } from 'kysely';
import { passphraseLengthProblem } from '$lib/accounts/passphrase-rules';
import { normalizePseudonym, pseudonymKey, pseudonymProblem } from '$lib/accounts/pseudonym-rules';
import type { DB } from '../db/schema';
import { isUniqueViolation } from '../db/errors';
import { lockPseudonym } from './pseudonym-lock';
import { inTransaction } from '../db/transaction';
import { hashPassphrase, isCommonPassphrase } from './passphrase';
import { replaceRecoveryCodes } from './recovery-codes';

export type CreateAdminResult =
	{ ok: true; recoveryCodes: string[] } | { ok: false; problem: string };

/**
 * Creates an admin account from the command line (`npm run admin:create`): the way the first
 * admin comes to exist, since sign-up needs an invitation from staff. Same rules as sign-up.
 */
export async function createAdminAccount(
	db: Kysely<DB>,
	input: { pseudonym: string; passphrase: string }
): Promise<CreateAdminResult> {
	const pseudonym = normalizePseudonym(input.pseudonym);
	const badPseudonym = pseudonymProblem(pseudonym);
	if (badPseudonym) return { ok: false, problem: `pseudonym: ${badPseudonym}` };
	const badLength = passphraseLengthProblem(input.passphrase);
	if (badLength) return { ok: false, problem: `passphrase: ${badLength.replace('_', ' ')}` };
	if (isCommonPassphrase(input.passphrase)) return { ok: false, problem: 'passphrase: too common' };
	const passphraseHash = await hashPassphrase(input.passphrase);
	try {
		return await inTransaction(db, async (trx) => {
			const key = pseudonymKey(pseudonym);
			await lockPseudonym(trx, key);
			const taken = await trx
				.selectFrom('account')
				.select('id')
				.where('pseudonym_key', '=', key)
				.executeTakeFirst();
			if (taken) return { ok: false as const, problem: 'pseudonym: taken' as const };
			const account = await trx
				.insertInto('account')
				.values({
					pseudonym,
					pseudonym_key: key,
					passphrase_hash: passphraseHash,
					role: 'admin'
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			return { ok: true as const, recoveryCodes: await replaceRecoveryCodes(trx, account.id) };
		});
	} catch (error) {
		if (isUniqueViolation(error)) return { ok: false, problem: 'pseudonym: taken' };
		throw error;
	}
}
