import type { Kysely, Transaction } from 'kysely';
import { passphraseLengthProblem } from '$lib/accounts/passphrase-rules';
import { isLocale } from '$lib/paraglide/runtime';
import { normalizePseudonym, pseudonymKey, pseudonymProblem } from '$lib/accounts/pseudonym-rules';
import type { Clock } from '../clock';
import type { Country, DB } from '../db/schema';
import { isUniqueViolation } from '../db/errors';
import { lockPseudonym } from './pseudonym-lock';
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
	/** Where the member says they are; optional (null). */
	country?: Country | null;
	/** The language the sign-up page was shown in: the member's language from then on. */
	locale?: string | null;
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
	/** Every problem found, one per field at most, so the member can fix them all at once. */
	| { ok: false; problems: SignUpProblem[] };

type Invitation = { id: string; group_id: string | null };

const refused = (...problems: SignUpProblem[]) => ({ ok: false as const, problems });

/** What the form's own words break, without asking the database. */
function ruleProblems(pseudonym: string, passphrase: string): SignUpProblem[] {
	const problems: SignUpProblem[] = [];
	const badPseudonym = pseudonymProblem(pseudonym);
	if (badPseudonym) problems.push({ field: 'pseudonym', problem: badPseudonym });
	const badPassphrase =
		passphraseLengthProblem(passphrase) ?? (isCommonPassphrase(passphrase) ? 'common' : null);
	if (badPassphrase) problems.push({ field: 'passphrase', problem: badPassphrase });
	return problems;
}

/** Why a code cannot be used now, or null when it can. */
function codeProblem(
	row:
		{ revoked_at: Date | null; expires_at: Date; use_count: number; max_uses: number } | undefined,
	now: Date
) {
	if (!row) return 'unknown';
	if (row.revoked_at) return 'revoked';
	if (row.expires_at.getTime() <= now.getTime()) return 'expired';
	if (row.use_count >= row.max_uses) return 'used_up';
	return null;
}

/** What the stored rows refuse: the code (locked in a transaction), a nickname already taken. */
async function storedProblems(
	trx: Transaction<DB>,
	input: { code: string; pseudonym: string },
	now: Date
): Promise<{ problems: SignUpProblem[]; invitation: Invitation | null }> {
	const problems: SignUpProblem[] = [];
	let invitation: Invitation | null = null;
	if (input.code) {
		const row = await lockInvitationByCode(trx, input.code);
		const problem = codeProblem(row, now);
		if (problem) problems.push({ field: 'code', problem });
		else invitation = row ?? null;
	}
	const taken = await trx
		.selectFrom('account')
		.select('id')
		.where('pseudonym_key', '=', pseudonymKey(input.pseudonym))
		.executeTakeFirst();
	if (taken) problems.push({ field: 'pseudonym', problem: 'taken' });
	return { problems, invitation };
}

const isGuess = (problem: SignUpProblem) =>
	(problem.field === 'code' && problem.problem !== 'required') ||
	(problem.field === 'pseudonym' && problem.problem === 'taken');

/** One problem per field, the first found: a field shows one message at a time. */
function onePerField(problems: SignUpProblem[]): SignUpProblem[] {
	const seen = new Set<string>();
	return problems.filter(({ field }) => !seen.has(field) && seen.add(field));
}

/**
 * Creates an account with an invitation code (or without one, when an admin has opened sign-up),
 * its ten recovery codes and a shared-phone session, all in one transaction. A code is used up
 * only by a sign-up that succeeds. A refusal names every problem at once: the nickname, the
 * passphrase and the code. The same form sent again (a double tap, a retry) creates nothing and
 * gets the first sign-up's result: its session, recovery codes and group.
 */
export async function signUp(
	db: Kysely<DB>,
	input: SignUpInput,
	clock: Clock
): Promise<SignUpResult> {
	return examine(db, input, clock, true);
}

/**
 * Everything wrong with a sign-up form, without making anything: for a form that failed its own
 * checks (an empty field), so that the member also learns what is wrong with the rest of it.
 */
export async function signUpProblems(
	db: Kysely<DB>,
	input: SignUpInput,
	clock: Clock
): Promise<SignUpProblem[]> {
	const result = await examine(db, input, clock, false);
	return result.ok ? [] : result.problems;
}

async function examine(
	db: Kysely<DB>,
	input: SignUpInput,
	clock: Clock,
	create: boolean
): Promise<SignUpResult> {
	const now = clock();
	if (isFormKeyExpired(input.formKey, now))
		return refused({ field: 'formKey', problem: 'expired' });
	const pseudonym = normalizePseudonym(input.pseudonym);
	const problems = ruleProblems(pseudonym, input.passphrase);

	const code = input.code.trim();
	if (code === '' && !(await getSiteSettings(db)).signupOpen) {
		problems.push({ field: 'code', problem: 'required' });
	}

	const attempt = await beginAttempt(db, { kind: 'signup', address: input.address }, now);
	if (!attempt.allowed) {
		return refused({ field: 'form', problem: 'throttled', retryAfterS: attempt.retryAfterS });
	}

	let outcome: SignUpResult;
	if (problems.length > 0 || !create) {
		// Nothing will be made: the rows are read only to say what else is wrong.
		const stored = await inTransaction(db, (trx) => storedProblems(trx, { code, pseudonym }, now));
		outcome = refused(...problems, ...stored.problems);
	} else {
		// The slow hash happens before the transaction, so no lock is held while it runs.
		const passphraseHash = await hashPassphrase(input.passphrase);
		const account = {
			code,
			pseudonym,
			passphraseHash,
			country: input.country ?? null,
			locale: input.locale && isLocale(input.locale) ? input.locale : null
		};
		try {
			outcome = await inTransaction(db, async (trx): Promise<SignUpResult> => {
				const first = await repeatSafe(trx, { scope: 'signup', key: input.formKey, now }, () =>
					createAccount(trx, account, now)
				);
				if (!first.repeated || !first.result.ok) return first.result;
				// The first session is handed back only while it lasts: once its owner has signed
				// out, the same form sent again from the phone's history must not sign anyone in or
				// show codes.
				const live = await validateSession(trx, first.result.session.id, now);
				if (!live) return refused({ field: 'form', problem: 'already_joined' });
				return { ...first.result, session: live.session };
			});
		} catch (error) {
			if (!isUniqueViolation(error)) throw error;
			outcome = refused({ field: 'pseudonym', problem: 'taken' });
		}
	}

	// A wrong code is a guess, and so is a nickname found taken: an address cannot try code after
	// code, or ask name after name whether someone has an account. Anything else is forgiven.
	const guessed = !outcome.ok && outcome.problems.some(isGuess);
	if (!guessed) {
		await attemptSucceeded(db, attempt);
	}
	return outcome.ok ? outcome : refused(...onePerField(outcome.problems));
}

/** The account, its place in the code's group, its recovery codes and its first session. */
async function createAccount(
	trx: Transaction<DB>,
	input: {
		code: string;
		pseudonym: string;
		passphraseHash: string;
		country: Country | null;
		locale: string | null;
	},
	now: Date
): Promise<SignUpResult> {
	const { code, pseudonym, passphraseHash } = input;
	await lockPseudonym(trx, pseudonymKey(pseudonym));
	const { problems, invitation } = await storedProblems(trx, { code, pseudonym }, now);
	if (problems.length > 0) return refused(...problems);

	const account = await trx
		.insertInto('account')
		.values({
			pseudonym,
			pseudonym_key: pseudonymKey(pseudonym),
			passphrase_hash: passphraseHash,
			country: input.country,
			locale: input.locale
		})
		.returning('id')
		.executeTakeFirstOrThrow();

	if (invitation) await recordInvitationUse(trx, invitation.id, account.id);

	// A code bound to a group invites its holder there; they accept its agreement next.
	if (invitation?.group_id) {
		await inviteToGroup(trx, invitation.group_id, { id: account.id });
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
