import type { Kysely, NotNull } from 'kysely';
import type { Actor } from '../access/actor';
import { notFound, requireAccess } from '../access/require';
import type { Clock } from '../clock';
import { isUuid } from '../db/ids';
import type { DB } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { isFormKeyExpired } from '../forms/form-key';
import { repeatSafe } from '../forms/repeat-safe';
import { alertModerators } from './group-events';
import { loadGroup, resolveGroup, type GroupRef } from './group-access';

/*
 * "I need help now": a member asks, the group's facilitators hear it at once on whatever page they
 * have open, and one of them says "I'm on it", which the member sees. Nobody else in the group
 * learns that anyone asked.
 */

/** A second press within this time, while nobody has answered, is the same request. */
export const REPEAT_WINDOW_MS = 10 * 60_000;

/** Those who hear a group's alerts live: its active facilitators and co-facilitators. */
const facilitatorAccounts = (db: Kysely<DB>, groupId: string) =>
	db
		.selectFrom('group_member')
		.select('account_id')
		.where('group_id', '=', groupId)
		.where('status', '=', 'active')
		.where('role', 'in', ['facilitator', 'co_facilitator'])
		// Only a former member (status 'erased') has no account.
		.$narrowType<{ account_id: NotNull }>();

/**
 * The member asks the group's facilitators for help. Returns the alert and whether this press made
 * it. The same form sent again (a double tap, a retry) gets the first result and alerts nobody
 * again. Pressed again within ten minutes while nobody has answered, the open alert is returned and
 * no second one is made (a reload, or a member pressing again while they wait).
 */
export async function askForHelp(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string,
	input: { formKey: string },
	clock: Clock
): Promise<{ alertId: string; created: boolean }> {
	return inTransaction(db, async (trx, afterCommit) => {
		// The locks on the group's and the member's rows make parallel presses wait for each other.
		const context = await loadGroup(trx, actor, groupId, { lock: true });
		requireAccess(actor, 'group:take-part', context.resource);
		const member = context.membership!;
		const now = clock();

		const press = async () => {
			const open = await trx
				.selectFrom('crisis_alert')
				.select('id')
				.where('member_id', '=', member.id)
				.where('acknowledged_at', 'is', null)
				.where('created_at', '>', new Date(now.getTime() - REPEAT_WINDOW_MS))
				.orderBy('created_at', 'desc')
				.executeTakeFirst();
			if (open) return { alertId: open.id, created: false };

			const { id } = await trx
				.insertInto('crisis_alert')
				.values({ group_id: context.group.id, member_id: member.id, created_at: now })
				.returning('id')
				.executeTakeFirstOrThrow();
			// A facilitator who asks is not alerted about themselves.
			const recipients = (
				await facilitatorAccounts(trx, context.group.id)
					.where('account_id', '!=', actor.id)
					.execute()
			).map((row) => row.account_id);
			afterCommit(() => alertModerators(context.group.id, id, recipients));
			return { alertId: id, created: true };
		};

		// Someone in a crisis is never sent back to press again: a key too old (a page left open for
		// hours) or missing is a fresh press, and the ten-minute rule still keeps it to one alert.
		if (isFormKeyExpired(input.formKey, now)) return press();
		const { result } = await repeatSafe(
			trx,
			{ scope: 'crisis-alert', key: input.formKey, now },
			press
		);
		return result;
	});
}

/** What the member sees of their latest request: when they asked, and whether someone has seen it. */
export async function latestOwnAlert(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string
): Promise<{ createdAt: Date; seen: boolean } | null> {
	const context = await loadGroup(db, actor, groupId);
	requireAccess(actor, 'group:take-part', context.resource);
	const alert = await db
		.selectFrom('crisis_alert')
		.select(['created_at', 'acknowledged_at'])
		.where('member_id', '=', context.membership!.id)
		.orderBy('created_at', 'desc')
		.limit(1)
		.executeTakeFirst();
	return alert ? { createdAt: alert.created_at, seen: alert.acknowledged_at !== null } : null;
}

/**
 * A facilitator says "I'm on it". The first answer stands: a second facilitator (or a second tap)
 * changes nothing. An alert of another group is a 404, as is anyone who does not moderate this one.
 */
export async function acknowledgeAlert(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string,
	alertId: unknown,
	clock: Clock
): Promise<{ acknowledged: boolean }> {
	return inTransaction(db, async (trx) => {
		const context = await loadGroup(trx, actor, groupId);
		requireAccess(actor, 'group:moderate', context.resource);
		if (!isUuid(alertId)) notFound();
		const alert = await trx
			.selectFrom('crisis_alert')
			.select(['id', 'acknowledged_at'])
			.where('id', '=', alertId)
			.where('group_id', '=', context.group.id)
			.forUpdate()
			.executeTakeFirst();
		if (!alert) notFound();
		if (alert.acknowledged_at) return { acknowledged: false };
		await trx
			.updateTable('crisis_alert')
			.set({ acknowledged_by: actor.id, acknowledged_at: clock() })
			.where('id', '=', alert.id)
			.execute();
		return { acknowledged: true };
	});
}

export interface OpenAlert {
	id: string;
	memberId: string;
	/** The member's name in this group; null for a former member (account deleted). */
	name: string | null;
	createdAt: Date;
}

/** The group's unanswered alerts, oldest first, for its facilitators and staff. */
export async function listOpenAlerts(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string
): Promise<OpenAlert[]> {
	const { group, resource } = await loadGroup(db, actor, groupId);
	requireAccess(actor, 'group:moderate', resource);
	return db
		.selectFrom('crisis_alert as alert')
		.innerJoin('group_member as member', 'member.id', 'alert.member_id')
		.select([
			'alert.id',
			'alert.member_id as memberId',
			'member.display_name as name',
			'alert.created_at as createdAt'
		])
		.where('alert.group_id', '=', group.id)
		.where('alert.acknowledged_at', 'is', null)
		.orderBy('alert.created_at')
		.orderBy('alert.id')
		.execute();
}

/** How many alerts of the group wait for an answer: a badge on the facilitators' review page. */
export async function countOpenAlerts(
	db: Kysely<DB>,
	actor: Actor,
	groupRef: GroupRef
): Promise<number> {
	const { group, resource } = await resolveGroup(db, actor, groupRef);
	requireAccess(actor, 'group:moderate', resource);
	const { count } = await db
		.selectFrom('crisis_alert')
		.select((eb) => eb.fn.countAll<bigint>().as('count'))
		.where('group_id', '=', group.id)
		.where('acknowledged_at', 'is', null)
		.executeTakeFirstOrThrow();
	return Number(count);
}

/**
 * The groups the actor facilitates now whose calls for help nobody has answered yet. A page asks
 * on every (re)connection, so an alert sent while its socket was still connecting is not missed.
 */
export async function groupsWaitingForHelp(db: Kysely<DB>, actor: Actor): Promise<string[]> {
	if (actor.kind !== 'account') return [];
	const rows = await db
		.selectFrom('crisis_alert as alert')
		.innerJoin('group_member as facilitator', 'facilitator.group_id', 'alert.group_id')
		.select('alert.group_id')
		.distinct()
		.where('facilitator.account_id', '=', actor.id)
		.where('facilitator.status', '=', 'active')
		.where('facilitator.role', 'in', ['facilitator', 'co_facilitator'])
		.where('alert.acknowledged_at', 'is', null)
		.orderBy('alert.group_id')
		.execute();
	return rows.map((row) => row.group_id);
}

/** Whether the actor facilitates any group now: only then does a page listen for alerts. */
export async function facilitatesAnyGroup(db: Kysely<DB>, actor: Actor): Promise<boolean> {
	if (actor.kind !== 'account') return false;
	const row = await db
		.selectFrom('group_member')
		.select('id')
		.where('account_id', '=', actor.id)
		.where('status', '=', 'active')
		.where('role', 'in', ['facilitator', 'co_facilitator'])
		.limit(1)
		.executeTakeFirst();
	return row !== undefined;
}
