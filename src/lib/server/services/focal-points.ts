import type { Kysely } from 'kysely';
import { pseudonymKey } from '$lib/accounts/pseudonym-rules';
import type { Actor } from '../access/actor';
import { requireAccess } from '../access/require';
import { isUuid } from '../db/ids';
import type { DB } from '../db/schema';

/*
 * Focal points: the coordinators an admin names to handle complaints of abuse or exploitation by a
 * service's staff. Only they open such a complaint; other coordinators see it only as a number.
 */

/** Whether the account is named as a focal point for sensitive complaints. */
export async function isFocalPoint(db: Kysely<DB>, accountId: string): Promise<boolean> {
	const row = await db
		.selectFrom('complaint_focal_point')
		.select('account_id')
		.where('account_id', '=', accountId)
		.executeTakeFirst();
	return Boolean(row);
}

export interface FocalPoint {
	accountId: string;
	/** The sign-in nickname: admins name focal points by it; members never see it. */
	nickname: string;
}

/** The focal points, for the admin who names them. */
export async function listFocalPoints(db: Kysely<DB>, actor: Actor): Promise<FocalPoint[]> {
	requireAccess(actor, 'complaint:name-focal-points');
	return db
		.selectFrom('complaint_focal_point as f')
		.innerJoin('account as a', 'a.id', 'f.account_id')
		.select(['a.id as accountId', 'a.pseudonym as nickname'])
		.orderBy('a.pseudonym_key')
		.execute();
}

/**
 * Names a coordinator (or admin) a focal point, by sign-in nickname. A member cannot be one: they
 * would not be allowed to handle complaints at all. Naming one again changes nothing.
 */
export async function nameFocalPoint(
	db: Kysely<DB>,
	actor: Actor,
	input: { nickname: string },
	now: Date
): Promise<{ ok: true; accountId: string } | { ok: false; problem: 'unknown' | 'not_staff' }> {
	requireAccess(actor, 'complaint:name-focal-points');
	const account = await db
		.selectFrom('account')
		.select(['id', 'role'])
		.where('pseudonym_key', '=', pseudonymKey(String(input?.nickname ?? '').trim()))
		.executeTakeFirst();
	if (!account) return { ok: false, problem: 'unknown' };
	if (account.role === 'member') return { ok: false, problem: 'not_staff' };
	await db
		.insertInto('complaint_focal_point')
		.values({ account_id: account.id, created_at: now })
		.onConflict((conflict) => conflict.column('account_id').doNothing())
		.execute();
	return { ok: true, accountId: account.id };
}

/** Takes a focal point off the list; one already off it is not an error (a second tap). */
export async function removeFocalPoint(
	db: Kysely<DB>,
	actor: Actor,
	accountId: unknown
): Promise<void> {
	requireAccess(actor, 'complaint:name-focal-points');
	if (!isUuid(accountId)) return;
	await db.deleteFrom('complaint_focal_point').where('account_id', '=', accountId).execute();
}
