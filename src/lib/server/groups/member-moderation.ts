import type { Kysely, NotNull, Transaction } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Actor } from '../access/actor';
import { notFound, requireAccess } from '../access/require';
import { isUuid } from '../db/ids';
import type { DB } from '../db/schema';
import { inTransaction, type AfterCommit } from '../db/transaction';
import { isFormKeyExpired } from '../forms/form-key';
import { repeatSafe } from '../forms/repeat-safe';
import { closeGroupForAccount, muteChanged } from './group-events';
import { loadGroup, resolveGroup, type GroupRef } from './group-access';
import { recordModeration } from './moderation-log';
import { notifyMember } from './notices';

type MemberAction =
	| { kind: 'warn'; reason: string; formKey: string }
	| { kind: 'mute'; reason: string; minutes: number }
	| { kind: 'unmute'; reason: string }
	| { kind: 'remove'; reason: string }
	| { kind: 'readmit'; reason: string }
	| { kind: 'note'; body: string; formKey: string };

export type ModerateResult = { ok: true } | { ok: false; error: 'form_key_expired' };

async function memberOfGroup(
	trx: Transaction<DB>,
	groupId: string,
	memberId: unknown,
	status: 'active' | 'removed'
) {
	if (!isUuid(memberId)) notFound();
	const member = await trx
		.selectFrom('group_member')
		.select(['id', 'account_id', 'role', 'status'])
		.where('id', '=', memberId)
		.where('group_id', '=', groupId)
		.where('status', '=', status)
		// Only a former member (status 'erased') has no account.
		.$narrowType<{ account_id: NotNull }>()
		.forUpdate()
		.executeTakeFirst();
	if (!member) notFound();
	return member;
}

/**
 * A facilitator acts on a member: a warning (which the member reads), a mute for a time (they can
 * read, not post, and see why), a removal (their sockets leave the group at once), lifting a
 * removal (nothing else brings a removed member back), or a private note. Each is logged with its
 * reason. Facilitators act on members, not on each other: that is a coordinator's call. A note or
 * warning sent again (a double tap, a retry) is stored once.
 */
export async function moderateMember(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string,
	memberId: string,
	action: MemberAction,
	now: Date
): Promise<ModerateResult> {
	return inTransaction(db, async (trx, afterCommit: AfterCommit): Promise<ModerateResult> => {
		const { membership, resource } = await loadGroup(trx, actor, groupId, { lock: true });
		requireAccess(actor, 'group:moderate', resource);
		const member = await memberOfGroup(
			trx,
			groupId,
			memberId,
			action.kind === 'readmit' ? 'removed' : 'active'
		);
		const actorIsStaff = actor.role !== 'member';
		if (member.id === membership?.id || (member.role !== 'member' && !actorIsStaff)) notFound();

		switch (action.kind) {
			case 'note':
			case 'warn': {
				if (isFormKeyExpired(action.formKey, now)) return { ok: false, error: 'form_key_expired' };
				const use = { scope: `member-${action.kind}`, key: action.formKey, now };
				const { result } = await repeatSafe(trx, use, async (): Promise<ModerateResult> => {
					await trx
						.insertInto('member_note')
						.values({
							group_id: groupId,
							subject_id: member.id,
							author_id: actor.id,
							kind: action.kind === 'note' ? 'note' : 'warning',
							body: action.kind === 'note' ? action.body : action.reason
						})
						.execute();
					if (action.kind === 'note') return { ok: true };
					await notifyMember(trx, member.id, { kind: 'warning', reason: action.reason });
					await recordModeration(trx, {
						groupId,
						actorId: actor.id,
						action: 'warn',
						subjectId: member.id,
						reason: action.reason
					});
					return { ok: true };
				});
				return result;
			}
			case 'mute': {
				const until = new Date(now.getTime() + action.minutes * 60_000);
				await trx
					.updateTable('group_member')
					.set({ muted_until: until, mute_reason: action.reason })
					.where('id', '=', member.id)
					.execute();
				// The member reads the reason and the end from their membership while the mute lasts
				// (no notice besides: it would say the same twice), live on a page they have open.
				afterCommit(() => muteChanged(groupId, member.account_id));
				break;
			}
			case 'unmute':
				await trx
					.updateTable('group_member')
					.set({ muted_until: null, mute_reason: null })
					.where('id', '=', member.id)
					.execute();
				afterCommit(() => muteChanged(groupId, member.account_id));
				break;
			case 'remove':
				await trx
					.updateTable('group_member')
					.set({ status: 'removed', role: 'member', muted_until: null, mute_reason: null })
					.where('id', '=', member.id)
					.execute();
				afterCommit(() => closeGroupForAccount(groupId, member.account_id));
				break;
			case 'readmit':
				// As if they had left: a code or a request brings them back, as anyone who left.
				await trx
					.updateTable('group_member')
					.set({ status: 'left' })
					.where('id', '=', member.id)
					.execute();
				break;
		}
		await recordModeration(trx, {
			groupId,
			actorId: actor.id,
			action: action.kind,
			subjectId: member.id,
			reason: 'reason' in action ? action.reason : '',
			details: action.kind === 'mute' ? { minutes: action.minutes } : undefined
		});
		return { ok: true };
	});
}

/** The group's members for its facilitators: role, mute, and the notes and warnings about each. */
export async function listMembersForModeration(db: Kysely<DB>, actor: Actor, groupRef: GroupRef) {
	const { group, resource } = await resolveGroup(db, actor, groupRef);
	requireAccess(actor, 'group:moderate', resource);
	const members = await db
		.selectFrom('group_member')
		.select(['id', 'display_name', 'role', 'status', 'muted_until', 'mute_reason', 'joined_at'])
		// When a removed member last tried to come back with a code.
		.select((eb) =>
			eb
				.selectFrom('moderation_action')
				.select((inner) => inner.fn.max('moderation_action.created_at').as('at'))
				.whereRef('moderation_action.subject_id', '=', 'group_member.id')
				.where('moderation_action.action', '=', 'rejoin_refused')
				.as('lastRejoinAttempt')
		)
		// The notes about each come with them, newest first.
		.select((eb) =>
			jsonArrayFrom(
				eb
					.selectFrom('member_note')
					.leftJoin('account', 'account.id', 'member_note.author_id')
					.select([
						'member_note.subject_id',
						'member_note.kind',
						'member_note.body',
						'member_note.created_at',
						'account.pseudonym as author'
					])
					.where('member_note.group_id', '=', group.id)
					.whereRef('member_note.subject_id', '=', 'group_member.id')
					.orderBy('member_note.created_at', 'desc')
			).as('notes')
		)
		.where('group_id', '=', group.id)
		.where('status', 'in', ['active', 'requested', 'removed'])
		// Only a former member (status 'erased') has no name.
		.$narrowType<{ display_name: NotNull }>()
		.orderBy('display_name')
		.execute();
	return members.map((member) => ({
		...member,
		// JSON carries the time as text.
		notes: member.notes.map((note) => ({ ...note, created_at: new Date(note.created_at) }))
	}));
}
