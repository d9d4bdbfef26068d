import type { Kysely } from 'kysely';
import { passphraseLengthProblem } from '$lib/accounts/passphrase-rules';
import { isLocale } from '$lib/paraglide/runtime';
import type { Actor } from '../access/actor';
import { requireAccess } from '../access/require';
import type { Clock } from '../clock';
import type { DB, SessionMode } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { eraseMemberships, type WordsOnDeletion } from '../groups';
import { disconnectAccount, disconnectSession } from '../realtime/disconnect';
import { eraseSavingsMemberships } from '../savings';
import { hashPassphrase, isCommonPassphrase, verifyPassphrase } from './passphrase';
import { SESSION_POLICY, type Session } from './sessions';
import { attemptSucceeded, beginAttempt, forgetFailuresOf } from './throttle';

// What members do with their own account, from the My account page.

export type PassphraseChangeResult =
	| { ok: true }
	| { ok: false; field: 'current'; problem: 'wrong' }
	| { ok: false; field: 'next'; problem: 'common' | 'too_short' | 'too_long' }
	| { ok: false; problem: 'signed_out' };

/**
 * Checks the signed-in account's own passphrase as sign-in does: each wrong one counts against its
 * nickname and the address, so whoever picks up a shared phone with an open session cannot guess
 * at speed. Past the limit the guessing stops for good: this session ends.
 */
async function checkOwnPassphrase(
	db: Kysely<DB>,
	actor: Actor & { kind: 'account' },
	passphrase: string,
	request: { address: string; now: Date }
): Promise<'right' | 'wrong' | 'signed_out'> {
	const { passphrase_hash, pseudonym_key } = await db
		.selectFrom('account')
		.select(['passphrase_hash', 'pseudonym_key'])
		.where('id', '=', actor.id)
		.executeTakeFirstOrThrow();
	const attempt = await beginAttempt(
		db,
		{ kind: 'session', pseudonymKey: pseudonym_key, address: request.address },
		request.now
	);
	if (!attempt.allowed) {
		await signOut(db, actor);
		return 'signed_out';
	}
	if (!(await verifyPassphrase(passphrase_hash, passphrase))) return 'wrong';
	await attemptSucceeded(db, attempt, pseudonym_key);
	return 'right';
}

/** Needs the current passphrase; ends every other session, keeps this one. */
export async function changePassphrase(
	db: Kysely<DB>,
	actor: Actor,
	input: { current: string; next: string },
	request: { address: string; now: Date }
): Promise<PassphraseChangeResult> {
	requireAccess(actor, 'account:manage-own');
	if (actor.kind !== 'account') return { ok: false, problem: 'signed_out' };
	const badLength = passphraseLengthProblem(input.next);
	if (badLength) return { ok: false, field: 'next', problem: badLength };
	if (isCommonPassphrase(input.next)) return { ok: false, field: 'next', problem: 'common' };
	const checked = await checkOwnPassphrase(db, actor, input.current, request);
	if (checked === 'signed_out') return { ok: false, problem: 'signed_out' };
	if (checked === 'wrong') return { ok: false, field: 'current', problem: 'wrong' };
	const nextHash = await hashPassphrase(input.next);
	await inTransaction(db, async (trx, afterCommit) => {
		await trx
			.updateTable('account')
			.set({ passphrase_hash: nextHash })
			.where('id', '=', actor.id)
			.execute();
		const others = await trx
			.deleteFrom('session')
			.where('account_id', '=', actor.id)
			.where('id', '!=', actor.sessionId)
			.returning('id')
			.execute();
		afterCommit(() => others.forEach(({ id }) => disconnectSession(id)));
	});
	return { ok: true };
}

export async function setLocale(db: Kysely<DB>, actor: Actor, locale: string): Promise<void> {
	requireAccess(actor, 'account:manage-own');
	if (!isLocale(locale)) return;
	await db.updateTable('account').set({ locale }).where('id', '=', actor.id).execute();
}

/**
 * Switches this phone between "shared" and "remember this phone". The idle expiry starts again
 * under the new rules; a remembered session still ends 30 days after sign-in, and a session made
 * shared ends within 12 hours.
 */
export async function setSessionMode(
	db: Kysely<DB>,
	actor: Actor,
	mode: SessionMode,
	clock: Clock
): Promise<Session> {
	requireAccess(actor, 'account:manage-own');
	const now = clock().getTime();
	const row = await db
		.selectFrom('session')
		.select(['created_at', 'absolute_expires_at'])
		.where('id', '=', actor.sessionId)
		.executeTakeFirstOrThrow();
	const policy = SESSION_POLICY[mode];
	const absolute =
		mode === 'remember'
			? row.created_at.getTime() + policy.absoluteMs
			: Math.min(row.absolute_expires_at.getTime(), now + policy.absoluteMs);
	const expiresAt = new Date(Math.min(now + policy.idleMs, absolute));
	await db
		.updateTable('session')
		.set({
			mode,
			renewed_at: new Date(now),
			expires_at: expiresAt,
			absolute_expires_at: new Date(absolute)
		})
		.where('id', '=', actor.sessionId)
		.execute();
	return { id: actor.sessionId, accountId: actor.id, mode, expiresAt };
}

/** "I use my own phone": "Leave now" then leaves without signing out. On by default. */
export async function setQuickExitSignsOut(
	db: Kysely<DB>,
	actor: Actor,
	signsOut: boolean
): Promise<void> {
	requireAccess(actor, 'account:manage-own');
	await db
		.updateTable('account')
		.set({ quick_exit_signs_out: signsOut })
		.where('id', '=', actor.id)
		.execute();
}

/** Ends this session only, and closes its live connections. */
export async function signOut(db: Kysely<DB>, actor: Actor): Promise<void> {
	if (actor.kind !== 'account') return;
	await inTransaction(db, async (trx, afterCommit) => {
		await trx.deleteFrom('session').where('id', '=', actor.sessionId).execute();
		afterCommit(() => disconnectSession(actor.sessionId));
	});
}

/** Ends every session of the account, on every phone, and closes their live connections. */
export async function signOutEverywhere(db: Kysely<DB>, actor: Actor): Promise<void> {
	requireAccess(actor, 'account:manage-own');
	await inTransaction(db, async (trx, afterCommit) => {
		await trx.deleteFrom('session').where('account_id', '=', actor.id).execute();
		afterCommit(() => disconnectAccount(actor.id));
	});
}

/**
 * Deletes the account once the member confirms with their passphrase: the person is erased, the
 * groups' records stay. Their nickname, passphrase, sessions, codes and failed sign-ins under
 * their nickname go; staff records about them (the audit log, invitations they issued or used)
 * stay without them. In each group they become a former member (see eraseMemberships), with their
 * messages taken away or left, as they choose; in each savings group too, their entries staying
 * in its books (eraseSavingsMemberships). Nothing points to the account afterwards.
 */
export async function deleteOwnAccount(
	db: Kysely<DB>,
	actor: Actor,
	input: { passphrase: string; words: WordsOnDeletion },
	request: { address: string; now: Date }
): Promise<{ ok: true } | { ok: false; problem: 'wrong' | 'signed_out' }> {
	requireAccess(actor, 'account:manage-own');
	if (actor.kind !== 'account') return { ok: false, problem: 'signed_out' };
	const checked = await checkOwnPassphrase(db, actor, input.passphrase, request);
	if (checked !== 'right') return { ok: false, problem: checked };
	await inTransaction(db, async (trx, afterCommit) => {
		await eraseMemberships(trx, afterCommit, actor.id, input.words);
		await eraseSavingsMemberships(trx, actor.id, request.now);
		const { pseudonym_key } = await trx
			.deleteFrom('account')
			.where('id', '=', actor.id)
			.returning('pseudonym_key')
			.executeTakeFirstOrThrow();
		await forgetFailuresOf(trx, pseudonym_key);
		afterCommit(() => disconnectAccount(actor.id));
	});
	return { ok: true };
}
