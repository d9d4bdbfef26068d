import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { RealtimeSocket } from '../realtime/attach';

/** Timers longer than this overflow in Node; a later check sets the next one. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/** When the session ends if nothing renews it, or null once it is gone. Never renews it. */
async function sessionEnds(db: Kysely<DB>, sessionId: string): Promise<Date | null> {
	const row = await db
		.selectFrom('session')
		.select(['expires_at', 'absolute_expires_at'])
		.where('id', '=', sessionId)
		.executeTakeFirst();
	if (!row) return null;
	return row.expires_at < row.absolute_expires_at ? row.expires_at : row.absolute_expires_at;
}

/**
 * Closes a socket the moment its session expires. A socket that only listens renews nothing, so
 * without this a phone whose session ran out would go on receiving a circle's messages until the
 * next housekeeping round. When the timer fires the session is read again: a page or an event may
 * have renewed it meanwhile, and then the watch waits for the new end.
 */
export function closeAtSessionEnd(socket: RealtimeSocket, db: Kysely<DB>, clock: () => Date): void {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const check = async () => {
		if (socket.disconnected) return;
		const ends = await sessionEnds(db, socket.data.sessionId).catch(() => undefined);
		// The database did not answer: look again shortly rather than cut a member off.
		if (ends === undefined) return wait(5_000);
		const left = ends === null ? 0 : ends.getTime() - clock().getTime();
		if (left <= 0) socket.disconnect(true);
		else wait(left);
	};
	const wait = (ms: number) => {
		timer = setTimeout(check, Math.min(ms, LONGEST_TIMER_MS));
		timer.unref();
	};
	socket.on('disconnect', () => clearTimeout(timer));
	void check();
}
