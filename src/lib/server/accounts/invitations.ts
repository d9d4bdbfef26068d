import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '../access/actor';
import { notFound, requireAccess } from '../access/require';
import type { Clock } from '../clock';
import { isUuid } from '../db/ids';
import type { DB } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { repeatSafe } from '../forms/repeat-safe';
import { loadGroup, resolveGroup, type GroupRef } from '../groups';
import { generateCode, hashCode, INVITATION_CODE_LENGTH } from './codes';

export const INVITATION_DEFAULT_DAYS = 14;
const DAY_MS = 24 * 60 * 60_000;

export interface NewInvitation {
	/** The key the form was rendered with: the same form sent again is one code. */
	formKey: string;
	/** 1 for a single person; up to 100 for a workshop. */
	maxUses: number;
	expiresInDays: number;
	/** A note for the issuer only, such as where the code was given out. */
	label?: string;
	/** The group the holder is invited into. */
	groupId?: string;
}

/**
 * Issues a code and returns it: shown once to the issuer, who reads it out or writes it down. The
 * same form sent again issues no second code and gets the first one back: it is kept sealed with
 * the form's key, so only the phone that sent the form can read it again. Throws
 * FormKeyExpiredError for a key past its lifetime.
 */
export async function createInvitation(
	db: Kysely<DB>,
	actor: Actor,
	input: NewInvitation,
	clock: Clock
): Promise<{ id: string; code: string }> {
	const group = input.groupId ? (await loadGroup(db, actor, input.groupId)).resource : null;
	requireAccess(actor, 'invitation:create', { group });
	const now = clock();
	const { result } = await inTransaction(db, (trx) =>
		repeatSafe(trx, { scope: 'invitation', key: input.formKey, now }, async () => {
			const code = generateCode(INVITATION_CODE_LENGTH);
			const row = await trx
				.insertInto('invitation')
				.values({
					code_hash: hashCode(code),
					label: input.label?.trim() || null,
					issued_by: actor.id,
					max_uses: input.maxUses,
					group_id: input.groupId ?? null,
					expires_at: new Date(now.getTime() + input.expiresInDays * DAY_MS)
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			return { id: row.id, code };
		})
	);
	return result;
}

/** The issuer's codes, newest first, with who joined through each (pseudonyms) and when. */
export async function listOwnInvitations(db: Kysely<DB>, actor: Actor) {
	requireAccess(actor, 'invitation:list');
	const invitations = await db
		.selectFrom('invitation')
		.select([
			'id',
			'label',
			'max_uses',
			'use_count',
			'group_id',
			'expires_at',
			'revoked_at',
			'created_at'
		])
		.where('issued_by', '=', actor.id)
		.orderBy('created_at', 'desc')
		.limit(200)
		.execute();
	const uses = invitations.length
		? await db
				.selectFrom('invitation_use')
				.leftJoin('account', 'account.id', 'invitation_use.account_id')
				.select(['invitation_use.invitation_id', 'invitation_use.used_at', 'account.pseudonym'])
				.where(
					'invitation_use.invitation_id',
					'in',
					invitations.map((invitation) => invitation.id)
				)
				.orderBy('invitation_use.used_at')
				.execute()
		: [];
	return invitations.map((invitation) => ({
		...invitation,
		uses: uses
			.filter((use) => use.invitation_id === invitation.id)
			.map((use) => ({ pseudonym: use.pseudonym, usedAt: use.used_at }))
	}));
}

/** Stops a code from working; its past uses stay listed. */
export async function revokeInvitation(
	db: Kysely<DB>,
	actor: Actor,
	invitationId: string,
	clock: Clock
): Promise<void> {
	if (!isUuid(invitationId)) notFound();
	const invitation = await db
		.selectFrom('invitation')
		.select(['id', 'issued_by', 'group_id'])
		.where('id', '=', invitationId)
		.executeTakeFirst();
	if (!invitation) notFound();
	const group = invitation.group_id
		? (await loadGroup(db, actor, invitation.group_id)).resource
		: null;
	requireAccess(actor, 'invitation:revoke', { issuedBy: invitation.issued_by, group });
	await db
		.updateTable('invitation')
		.set({ revoked_at: clock() })
		.where('id', '=', invitationId)
		.where('revoked_at', 'is', null)
		.execute();
}

/** The codes that invite into a group, newest first, for its facilitators: uses, expiry, state. */
export async function listGroupInvitations(db: Kysely<DB>, actor: Actor, groupRef: GroupRef) {
	const { group, resource } = await resolveGroup(db, actor, groupRef);
	requireAccess(actor, 'group:moderate', resource);
	return db
		.selectFrom('invitation')
		.select(['id', 'max_uses', 'use_count', 'expires_at', 'revoked_at'])
		.where('group_id', '=', group.id)
		.orderBy('created_at', 'desc')
		.limit(50)
		.execute();
}

/**
 * The invitation behind a code, locked until the transaction ends, so that parallel uses of its
 * last place queue here and only one of them gets it.
 */
export function lockInvitationByCode(trx: Transaction<DB>, code: string) {
	return trx
		.selectFrom('invitation')
		.select(['id', 'group_id', 'max_uses', 'use_count', 'expires_at', 'revoked_at'])
		.where('code_hash', '=', hashCode(code))
		.forUpdate()
		.executeTakeFirst();
}

/** Counts one use of a locked invitation, and who it let in. */
export async function recordInvitationUse(
	trx: Transaction<DB>,
	invitationId: string,
	accountId: string
): Promise<void> {
	await trx
		.updateTable('invitation')
		.set((eb) => ({ use_count: eb('use_count', '+', 1) }))
		.where('id', '=', invitationId)
		.execute();
	await trx
		.insertInto('invitation_use')
		.values({ invitation_id: invitationId, account_id: accountId })
		.execute();
}
