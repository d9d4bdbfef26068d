import type { Kysely } from 'kysely';
import { passphraseLengthProblem } from '$lib/accounts/passphrase-rules';
import { pseudonymKey } from '$lib/accounts/pseudonym-rules';
import type { Actor } from '../access/actor';
import { notFound, requireAccess } from '../access/require';
import { recordAudit } from '../audit';
import type { Clock } from '../clock';
import { isUuid } from '../db/ids';
import type { DB, SessionMode } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { isFormKeyExpired } from '../forms/form-key';
import { repeatSafe } from '../forms/repeat-safe';
import { disconnectAccount } from '../realtime/disconnect';
import { generateCode, hashCode, RESET_CODE_LENGTH } from './codes';
import { hashPassphrase, isCommonPassphrase } from './passphrase';
import { replaceRecoveryCodes } from './recovery-codes';
import { createSession, invalidateAccountSessions, type Session } from './sessions';
import { attemptSucceeded, beginAttempt } from './throttle';

export const RESET_CODE_TTL_MS = 24 * 60 * 60_000;

export interface CodeSignInInput {
	pseudonym: string;
	/** One of the member's recovery codes, or a reset code from a facilitator or coordinator. */
	code: string;
	newPassphrase: string;
	mode: SessionMode;
	address: string;
}

export type CodeSignInResult =
	| { ok: true; accountId: string; locale: string | null; token: string; session: Session }
	| { ok: false; problem: 'invalid' }
	| { ok: false; problem: 'throttled'; retryAfterS: number }
	| { ok: false; problem: 'passphrase'; reason: 'common' | 'too_short' | 'too_long' };

/**
 * Signs in with a recovery or reset code and sets a new passphrase. The code is spent, and every
 * other session of the account ends: whoever else was signed in is out.
 */
export async function signInWithCode(
	db: Kysely<DB>,
	input: CodeSignInInput,
	clock: Clock
): Promise<CodeSignInResult> {
	const badLength = passphraseLengthProblem(input.newPassphrase);
	if (badLength) return { ok: false, problem: 'passphrase', reason: badLength };
	if (isCommonPassphrase(input.newPassphrase))
		return { ok: false, problem: 'passphrase', reason: 'common' };

	const key = pseudonymKey(input.pseudonym);
	const now = clock();
	const attempt = await beginAttempt(
		db,
		{ kind: 'login', pseudonymKey: key, address: input.address },
		now
	);
	if (!attempt.allowed)
		return { ok: false, problem: 'throttled', retryAfterS: attempt.retryAfterS };

	const passphraseHash = await hashPassphrase(input.newPassphrase);
	const codeHash = hashCode(input.code);
	const result = await inTransaction(db, async (trx, afterCommit) => {
		const account = await trx
			.selectFrom('account')
			.select(['id', 'locale'])
			.where('pseudonym_key', '=', key)
			.executeTakeFirst();
		if (!account) return null;

		// A spent code is spent once, even when two requests race: the update decides.
		const recovery = await trx
			.updateTable('recovery_code')
			.set({ used_at: now })
			.where('account_id', '=', account.id)
			.where('code_hash', '=', codeHash)
			.where('used_at', 'is', null)
			.returning('id')
			.executeTakeFirst();
		const reset = recovery
			? undefined
			: await trx
					.updateTable('reset_code')
					.set({ used_at: now })
					.where('account_id', '=', account.id)
					.where('code_hash', '=', codeHash)
					.where('used_at', 'is', null)
					.where('expires_at', '>', now)
					.returning('id')
					.executeTakeFirst();
		if (!recovery && !reset) return null;

		await trx
			.updateTable('account')
			.set({ passphrase_hash: passphraseHash })
			.where('id', '=', account.id)
			.execute();
		await invalidateAccountSessions(trx, account.id);
		afterCommit(() => disconnectAccount(account.id));
		const { token, session } = await createSession(trx, account.id, input.mode, now);
		return { accountId: account.id, locale: account.locale, token, session };
	});
	if (!result) return { ok: false, problem: 'invalid' };
	await attemptSucceeded(db, attempt, key);
	return { ok: true, ...result };
}

/** A signed-in member replaces their ten recovery codes; the old ones stop working. */
export async function regenerateRecoveryCodes(db: Kysely<DB>, actor: Actor): Promise<string[]> {
	requireAccess(actor, 'account:manage-own');
	return inTransaction(db, (trx) => replaceRecoveryCodes(trx, actor.id));
}

export type ResetCodeResult = { ok: true; code: string } | { ok: false; error: 'form_key_expired' };

/**
 * A coordinator (or admin) gives a member who lost everything a one-time code, valid for 24
 * hours, to read out to them. Issuing one replaces any earlier unused one, and is logged. The same
 * form sent again (a double tap, a retry) gets the same code back and issues no other: the code
 * is kept in the form's sealed result, which only the holder of the form key can open.
 */
export async function issueResetCode(
	db: Kysely<DB>,
	actor: Actor,
	accountId: string,
	input: { formKey: string },
	clock: Clock
): Promise<ResetCodeResult> {
	if (!isUuid(accountId)) notFound();
	const target = await db
		.selectFrom('account')
		.select(['id', 'role'])
		.where('id', '=', accountId)
		.executeTakeFirst();
	if (!target) notFound();
	requireAccess(actor, 'reset-code:issue', target);
	const now = clock();
	if (isFormKeyExpired(input.formKey, now)) return { ok: false, error: 'form_key_expired' };
	// The scope is stored in the clear: it names no account (erasing one leaves nothing behind).
	const use = { scope: 'reset-code', key: input.formKey, now };
	const { result } = await inTransaction(db, (trx) =>
		repeatSafe(trx, use, async (): Promise<ResetCodeResult> => {
			const code = generateCode(RESET_CODE_LENGTH);
			await trx
				.deleteFrom('reset_code')
				.where('account_id', '=', accountId)
				.where('used_at', 'is', null)
				.execute();
			await trx
				.insertInto('reset_code')
				.values({
					account_id: accountId,
					code_hash: hashCode(code),
					issued_by: actor.id,
					expires_at: new Date(now.getTime() + RESET_CODE_TTL_MS)
				})
				.execute();
			await recordAudit(trx, {
				actorId: actor.id,
				subjectId: accountId,
				action: 'reset_code.issued'
			});
			return { ok: true, code };
		})
	);
	return result;
}
