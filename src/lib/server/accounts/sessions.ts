import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import type { Kysely } from 'kysely';
import { compiledOnce } from '../db/compiled-once';
import type { DB, SessionMode, SiteRole } from '../db/schema';

// Sessions as in the Lucia guide: a random token in the cookie, only its SHA-256 in the database,
// so a copy of the database does not let anyone in.

export const SESSION_COOKIE = 'sid';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * Shared phone (the default): ends after 30 minutes unused, and the cookie dies with the browser.
 * Remember this phone: 14 days unused, 30 days at most, renewed once half used.
 */
export const SESSION_POLICY: Record<
	SessionMode,
	{ idleMs: number; absoluteMs: number; renewAfterMs: number }
> = {
	// Renewed at most once a minute, so the idle limit holds to the minute without a write per request.
	shared: { idleMs: 30 * MINUTE, absoluteMs: 12 * 60 * MINUTE, renewAfterMs: MINUTE },
	remember: { idleMs: 14 * DAY, absoluteMs: 30 * DAY, renewAfterMs: 7 * DAY }
};

export interface Session {
	id: string;
	accountId: string;
	mode: SessionMode;
	expiresAt: Date;
}

export interface SessionAccount {
	id: string;
	pseudonym: string;
	role: SiteRole;
	locale: string | null;
}

export interface ValidSession {
	session: Session;
	account: SessionAccount;
	/** The expiry moved: a remembered session's cookie must be sent again. */
	renewed: boolean;
}

/** 160 random bits, base32: the value that goes in the cookie and nowhere else. */
export function generateSessionToken(): string {
	return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
}

export function sessionIdFromToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export async function createSession(
	db: Kysely<DB>,
	accountId: string,
	mode: SessionMode,
	now: Date
): Promise<{ token: string; session: Session }> {
	const token = generateSessionToken();
	const policy = SESSION_POLICY[mode];
	const session: Session = {
		id: sessionIdFromToken(token),
		accountId,
		mode,
		expiresAt: new Date(now.getTime() + policy.idleMs)
	};
	await db
		.insertInto('session')
		.values({
			id: session.id,
			account_id: accountId,
			mode,
			created_at: now,
			renewed_at: now,
			expires_at: session.expiresAt,
			absolute_expires_at: new Date(now.getTime() + policy.absoluteMs)
		})
		.execute();
	return { token, session };
}

/** The session and account behind a cookie's token, or null; an expired session is deleted. */
export function validateSessionToken(
	db: Kysely<DB>,
	token: string,
	now: Date
): Promise<ValidSession | null> {
	return validateSession(db, sessionIdFromToken(token), now);
}

/** The session and its account, read on every request and every live event. */
const sessionAndAccount = compiledOnce(['id'], (db, { id }) =>
	db
		.selectFrom('session')
		.innerJoin('account', 'account.id', 'session.account_id')
		.select([
			'session.id',
			'session.mode',
			'session.renewed_at',
			'session.expires_at',
			'session.absolute_expires_at',
			'account.id as account_id',
			'account.pseudonym',
			'account.role',
			'account.locale'
		])
		.where('session.id', '=', id)
);

/**
 * The same for a session already identified (a socket's, at each event): activity on a socket
 * renews the session as a page request does, and a revoked one stops answering.
 */
export async function validateSession(
	db: Kysely<DB>,
	id: string,
	now: Date
): Promise<ValidSession | null> {
	const [row] = await sessionAndAccount(db, { id });
	if (!row) return null;

	const at = now.getTime();
	if (at >= row.expires_at.getTime() || at >= row.absolute_expires_at.getTime()) {
		await db.deleteFrom('session').where('id', '=', id).execute();
		return null;
	}

	const policy = SESSION_POLICY[row.mode];
	let expiresAt = row.expires_at;
	const renewed = at - row.renewed_at.getTime() >= policy.renewAfterMs;
	if (renewed) {
		expiresAt = new Date(Math.min(at + policy.idleMs, row.absolute_expires_at.getTime()));
		await db
			.updateTable('session')
			.set({ renewed_at: now, expires_at: expiresAt })
			.where('id', '=', id)
			.execute();
	}

	return {
		session: { id, accountId: row.account_id, mode: row.mode, expiresAt },
		account: { id: row.account_id, pseudonym: row.pseudonym, role: row.role, locale: row.locale },
		renewed
	};
}

/**
 * Sessions nobody came back to; housekeeping deletes them rather than wait for their cookie.
 * Returns their ids, so that their live connections can be closed too.
 */
export async function deleteExpiredSessions(db: Kysely<DB>, now: Date): Promise<string[]> {
	const deleted = await db
		.deleteFrom('session')
		.where((eb) => eb.or([eb('expires_at', '<=', now), eb('absolute_expires_at', '<=', now)]))
		.returning('id')
		.execute();
	return deleted.map((row) => row.id);
}

export async function invalidateSession(db: Kysely<DB>, sessionId: string): Promise<void> {
	await db.deleteFrom('session').where('id', '=', sessionId).execute();
}

export async function invalidateAccountSessions(db: Kysely<DB>, accountId: string): Promise<void> {
	await db.deleteFrom('session').where('account_id', '=', accountId).execute();
}

/**
 * Cookie attributes: HttpOnly, SameSite=Lax, Path=/, Secure over https. A shared-phone session has
 * no Expires, so closing the browser ends it; a remembered one lasts until its expiry.
 */
export function sessionCookieOptions(
	session: Pick<Session, 'mode' | 'expiresAt'>,
	secure: boolean
) {
	return {
		path: '/',
		httpOnly: true,
		sameSite: 'lax' as const,
		secure,
		...(session.mode === 'remember' ? { expires: session.expiresAt } : {})
	};
}
