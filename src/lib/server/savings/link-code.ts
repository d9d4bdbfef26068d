import type { Kysely } from 'kysely';
import {
	attemptSucceeded,
	beginAttempt,
	generateCode,
	hashCode,
	INVITATION_CODE_LENGTH
} from '../accounts';
import type { Actor } from '../access/actor';
import { notFound, requireAccess } from '../access/require';
import { isUuid } from '../db/ids';
import type { DB } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { loadSavingsGroup } from './savings-group-access';

/** Long enough to be read out at the next meeting or over the phone. */
export const LINK_CODE_DAYS = 14;

/**
 * A one-time code for someone the officers added without an account: with it, they link their own
 * account to their place in the group, and read their passbook on their phone. Shown once; only
 * its hash is kept; a new code replaces the last.
 */
export async function issueLinkCode(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string,
	memberId: string,
	now: Date
): Promise<{ ok: true; code: string; expiresAt: Date } | { ok: false; problem: 'not_linkable' }> {
	return inTransaction(db, async (trx) => {
		const { resource } = await loadSavingsGroup(trx, actor, groupId, { lock: true });
		requireAccess(actor, 'savings:manage', resource);
		if (!isUuid(memberId)) notFound();
		const member = await trx
			.selectFrom('savings_member')
			.select(['account_id', 'status', 'erased_at'])
			.where('id', '=', memberId)
			.where('group_id', '=', groupId)
			.executeTakeFirst();
		if (!member) notFound();
		if (member.account_id !== null || member.status !== 'active' || member.erased_at !== null)
			return { ok: false, problem: 'not_linkable' };
		const code = generateCode(INVITATION_CODE_LENGTH);
		const expiresAt = new Date(now.getTime() + LINK_CODE_DAYS * 24 * 60 * 60_000);
		const row = { code_hash: hashCode(code), expires_at: expiresAt };
		await trx
			.insertInto('savings_link_code')
			.values({ member_id: memberId, ...row })
			.onConflict((conflict) => conflict.column('member_id').doUpdateSet(row))
			.execute();
		return { ok: true, code, expiresAt };
	});
}

/**
 * A signed-in member types the code they were given: their account takes that place in the
 * group. Wrong codes count against the address, as every code does.
 */
export async function linkWithCode(
	db: Kysely<DB>,
	actor: Actor,
	input: { code: string; address: string },
	now: Date
): Promise<
	| { ok: true; groupId: string }
	| { ok: false; problem: 'unknown' | 'already_member' }
	| { ok: false; problem: 'throttled'; retryAfterS: number }
> {
	if (actor.kind !== 'account') notFound();
	const attempt = await beginAttempt(db, { kind: 'code', address: input.address }, now);
	if (!attempt.allowed)
		return { ok: false, problem: 'throttled', retryAfterS: attempt.retryAfterS };
	const result = await inTransaction(db, async (trx) => {
		const link = await trx
			.selectFrom('savings_link_code as l')
			.innerJoin('savings_member as m', 'm.id', 'l.member_id')
			.select(['l.member_id', 'm.group_id', 'm.account_id', 'l.expires_at'])
			.where('l.code_hash', '=', hashCode(input.code))
			.forUpdate()
			.executeTakeFirst();
		if (!link || link.expires_at <= now || link.account_id !== null)
			return { ok: false, problem: 'unknown' } as const;
		const already = await trx
			.selectFrom('savings_member')
			.select('id')
			.where('group_id', '=', link.group_id)
			.where('account_id', '=', actor.id)
			.executeTakeFirst();
		if (already) return { ok: false, problem: 'already_member' } as const;
		await trx
			.updateTable('savings_member')
			.set({ account_id: actor.id })
			.where('id', '=', link.member_id)
			.execute();
		await trx.deleteFrom('savings_link_code').where('member_id', '=', link.member_id).execute();
		return { ok: true, groupId: link.group_id } as const;
	});
	if (result.ok || result.problem !== 'unknown') await attemptSucceeded(db, attempt);
	return result;
}
