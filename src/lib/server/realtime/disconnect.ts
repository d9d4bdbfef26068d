import { realtime } from './attach';
import { accountRoom, sessionRoom } from './rooms';

/** Closes every socket of an account (sign out everywhere, role change, deletion). */
export function disconnectAccount(accountId: string): void {
	realtime()?.in(accountRoom(accountId)).disconnectSockets(true);
}

/** Closes the sockets opened with one session (sign out on this phone). */
export function disconnectSession(sessionId: string): void {
	realtime()?.in(sessionRoom(sessionId)).disconnectSockets(true);
}
