import type { Kysely } from 'kysely';
import type { Locale } from '$lib/paraglide/runtime';
import type { Actor } from '../access/actor';
import { requireAccess } from '../access/require';
import type { DB, JoinRule } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { repeatSafe } from '../forms/repeat-safe';
import { loadGroup } from './group-access';
import { recordModeration } from './moderation-log';

export interface GroupSettings {
	name: string;
	description: string;
	language: Locale;
	sizeCap: number;
	joinRule: JoinRule;
	agreement: string;
	holdFirstPosts: number;
}

/** A group's settings as its row holds them, the texts trimmed. */
const settingsColumns = (settings: GroupSettings) => ({
	name: settings.name.trim(),
	description: settings.description.trim(),
	language: settings.language,
	size_cap: settings.sizeCap,
	join_rule: settings.joinRule,
	agreement: settings.agreement.trim(),
	hold_first_posts: settings.holdFirstPosts
});

/**
 * A coordinator opens a group; facilitators are appointed next. The same form sent again (its
 * `formKey`) opens no second group and gets the first one's id. Throws FormKeyExpiredError for a
 * key past its lifetime.
 */
export async function createGroup(
	db: Kysely<DB>,
	actor: Actor,
	settings: GroupSettings & { formKey: string },
	now: Date
): Promise<{ id: string }> {
	requireAccess(actor, 'group:create');
	const { result } = await inTransaction(db, (trx) =>
		repeatSafe(trx, { scope: 'group', key: settings.formKey, now }, () =>
			trx
				.insertInto('peer_group')
				.values({ ...settingsColumns(settings), created_by: actor.id })
				.returning('id')
				.executeTakeFirstOrThrow()
		)
	);
	return result;
}

export async function updateGroup(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string,
	settings: GroupSettings
): Promise<void> {
	const { resource } = await loadGroup(db, actor, groupId);
	requireAccess(actor, 'group:manage', resource);
	await db
		.updateTable('peer_group')
		.set(settingsColumns(settings))
		.where('id', '=', groupId)
		.execute();
}

/** Slow mode (seconds between one member's messages, 0 for off) and pause: facilitators' tools. */
export async function setGroupPace(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string,
	pace: { slowModeSeconds: number; paused: boolean; reason: string },
	now: Date
): Promise<void> {
	await inTransaction(db, async (trx) => {
		const { group, resource } = await loadGroup(trx, actor, groupId, { lock: true });
		requireAccess(actor, 'group:moderate', resource);
		if (group.slow_mode_seconds !== pace.slowModeSeconds) {
			await recordModeration(trx, {
				groupId,
				actorId: actor.id,
				action: 'slow_mode',
				reason: pace.reason,
				details: { seconds: pace.slowModeSeconds }
			});
		}
		if ((group.paused_at !== null) !== pace.paused) {
			await recordModeration(trx, {
				groupId,
				actorId: actor.id,
				action: pace.paused ? 'pause' : 'resume',
				reason: pace.reason
			});
		}
		await trx
			.updateTable('peer_group')
			.set({
				slow_mode_seconds: pace.slowModeSeconds,
				paused_at: pace.paused ? (group.paused_at ?? now) : null
			})
			.where('id', '=', groupId)
			.execute();
	});
}

/** The groups an account belongs to or is invited to, with the number of members. */
export async function listOwnGroups(db: Kysely<DB>, actor: Actor) {
	if (actor.kind !== 'account') return [];
	return db
		.selectFrom('group_member')
		.innerJoin('peer_group', 'peer_group.id', 'group_member.group_id')
		.select([
			'peer_group.id',
			'peer_group.name',
			'peer_group.description',
			'group_member.status',
			'group_member.role'
		])
		.where('group_member.account_id', '=', actor.id)
		.where('group_member.status', 'in', ['invited', 'requested', 'active'])
		.orderBy('peer_group.name')
		.execute();
}

/** Groups that take requests and that the account is not in: what a member may ask to join. */
export async function listOpenGroups(db: Kysely<DB>, actor: Actor) {
	if (actor.kind !== 'account') return [];
	return db
		.selectFrom('peer_group')
		.select(['id', 'name', 'description', 'language'])
		.where('join_rule', '=', 'request')
		.where(({ not, exists, selectFrom }) =>
			not(
				exists(
					selectFrom('group_member')
						.select('group_member.id')
						.whereRef('group_member.group_id', '=', 'peer_group.id')
						.where('group_member.account_id', '=', actor.id)
						.where('group_member.status', 'not in', ['left'])
				)
			)
		)
		.orderBy('name')
		.limit(100)
		.execute();
}

/** Every group, for coordinators: name, members, facilitators, waiting flags and requests. */
export async function listAllGroups(db: Kysely<DB>, actor: Actor) {
	requireAccess(actor, 'group:list-all');
	return db
		.selectFrom('peer_group')
		.select((eb) => [
			'peer_group.id',
			'peer_group.name',
			'peer_group.language',
			'peer_group.size_cap',
			eb
				.selectFrom('group_member')
				.select(eb.fn.countAll<bigint>().as('n'))
				.whereRef('group_member.group_id', '=', 'peer_group.id')
				.where('group_member.status', '=', 'active')
				.as('members')
		])
		.orderBy('peer_group.name')
		.execute();
}

/** The number of active members: the size cap counts these. */
export async function countActiveMembers(db: Kysely<DB>, groupId: string): Promise<number> {
	const row = await db
		.selectFrom('group_member')
		.select((eb) => eb.fn.countAll<bigint>().as('n'))
		.where('group_id', '=', groupId)
		.where('status', '=', 'active')
		.executeTakeFirstOrThrow();
	return Number(row.n);
}
