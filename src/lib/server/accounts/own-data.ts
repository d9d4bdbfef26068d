import type { Kysely } from 'kysely';
import type { Actor } from '../access/actor';
import { requireAccess } from '../access/require';
import type { DB } from '../db/schema';

/**
 * Everything the platform holds about the member, as they may download it: their rows, never
 * someone else's, and never a secret (hashes of passphrases, codes or session tokens).
 */
export async function exportOwnData(db: Kysely<DB>, actor: Actor) {
	requireAccess(actor, 'account:manage-own');
	const id = actor.id;
	const [account, sessions, recoveryCodes, invitations, joinedWith, audit, circles, messages] =
		await Promise.all([
			db
				.selectFrom('account')
				.select(['pseudonym', 'role', 'locale', 'quick_exit_signs_out', 'created_at'])
				.where('id', '=', id)
				.executeTakeFirstOrThrow(),
			db
				.selectFrom('session')
				.select(['mode', 'created_at', 'expires_at'])
				.where('account_id', '=', id)
				.orderBy('created_at')
				.execute(),
			db
				.selectFrom('recovery_code')
				.select(['created_at', 'used_at'])
				.where('account_id', '=', id)
				.orderBy('created_at')
				.execute(),
			db
				.selectFrom('invitation')
				.select(['label', 'max_uses', 'use_count', 'expires_at', 'revoked_at', 'created_at'])
				.where('issued_by', '=', id)
				.orderBy('created_at')
				.execute(),
			db.selectFrom('invitation_use').select(['used_at']).where('account_id', '=', id).execute(),
			db
				.selectFrom('audit_event')
				.select(['action', 'details', 'created_at'])
				.where((eb) => eb.or([eb('actor_id', '=', id), eb('subject_id', '=', id)]))
				.orderBy('created_at')
				.execute(),
			// Their places in circles and their own words there; never what others wrote.
			db
				.selectFrom('group_member')
				.innerJoin('peer_group', 'peer_group.id', 'group_member.group_id')
				.select([
					'peer_group.name as circle',
					'group_member.display_name',
					'group_member.role',
					'group_member.status',
					'group_member.joined_at'
				])
				.where('group_member.account_id', '=', id)
				.execute(),
			db
				.selectFrom('group_message')
				.innerJoin('group_member', 'group_member.id', 'group_message.author_id')
				.innerJoin('peer_group', 'peer_group.id', 'group_message.group_id')
				.select([
					'peer_group.name as circle',
					'group_message.seq',
					'group_message.body',
					'group_message.status',
					'group_message.created_at'
				])
				.where('group_member.account_id', '=', id)
				.where('group_message.status', '!=', 'deleted')
				.orderBy('group_message.created_at')
				.execute()
		]);
	return {
		exportedAt: new Date().toISOString(),
		account,
		sessions,
		recoveryCodes: {
			total: recoveryCodes.length,
			unused: recoveryCodes.filter((code) => code.used_at === null).length,
			createdAt: recoveryCodes[0]?.created_at ?? null
		},
		invitationsIssued: invitations,
		joinedWithInvitationAt: joinedWith.map((use) => use.used_at),
		accountEvents: audit,
		circles,
		messages
	};
}
