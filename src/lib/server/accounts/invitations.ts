import { sql, type Kysely, type Transaction } from 'kysely';
import type { Actor } from '../access/actor';
import { can } from '../access/policy';
import { notFound, requireAccess } from '../access/require';
import type { Clock } from '../clock';
import { isUuid } from '../db/ids';
import type { DB } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { repeatSafe } from '../forms/repeat-safe';
import { loadGroup } from '../groups';
import { countWrite } from '../limits/write-limits';
import { generateCode, hashCode, INVITATION_CODE_LENGTH } from './codes';

export const INVITATION_DEFAULT_DAYS = 14;

/**
 * A facilitator who is not staff mints site accounts with their circle's codes: a few uses each,
 * a few codes working at once, and coordinators see them all (listMembersCircleCodes).
 */
export const MEMBER_CODE_LIMITS = { maxUses: 5, open: 3 };

export class InvitationLimitError extends Error {
	constructor(
		readonly limit: 'uses' | 'open' | 'too_fast',
		/** For 'too_fast': how long until another code may be made. */
		readonly retryAfterS = 0
	) {
		super(`invitation limit: ${limit}`);
		this.name = 'InvitationLimitError';
	}
}
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
	const capped = !can(actor, 'invitation:create-many');
	if (capped && input.maxUses > MEMBER_CODE_LIMITS.maxUses) throw new InvitationLimitError('uses');
	const { result } = await inTransaction(db, (trx) =>
		repeatSafe(trx, { scope: 'invitation', key: input.formKey, now }, async () => {
			if (capped && (await openCodesOf(trx, actor.id, now)) >= MEMBER_CODE_LIMITS.open)
				throw new InvitationLimitError('open');
			// Staff making codes for a training day have the higher limits.
			const allowance = await countWrite(
				trx,
				{ accountId: actor.id, kind: 'invitation', elevated: !capped },
				now
			);
			if (!allowance.ok) throw new InvitationLimitError('too_fast', allowance.retryAfterS);
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

/** Codes of theirs that still let someone in; counted under a lock, so parallel forms queue. */
async function openCodesOf(trx: Transaction<DB>, issuerId: string, now: Date): Promise<number> {
	await sql`select pg_advisory_xact_lock(hashtext(${'invitations:' + issuerId}))`.execute(trx);
	const { count } = await trx
		.selectFrom('invitation')
		.select((eb) => eb.fn.countAll<string>().as('count'))
		.where('issued_by', '=', issuerId)
		.where('revoked_at', 'is', null)
		.where('expires_at', '>', now)
		.whereRef('use_count', '<', 'max_uses')
		.executeTakeFirstOrThrow();
	return Number(count);
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

/**
 * The circle codes that still work and were made by facilitators who are not staff, for
 * coordinators to watch: such a code makes site accounts too.
 */
export async function listMembersCircleCodes(db: Kysely<DB>, actor: Actor, now: Date) {
	requireAccess(actor, 'invitation:list');
	return db
		.selectFrom('invitation as i')
		.innerJoin('account as issuer', 'issuer.id', 'i.issued_by')
		.innerJoin('peer_group as g', 'g.id', 'i.group_id')
		.select([
			'i.id',
			'issuer.pseudonym as issuedBy',
			'g.name as circle',
			'i.use_count',
			'i.max_uses',
			'i.expires_at'
		])
		.where('issuer.role', '=', 'member')
		.where('i.revoked_at', 'is', null)
		.where('i.expires_at', '>', now)
		.whereRef('i.use_count', '<', 'i.max_uses')
		.orderBy('i.created_at', 'desc')
		.limit(200)
		.execute();
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

/**
 * A circle's latest 50 codes, newest first, for a reader that has checked 'group:moderate' and
 * reads them as part of a larger statement (the review page).
 */
export const groupInvitations = (db: Kysely<DB>, groupId: string) =>
	db
		.selectFrom('invitation')
		.select(['id', 'max_uses', 'use_count', 'expires_at', 'revoked_at'])
		.where('group_id', '=', groupId)
		.orderBy('created_at', 'desc')
		.limit(50);

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
