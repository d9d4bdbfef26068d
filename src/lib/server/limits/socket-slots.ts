import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';

/**
 * Sockets one session may hold open at once, across every process. A member has a circle page
 * and a help page or two open, perhaps in a few tabs; each socket costs the server memory and a
 * share of every broadcast, so a script opening hundreds on one session is refused.
 */
export const SOCKETS_PER_SESSION = 12;

/**
 * A slot is leased: each process renews the leases of the sockets it still has, so the slot of a
 * process that died, or of a handshake that never finished, frees itself when its lease ends.
 */
export const SLOT_LEASE_MS = 2 * 60_000;
export const SLOT_RENEW_MS = 40_000;

export interface SocketSlot {
	socketId: string;
	sessionId: string;
}

/**
 * Takes a slot for a new socket; false when the session already holds all of them. The session's
 * row is locked for the count, so parallel handshakes on several processes cannot all slip in.
 */
export async function takeSocketSlot(
	db: Kysely<DB>,
	slot: SocketSlot,
	now: Date
): Promise<boolean> {
	return db.transaction().execute(async (trx) => {
		const session = await trx
			.selectFrom('session')
			.select('id')
			.where('id', '=', slot.sessionId)
			.forUpdate()
			.executeTakeFirst();
		if (!session) return false;
		await trx
			.deleteFrom('live_socket')
			.where('session_id', '=', slot.sessionId)
			.where('expires_at', '<=', now)
			.execute();
		const { held } = await trx
			.selectFrom('live_socket')
			.select((eb) => eb.fn.countAll<string>().as('held'))
			.where('session_id', '=', slot.sessionId)
			.executeTakeFirstOrThrow();
		if (Number(held) >= SOCKETS_PER_SESSION) return false;
		await trx
			.insertInto('live_socket')
			.values({
				socket_id: slot.socketId,
				session_id: slot.sessionId,
				expires_at: new Date(now.getTime() + SLOT_LEASE_MS)
			})
			.execute();
		return true;
	});
}

export async function freeSocketSlot(db: Kysely<DB>, socketId: string): Promise<void> {
	await db.deleteFrom('live_socket').where('socket_id', '=', socketId).execute();
}

/** Extends the leases of the sockets a process still has open. */
export async function renewSocketSlots(
	db: Kysely<DB>,
	socketIds: readonly string[],
	now: Date
): Promise<void> {
	// A few thousand at a time keeps each statement well within PostgreSQL's parameter limit.
	for (let start = 0; start < socketIds.length; start += 5000) {
		await db
			.updateTable('live_socket')
			.set({ expires_at: new Date(now.getTime() + SLOT_LEASE_MS) })
			.where('socket_id', 'in', socketIds.slice(start, start + 5000))
			.execute();
	}
}

/** Leases of processes that stopped without closing their sockets. */
export async function deleteEndedSocketSlots(db: Kysely<DB>, now: Date): Promise<void> {
	await db.deleteFrom('live_socket').where('expires_at', '<=', now).execute();
}
