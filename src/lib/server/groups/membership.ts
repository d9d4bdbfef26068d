import type { Kysely, NotNull, Transaction } from 'kysely';
import type { PseudonymProblem } from '$lib/accounts/pseudonym-rules';
import { pseudonymKey } from '$lib/accounts/pseudonym-rules';
import type { Actor } from '../access/actor';
import { notFound, requireAccess } from '../access/require';
import {
	attemptSucceeded,
	beginAttempt,
	lockInvitationByCode,
	recordInvitationUse
} from '../accounts';
import { isUniqueViolation } from '../db/errors';
import { isUuid } from '../db/ids';
import type { DB, GroupRole } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { displayName } from './display-name';
import { countActiveMembers } from './groups';
import { closeGroupForAccount, dropModeratorRoom, reviewChanged } from './group-events';
import { loadGroup } from './group-access';
import { inviteToGroup } from './invite';
import { lookalikeKey, spellsRole } from './lookalike-names';
import { recordModeration } from './moderation-log';

export type JoinProblem =
	| { field: 'displayName'; problem: NameClash | PseudonymProblem }
	| { field: 'agree'; problem: 'required' }
	| { field: 'form'; problem: 'full' };

export type JoinResult = { ok: true } | ({ ok: false } & JoinProblem);

interface JoinInput {
	displayName: string;
	agree: boolean;
}

function checkJoinInput(input: JoinInput): JoinProblem | null {
	const name = displayName(input.displayName);
	if (name.problem) return { field: 'displayName', problem: name.problem };
	if (!input.agree) return { field: 'agree', problem: 'required' };
	return null;
}

/** Why a name cannot be used in a group, beyond the pseudonym rules. */
type NameClash = 'taken' | 'confusable' | 'role';

/**
 * Whether someone else in the group (asking to join, or in) already goes by this name, or by one
 * that looks the same (UTS #39 skeleton: "facb" beside "fаcb" with a Cyrillic "а"), or whether the
 * name spells a role, so that nobody can pass for the facilitator. Asked under the group's row
 * lock, so that two look-alike names chosen at once cannot both get in, and a taken name is
 * answered here and never reaches the unique index, whose refusal would write the name into
 * PostgreSQL's own log. A group is small: its names are compared here, not in SQL.
 */
async function nameClash(
	trx: Transaction<DB>,
	groupId: string,
	name: { name: string; key: string },
	accountId: string | null
): Promise<NameClash | null> {
	const others = await trx
		.selectFrom('group_member')
		.select(['display_name', 'display_name_key'])
		.where('group_id', '=', groupId)
		.where('status', 'in', ['requested', 'active'])
		.where('account_id', 'is distinct from', accountId)
		.execute();
	if (others.some((other) => other.display_name_key === name.key)) return 'taken';
	const lookalike = lookalikeKey(name.name);
	if (others.some((other) => other.display_name && lookalikeKey(other.display_name) === lookalike))
		return 'confusable';
	return spellsRole(name.name) ? 'role' : null;
}

/** Runs a write that may hit the one-name-per-group index; that becomes a field problem. */
async function uniqueName(write: () => Promise<JoinResult>): Promise<JoinResult> {
	try {
		return await write();
	} catch (error) {
		if (isUniqueViolation(error)) return { ok: false, field: 'displayName', problem: 'taken' };
		throw error;
	}
}

/** An invited member accepts the agreement under a name of their choosing, and is in. */
export async function acceptInvitation(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string,
	input: JoinInput,
	now: Date
): Promise<JoinResult> {
	const problem = checkJoinInput(input);
	return uniqueName(() =>
		inTransaction(db, async (trx) => {
			const { membership } = await loadGroup(trx, actor, groupId, { lock: true });
			if (membership?.status !== 'invited') notFound();
			if (problem) return { ok: false, ...problem };
			const { group } = await loadGroup(trx, actor, groupId);
			if ((await countActiveMembers(trx, groupId)) >= group.size_cap) {
				return { ok: false, field: 'form', problem: 'full' };
			}
			const name = displayName(input.displayName);
			const clash = await nameClash(trx, groupId, name, membership.account_id);
			if (clash) return { ok: false, field: 'displayName', problem: clash };
			await trx
				.updateTable('group_member')
				.set({
					status: 'active',
					display_name: name.name,
					display_name_key: name.key,
					agreement_accepted_at: now,
					joined_at: now
				})
				.where('id', '=', membership.id)
				.execute();
			return { ok: true };
		})
	);
}

/** Asks to join a group that takes requests; the agreement is accepted with the request. */
export async function requestToJoin(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string,
	input: JoinInput,
	now: Date
): Promise<JoinResult> {
	const problem = checkJoinInput(input);
	return uniqueName(() =>
		inTransaction(db, async (trx, afterCommit) => {
			const { resource } = await loadGroup(trx, actor, groupId, { lock: true });
			requireAccess(actor, 'group:request-join', resource);
			if (problem) return { ok: false, ...problem };
			const name = displayName(input.displayName);
			const clash = await nameClash(trx, groupId, name, actor.id);
			if (clash) return { ok: false, field: 'displayName', problem: clash };
			const values = {
				status: 'requested' as const,
				display_name: name.name,
				display_name_key: name.key,
				agreement_accepted_at: now
			};
			await trx
				.insertInto('group_member')
				.values({ group_id: groupId, account_id: actor.id, ...values })
				.onConflict((oc) => oc.columns(['group_id', 'account_id']).doUpdateSet(values))
				.execute();
			afterCommit(() => reviewChanged(groupId));
			return { ok: true };
		})
	);
}

/** A facilitator admits or declines a request to join. */
export async function decideJoinRequest(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string,
	memberId: string,
	admit: boolean,
	now: Date
): Promise<{ ok: true } | { ok: false; problem: 'full' }> {
	return inTransaction(db, async (trx, afterCommit) => {
		const { group, resource } = await loadGroup(trx, actor, groupId, { lock: true });
		requireAccess(actor, 'group:moderate', resource);
		if (!isUuid(memberId)) notFound();
		const request = await trx
			.selectFrom('group_member')
			.select('id')
			.where('id', '=', memberId)
			.where('group_id', '=', groupId)
			.where('status', '=', 'requested')
			.executeTakeFirst();
		if (!request) notFound();
		if (admit && (await countActiveMembers(trx, groupId)) >= group.size_cap) {
			return { ok: false, problem: 'full' };
		}
		if (admit) {
			await trx
				.updateTable('group_member')
				.set({ status: 'active', joined_at: now })
				.where('id', '=', memberId)
				.execute();
		} else {
			// A declined request leaves no trace but the log: they may ask again later.
			await trx
				.updateTable('group_member')
				.set({ status: 'left' })
				.where('id', '=', memberId)
				.execute();
		}
		await recordModeration(trx, {
			groupId,
			actorId: actor.id,
			action: admit ? 'admit' : 'decline',
			subjectId: memberId
		});
		// Another facilitator's open review page drops the request.
		afterCommit(() => reviewChanged(groupId));
		return { ok: true };
	});
}

/** A member leaves at once; their messages stay under their group name. */
export async function leaveGroup(db: Kysely<DB>, actor: Actor, groupId: string): Promise<void> {
	await inTransaction(db, async (trx, afterCommit) => {
		const { membership, resource } = await loadGroup(trx, actor, groupId, { lock: true });
		requireAccess(actor, 'group:leave', resource);
		await trx
			.updateTable('group_member')
			.set({ status: 'left', role: 'member' })
			.where('id', '=', membership!.id)
			.execute();
		afterCommit(() => closeGroupForAccount(groupId, actor.id));
	});
}

/** A member changes the name the group knows them by. */
export async function renameInGroup(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string,
	input: { displayName: string }
): Promise<JoinResult> {
	const name = displayName(input.displayName);
	return uniqueName(() =>
		inTransaction(db, async (trx) => {
			const { membership, resource } = await loadGroup(trx, actor, groupId, { lock: true });
			requireAccess(actor, 'group:take-part', resource);
			if (name.problem) return { ok: false, field: 'displayName', problem: name.problem };
			const clash = await nameClash(trx, groupId, name, actor.id);
			if (clash) return { ok: false, field: 'displayName', problem: clash };
			await trx
				.updateTable('group_member')
				.set({ display_name: name.name, display_name_key: name.key })
				.where('id', '=', membership!.id)
				.execute();
			return { ok: true };
		})
	);
}

/**
 * Coordinators appoint facilitators by pseudonym; an appointed facilitator who is not in the
 * group yet joins it at once.
 */
export async function appointFacilitator(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string,
	input: { pseudonym: string },
	now: Date
): Promise<{ ok: true } | { ok: false; problem: 'unknown' | 'taken' }> {
	try {
		return await inTransaction(db, async (trx) => {
			const { resource } = await loadGroup(trx, actor, groupId, { lock: true });
			requireAccess(actor, 'group:manage', resource);
			const account = await trx
				.selectFrom('account')
				.select(['id', 'pseudonym'])
				.where('pseudonym_key', '=', pseudonymKey(input.pseudonym))
				.executeTakeFirst();
			if (!account) return { ok: false, problem: 'unknown' };
			const name = displayName(account.pseudonym);
			// Staff may spell their role; a name like someone else's is as taken as the same one.
			const clash = await nameClash(trx, groupId, name, account.id);
			if (clash && clash !== 'role') return { ok: false, problem: 'taken' };
			const values = {
				role: 'facilitator' as const,
				status: 'active' as const,
				display_name: name.name,
				display_name_key: name.key,
				agreement_accepted_at: now,
				joined_at: now
			};
			const existing = await trx
				.selectFrom('group_member')
				.select(['id', 'status'])
				.where('group_id', '=', groupId)
				.where('account_id', '=', account.id)
				.executeTakeFirst();
			let memberId = existing?.id;
			if (existing?.status === 'active') {
				await trx
					.updateTable('group_member')
					.set({ role: 'facilitator' })
					.where('id', '=', existing.id)
					.execute();
			} else if (existing) {
				await trx.updateTable('group_member').set(values).where('id', '=', existing.id).execute();
			} else {
				memberId = (
					await trx
						.insertInto('group_member')
						.values({ group_id: groupId, account_id: account.id, ...values })
						.returning('id')
						.executeTakeFirstOrThrow()
				).id;
			}
			await recordModeration(trx, {
				groupId,
				actorId: actor.id,
				action: 'role',
				subjectId: memberId,
				details: { role: 'facilitator' }
			});
			return { ok: true };
		});
	} catch (error) {
		if (isUniqueViolation(error)) return { ok: false, problem: 'taken' };
		throw error;
	}
}

/** Makes an active member a co-facilitator (the path to peer leadership), or a member again. */
export async function setGroupRole(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string,
	memberId: string,
	role: GroupRole
): Promise<void> {
	await inTransaction(db, async (trx, afterCommit) => {
		const { resource } = await loadGroup(trx, actor, groupId, { lock: true });
		requireAccess(actor, 'group:manage', resource);
		if (!isUuid(memberId)) notFound();
		const updated = await trx
			.updateTable('group_member')
			.set({ role })
			.where('id', '=', memberId)
			.where('group_id', '=', groupId)
			.where('status', '=', 'active')
			.returning('account_id')
			// Only a former member (status 'erased') has no account.
			.$narrowType<{ account_id: NotNull }>()
			.executeTakeFirst();
		if (!updated) notFound();
		if (role === 'member') afterCommit(() => dropModeratorRoom(groupId, updated.account_id));
		await recordModeration(trx, {
			groupId,
			actorId: actor.id,
			action: 'role',
			subjectId: memberId,
			details: { role }
		});
	});
}

/**
 * A signed-in member uses a group-bound code: they are invited, and accept the agreement next.
 * Wrong codes count against the address, as at sign-up.
 */
export async function joinWithCode(
	db: Kysely<DB>,
	actor: Actor,
	input: { code: string; address: string },
	now: Date
): Promise<
	| { ok: true; groupId: string }
	| { ok: false; problem: 'unknown' | 'expired' | 'used_up' | 'removed' }
	| { ok: false; problem: 'throttled'; retryAfterS: number }
> {
	if (actor.kind !== 'account') notFound();
	const attempt = await beginAttempt(db, { kind: 'code', address: input.address }, now);
	if (!attempt.allowed)
		return { ok: false, problem: 'throttled', retryAfterS: attempt.retryAfterS };
	const result = await inTransaction(db, async (trx, afterCommit) => {
		const invitation = await lockInvitationByCode(trx, input.code.trim());
		if (!invitation?.group_id) return { ok: false as const, problem: 'unknown' as const };
		if (invitation.revoked_at || invitation.expires_at <= now)
			return { ok: false as const, problem: 'expired' as const };
		const groupId = invitation.group_id;
		const current = await trx
			.selectFrom('group_member')
			.select(['id', 'status'])
			.where('group_id', '=', groupId)
			.where('account_id', '=', actor.id)
			.executeTakeFirst();
		// Already in (or invited): the code is not spent again.
		if (current?.status === 'active' || current?.status === 'invited')
			return { ok: true as const, groupId };
		// A removal is not undone by a code: only a facilitator lifts it. They see the attempt (the
		// circle name it was under, never the login nickname).
		if (current?.status === 'removed') {
			await recordModeration(trx, {
				groupId,
				actorId: null,
				action: 'rejoin_refused',
				subjectId: current.id
			});
			afterCommit(() => reviewChanged(groupId));
			return { ok: false as const, problem: 'removed' as const };
		}
		if (invitation.use_count >= invitation.max_uses)
			return { ok: false as const, problem: 'used_up' as const };
		await recordInvitationUse(trx, invitation.id, actor.id);
		await inviteToGroup(trx, groupId, actor);
		return { ok: true as const, groupId };
	});
	// A wrong code counts against the address; so does a removed member's try, which would
	// otherwise fill the circle's log without end.
	if (result.ok || (result.problem !== 'unknown' && result.problem !== 'removed'))
		await attemptSucceeded(db, attempt);
	return result;
}
