import type { Kysely } from 'kysely';
import type { Actor } from '../access/actor';
import { notFound, requireAccess } from '../access/require';
import { recordAudit } from '../audit';
import { isUuid } from '../db/ids';
import type { DB, SiteRole } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { disconnectAccount } from '../realtime/disconnect';

export const SITE_ROLES: readonly SiteRole[] = ['member', 'coordinator', 'admin'];

/** Accounts for the admin page, newest first: pseudonym and role, nothing more. */
export async function listAccounts(db: Kysely<DB>, actor: Actor) {
	requireAccess(actor, 'account:list');
	return db
		.selectFrom('account')
		.select(['id', 'pseudonym', 'role', 'created_at'])
		.orderBy('created_at', 'desc')
		.limit(500)
		.execute();
}

/**
 * Changes a site role, logs who did it, and closes the account's live connections so that they
 * come back with the new role. Only admins demote admins and nobody changes their own role, so
 * there is always an admin left.
 */
export async function setRole(
	db: Kysely<DB>,
	actor: Actor,
	accountId: string,
	newRole: SiteRole
): Promise<void> {
	if (!isUuid(accountId)) notFound();
	return inTransaction(db, async (trx, afterCommit) => {
		const target = await trx
			.selectFrom('account')
			.select(['id', 'role'])
			.where('id', '=', accountId)
			.forUpdate()
			.executeTakeFirst();
		if (!target) notFound();
		requireAccess(actor, 'account:set-role', { id: target.id });
		if (target.role === newRole) return;
		await trx.updateTable('account').set({ role: newRole }).where('id', '=', accountId).execute();
		await recordAudit(trx, {
			actorId: actor.id,
			subjectId: accountId,
			action: 'role.changed',
			details: { from: target.role, to: newRole }
		});
		afterCommit(() => disconnectAccount(accountId));
	});
}

/** The latest staff actions on accounts, with pseudonyms (or none, for a deleted account). */
export async function listAuditEvents(db: Kysely<DB>, actor: Actor) {
	requireAccess(actor, 'account:list');
	return db
		.selectFrom('audit_event')
		.leftJoin('account as actor', 'actor.id', 'audit_event.actor_id')
		.leftJoin('account as subject', 'subject.id', 'audit_event.subject_id')
		.select([
			'audit_event.id',
			'audit_event.action',
			'audit_event.details',
			'audit_event.created_at',
			'actor.pseudonym as actor_pseudonym',
			'subject.pseudonym as subject_pseudonym'
		])
		.orderBy('audit_event.created_at', 'desc')
		.limit(100)
		.execute();
}
