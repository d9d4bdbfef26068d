import type { Kysely, Transaction } from 'kysely';
import { passphraseLengthProblem } from '$lib/accounts/passphrase-rules';
import { normalizePseudonym, pseudonymKey, pseudonymProblem } from '$lib/accounts/pseudonym-rules';
import type { Clock } from '../clock';
import type { DB } from '../db/schema';
import { isUniqueViolation } from '../db/errors';
import { inTransaction } from '../db/transaction';
import { isFormKeyExpired } from '../forms/form-key';
import { repeatSafe } from '../forms/repeat-safe';
import { inviteToGroup } from '../groups';
import { getSiteSettings } from '../settings';
import { lockInvitationByCode, recordInvitationUse } from './invitations';
import { hashPassphrase, isCommonPassphrase } from './passphrase';
import { replaceRecoveryCodes } from './recovery-codes';
import { createSession, validateSession, type Session } from './sessions';
import { attemptSucceeded, beginAttempt } from './throttle';

export interface SignUpInput {
	/** The key the sign-up form was rendered with: the same form sent again is one sign-up. */
	formKey: string;
	code: string;
	pseudonym: string;
	passphrase: string;
	/** The client's address, for throttling code guesses. */
	address: string;
}

export type SignUpProblem =
	| { field: 'formKey'; problem: 'expired' }
	| { field: 'code'; problem: 'required' | 'unknown' | 'expired' | 'used_up' | 'revoked' }
	| { field: 'pseudonym'; problem: 'taken' | NonNullable<ReturnType<typeof pseudonymProblem>> }
	| { field: 'passphrase'; problem: 'common' | 'too_short' | 'too_long' }
	| { field: 'form'; problem: 'throttled'; retryAfterS: number }
	| { field: 'form'; problem: 'already_joined' };

export type SignUpResult =
	| {
			ok: true;
			accountId: string;
			token: string;
			session: Session;
			recoveryCodes: string[];
			groupId: string | null;
	  }
	| ({ ok: false } & SignUpProblem);

type Invitation = { id: string; group_id: string | null };

/**
 * Creates an account with an invitation code (or without one, when an admin has opened sign-up),
 * its ten recovery codes and a shared-phone session, all in one transaction. A code is used up
 * only by a sign-up that succeeds. The same form sent again (a double tap, a retry) creates
 * nothing and gets the first sign-up's result: its session, recovery codes and group.
 */
export async function signUp(
	db: Kysely<DB>,
	input: SignUpInput,
	clock: Clock
): Promise<SignUpResult> {
	const now = clock();
	if (isFormKeyExpired(input.formKey, now))
		return { ok: false, field: 'formKey', problem: 'expired' };
	const pseudonym = normalizePseudonym(input.pseudonym);
	const badPseudonym = pseudonymProblem(pseudonym);
	if (badPseudonym) return { ok: false, field: 'pseudonym', problem: badPseudonym };
	const badLength = passphraseLengthProblem(input.passphrase);
	if (badLength) return { ok: false, field: 'passphrase', problem: badLength };
	if (isCommonPassphrase(input.passphrase))
		return { ok: false, field: 'passphrase', problem: 'common' };

	const code = input.code.trim();
	if (code === '' && !(await getSiteSettings(db)).signupOpen) {
		return { ok: false, field: 'code', problem: 'required' };
	}

	const attempt = code
		? await beginAttempt(db, { kind: 'code', address: input.address }, now)
		: null;
	if (attempt && !attempt.allowed) {
		return { ok: false, field: 'form', problem: 'throttled', retryAfterS: attempt.retryAfterS };
	}

	// The slow hash happens before the transaction, so no lock is held while it runs.
	const passphraseHash = await hashPassphrase(input.passphrase);

	let outcome: SignUpResult;
	try {
		outcome = await inTransaction(db, async (trx): Promise<SignUpResult> => {
			const first = await repeatSafe(trx, { scope: 'signup', key: input.formKey, now }, () =>
				createAccount(trx, { code, pseudonym, passphraseHash }, now)
			);
			if (!first.repeated || !first.result.ok) return first.result;
			// The first session is handed back only while it lasts: once its owner has signed out,
			// the same form sent again from the phone's history must not sign anyone in or show codes.
			const live = await validateSession(trx, first.result.session.id, now);
			if (!live) return { ok: false, field: 'form', problem: 'already_joined' };
			return { ...first.result, session: live.session };
		});
	} catch (error) {
		if (!isUniqueViolation(error)) throw error;
		outcome = { ok: false, field: 'pseudonym', problem: 'taken' };
	}

	// Only a wrong code counts as a guess; anything else proves the code was real.
	if (attempt?.allowed && !(outcome.ok === false && outcome.field === 'code')) {
		await attemptSucceeded(db, attempt);
	}
	return outcome;
}

/** The account, its place in the code's group, its recovery codes and its first session. */
async function createAccount(
	trx: Transaction<DB>,
	input: { code: string; pseudonym: string; passphraseHash: string },
	now: Date
): Promise<SignUpResult> {
	const { code, pseudonym, passphraseHash } = input;
	let invitation: Invitation | null = null;
	if (code) {
		const row = await lockInvitationByCode(trx, code);
		if (!row) return { ok: false, field: 'code', problem: 'unknown' };
		if (row.revoked_at) return { ok: false, field: 'code', problem: 'revoked' };
		if (row.expires_at.getTime() <= now.getTime())
			return { ok: false, field: 'code', problem: 'expired' };
		if (row.use_count >= row.max_uses) return { ok: false, field: 'code', problem: 'used_up' };
		invitation = row;
	}

	const account = await trx
		.insertInto('account')
		.values({
			pseudonym,
			pseudonym_key: pseudonymKey(pseudonym),
			passphrase_hash: passphraseHash
		})
		.returning('id')
		.executeTakeFirstOrThrow();

	if (invitation) await recordInvitationUse(trx, invitation.id, account.id);

	// A code bound to a group invites its holder there; they accept its agreement next.
	if (invitation?.group_id) {
		await inviteToGroup(trx, invitation.group_id, { id: account.id, pseudonym });
	}

	const recoveryCodes = await replaceRecoveryCodes(trx, account.id);
	const { token, session } = await createSession(trx, account.id, 'shared', now);
	return {
		ok: true,
		accountId: account.id,
		token,
		session,
		recoveryCodes,
		groupId: invitation?.group_id ?? null
	};
}
