import type { Kysely } from 'kysely';
import type { AccountActor } from '../access/actor';
import { validateSession } from './sessions';
import type { DB } from '../db/schema';
import type { RealtimeSocket } from '../realtime/attach';

/**
 * The actor behind a socket, checked again at each event: socket activity renews the session as a
 * page request does. Null when the session was signed out or expired since the handshake: the
 * caller answers, then closes the socket.
 */
export async function socketActor(
	db: Kysely<DB>,
	socket: RealtimeSocket,
	now: Date
): Promise<AccountActor | null> {
	const valid = await validateSession(db, socket.data.sessionId, now);
	if (!valid) return null;
	return {
		kind: 'account',
		id: valid.account.id,
		pseudonym: valid.account.pseudonym,
		role: valid.account.role,
		sessionId: valid.session.id
	};
}
