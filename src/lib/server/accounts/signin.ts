import type { Kysely } from 'kysely';
import { pseudonymKey } from '$lib/accounts/pseudonym-rules';
import type { Clock } from '../clock';
import type { DB, SessionMode } from '../db/schema';
import { signInFailed } from '../metrics';
import { hashPassphrase, needsRehash, verifyAgainstDummy, verifyPassphrase } from './passphrase';
import { createSession, type Session } from './sessions';
import { attemptSucceeded, beginAttempt } from './throttle';

export interface SignInInput {
	pseudonym: string;
	passphrase: string;
	mode: SessionMode;
	address: string;
}

export type SignInResult =
	| { ok: true; accountId: string; locale: string | null; token: string; session: Session }
	| { ok: false; problem: 'invalid' }
	| { ok: false; problem: 'throttled'; retryAfterS: number };

/**
 * Signs in with pseudonym and passphrase. An unknown pseudonym and a wrong passphrase get the
 * same answer after about the same time. An address that has been failing on the pseudonym waits,
 * even with the right passphrase; the owner on a phone that has not been failing gets in (see
 * THROTTLE). Each sign-in gets a new token.
 */
export async function signIn(
	db: Kysely<DB>,
	input: SignInInput,
	clock: Clock
): Promise<SignInResult> {
	const key = pseudonymKey(input.pseudonym);
	const attempt = await beginAttempt(
		db,
		{ kind: 'login', pseudonymKey: key, address: input.address },
		clock()
	);
	if (!attempt.allowed) {
		signInFailed('throttled');
		return { ok: false, problem: 'throttled', retryAfterS: attempt.retryAfterS };
	}

	const account = await db
		.selectFrom('account')
		.select(['id', 'passphrase_hash', 'locale'])
		.where('pseudonym_key', '=', key)
		.executeTakeFirst();
	const valid = account
		? await verifyPassphrase(account.passphrase_hash, input.passphrase)
		: await verifyAgainstDummy(input.passphrase);
	if (!account || !valid) {
		signInFailed('invalid');
		return { ok: false, problem: 'invalid' };
	}

	await attemptSucceeded(db, attempt, key);
	if (needsRehash(account.passphrase_hash)) {
		const upgraded = await hashPassphrase(input.passphrase);
		await db
			.updateTable('account')
			.set({ passphrase_hash: upgraded })
			.where('id', '=', account.id)
			.execute();
	}
	const { token, session } = await createSession(db, account.id, input.mode, clock());
	return { ok: true, accountId: account.id, locale: account.locale, token, session };
}
