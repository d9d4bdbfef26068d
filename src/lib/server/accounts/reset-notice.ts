import type { Kysely } from 'kysely';
import type { Actor } from '../access/actor';
import { requireAccess } from '../access/require';
import { isUuid } from '../db/ids';
import type { DB } from '../db/schema';

/**
 * A reset code lets whoever holds it sign in as the member, the coordinator who made it included.
 * So the member is told of every code made for them (by whom, when, whether it was used) the next
 * time they sign in, until they say they have read it: a reset they did not ask for does not stay
 * hidden.
 */
export interface ResetToTell {
	id: string;
	/** The staff member's nickname; null when their account is gone. */
	issuedBy: string | null;
	issuedAt: Date;
	usedAt: Date | null;
}

export async function hasResetToTell(db: Kysely<DB>, accountId: string): Promise<boolean> {
	const row = await db
		.selectFrom('reset_code')
		.select('id')
		.where('account_id', '=', accountId)
		.where('told_at', 'is', null)
		.executeTakeFirst();
	return row !== undefined;
}

export async function resetsToTell(db: Kysely<DB>, actor: Actor): Promise<ResetToTell[]> {
	requireAccess(actor, 'account:manage-own');
	const rows = await db
		.selectFrom('reset_code as r')
		.leftJoin('account as staff', 'staff.id', 'r.issued_by')
		.select(['r.id', 'staff.pseudonym', 'r.created_at', 'r.used_at'])
		.where('r.account_id', '=', actor.id)
		.where('r.told_at', 'is', null)
		.orderBy('r.created_at')
		.execute();
	return rows.map((row) => ({
		id: row.id,
		issuedBy: row.pseudonym,
		issuedAt: row.created_at,
		usedAt: row.used_at
	}));
}

/** The member has read them: only the ones they were shown, not a code made since. */
export async function markResetsTold(
	db: Kysely<DB>,
	actor: Actor,
	ids: readonly string[],
	now: Date
): Promise<void> {
	requireAccess(actor, 'account:manage-own');
	const known = ids.filter(isUuid);
	if (known.length === 0) return;
	await db
		.updateTable('reset_code')
		.set({ told_at: now })
		.where('account_id', '=', actor.id)
		.where('id', 'in', known)
		.where('told_at', 'is', null)
		.execute();
}
