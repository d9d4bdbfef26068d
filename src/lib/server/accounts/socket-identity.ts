import { parse } from 'cookie';
import type { Kysely } from 'kysely';
import type { SocketData } from '$lib/realtime/events';
import type { DB } from '../db/schema';
import { SESSION_COOKIE, validateSessionToken } from './sessions';

/** The account behind a handshake's session cookie, or null for none, expired or revoked. */
export async function identifySocket(
	db: Kysely<DB>,
	cookieHeader: string | undefined,
	now: Date
): Promise<SocketData | null> {
	const token = cookieHeader ? parse(cookieHeader)[SESSION_COOKIE] : undefined;
	if (!token) return null;
	const valid = await validateSessionToken(db, token, now);
	return valid ? { accountId: valid.account.id, sessionId: valid.session.id } : null;
}
