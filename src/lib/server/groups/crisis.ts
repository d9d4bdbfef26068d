import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type NotNull, type SelectQueryBuilder, type Transaction } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import type { Actor } from '../access/actor';
import { can } from '../access/policy';
import { notFound, requireAccess } from '../access/require';
import type { Clock } from '../clock';
import { isUuid } from '../db/ids';
import type { DB } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { isFormKeyExpired } from '../forms/form-key';
import { repeatSafe } from '../forms/repeat-safe';
import { alertModerators, tellMemberHelpIsComing } from './group-events';
import { loadGroup, resolveGroup, type GroupContext, type GroupRef } from './group-access';

/*
 * "I need help now": a member asks, the facilitators of the circles they choose hear it at once on
 * whatever page they have open, and one of them says "I'm on it", which the member sees live. If
 * nobody answers in time, every coordinator hears it too. Nobody else in a group learns that
 * anyone asked.
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

/** Every coordinator: they hear a call nobody in its circles answered. */
const coordinatorAccounts = (db: Kysely<DB>) =>
	db.selectFrom('account').select('id').where('role', '=', 'coordinator');

type AfterCommit = (effect: () => void) => void;

/** Tells every coordinator about the alerts, once committed. */
async function alertCoordinators(
	trx: Transaction<DB>,
	afterCommit: AfterCommit,
	alerts: ReadonlyArray<{ id: string; group_id: string }>
): Promise<void> {
	const coordinators = (await coordinatorAccounts(trx).execute()).map((row) => row.id);
	afterCommit(() => {
		for (const alert of alerts)
			alertModerators(alert.group_id, alert.id, coordinators, { escalated: true });
	});
}

/**
 * The member asks the facilitators of one or more of their circles for help. Returns one alert per
 * circle and whether this press made any. The same form sent again (a double tap, a retry) gets the
 * first result and alerts nobody again. A circle with an open alert of this member from the last
 * ten minutes that nobody has answered is not alerted again (a reload, or a member pressing again
 * while they wait). When none of the circles has a facilitator to tell, the coordinators are told
 * at once.
 */
export async function askCirclesForHelp(
	db: Kysely<DB>,
	actor: Actor,
	groupIds: readonly string[],
	input: { formKey: string },
	clock: Clock
): Promise<{ alerts: Array<{ groupId: string; alertId: string }>; created: boolean }> {
	// Sorted, so that two presses lock the same groups in the same order.
	const ids = [...new Set(groupIds)].sort();
	if (ids.length === 0) notFound();
	return inTransaction(db, async (trx, afterCommit) => {
		// The locks on the groups' and the member's rows make parallel presses wait for each other.
		const contexts: GroupContext[] = [];
		for (const groupId of ids) {
			const context = await loadGroup(trx, actor, groupId, { lock: true });
			requireAccess(actor, 'group:take-part', context.resource);
			contexts.push(context);
		}
		const now = clock();
		// Only an account takes part in a group: requireAccess has let no one else this far.
		const accountId = actor.kind === 'account' ? actor.id : notFound();

		const press = async () => {
			const requestId = randomUUID();
			const alerts: Array<{ groupId: string; alertId: string }> = [];
			const made: Array<{ id: string; group_id: string }> = [];
			let told = 0;
			for (const context of contexts) {
				const open = await trx
					.selectFrom('crisis_alert')
					.select('id')
					.where('member_id', '=', context.membership!.id)
					.where('acknowledged_at', 'is', null)
					.where('created_at', '>', new Date(now.getTime() - REPEAT_WINDOW_MS))
					.orderBy('created_at', 'desc')
					.executeTakeFirst();
				if (open) {
					alerts.push({ groupId: context.group.id, alertId: open.id });
					continue;
				}
				const alert = await trx
					.insertInto('crisis_alert')
					.values({
						group_id: context.group.id,
						member_id: context.membership!.id,
						request_id: requestId,
						created_at: now
					})
					.returning(['id', 'group_id'])
					.executeTakeFirstOrThrow();
				alerts.push({ groupId: alert.group_id, alertId: alert.id });
				made.push(alert);
				// A facilitator who asks is not alerted about themselves.
				const recipients = (
					await facilitatorAccounts(trx, alert.group_id)
						.where('account_id', '!=', accountId)
						.execute()
				).map((row) => row.account_id);
				told += recipients.length;
				afterCommit(() => alertModerators(alert.group_id, alert.id, recipients));
			}
			if (made.length > 0 && told === 0) {
				// Nobody in these circles can hear it: waiting ten minutes would help no one.
				await trx
					.updateTable('crisis_alert')
					.set({ escalated_at: now })
					.where('request_id', '=', requestId)
					.execute();
				await alertCoordinators(trx, afterCommit, made);
			}
			return { alerts, created: made.length > 0 };
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

/** "I need help now" inside one circle: its facilitators are alerted. */
export async function askForHelp(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string,
	input: { formKey: string },
	clock: Clock
): Promise<{ alertId: string; created: boolean }> {
	const { alerts, created } = await askCirclesForHelp(db, actor, [groupId], input, clock);
	return { alertId: alerts[0].alertId, created };
}

/** What the member sees of a request: the truth about who was told, and whether anyone answered. */
export interface OwnRequest {
	createdAt: Date;
	seen: boolean;
	/** The coordinators were told too. */
	escalated: boolean;
	/** How many facilitators of the circles asked were alerted (never who), the member not among them. */
	facilitators: number;
}

/**
 * The member's latest request for help (within one circle when `groupId` is given). Its
 * facilitators are counted as they are now.
 */
export async function latestOwnRequest(
	db: Kysely<DB>,
	actor: Actor,
	groupRef?: GroupRef
): Promise<OwnRequest | null> {
	let inGroup: string | undefined;
	if (groupRef !== undefined) {
		const context = await resolveGroup(db, actor, groupRef);
		requireAccess(actor, 'group:take-part', context.resource);
		inGroup = context.group.id;
	}
	if (actor.kind !== 'account') return null;
	return ownRequestFrom(await ownRequest(db, actor.id, inGroup).executeTakeFirstOrThrow());
}

/**
 * The account's latest request (within one group when given), summed over the circles it went
 * to, in one statement: one row, its time null when there is none.
 */
function ownRequest(db: Kysely<DB>, accountId: string, groupId: string | undefined) {
	let latest = db
		.selectFrom('crisis_alert as alert')
		.innerJoin('group_member as member', 'member.id', 'alert.member_id')
		.select('alert.request_id')
		.where('member.account_id', '=', accountId)
		.orderBy('alert.created_at', 'desc')
		.limit(1);
	if (groupId !== undefined) latest = latest.where('alert.group_id', '=', groupId);
	const askedGroups = db
		.selectFrom('crisis_alert')
		.select('group_id')
		.where('request_id', '=', latest);
	return db
		.selectFrom('crisis_alert as asked')
		.select((eb) => [
			eb.fn.min('asked.created_at').as('created_at'),
			sql<boolean>`bool_or(asked.acknowledged_at is not null)`.as('seen'),
			sql<boolean>`bool_or(asked.escalated_at is not null)`.as('escalated'),
			facilitatorCount(db, askedGroups).where('account_id', '!=', accountId).as('facilitators')
		])
		.where('asked.request_id', '=', latest);
}

/** What the member sees of the row ownRequest reads (times as Dates, or as JSON's text). */
function ownRequestFrom(row: {
	created_at: Date | string | null;
	seen: boolean | null;
	escalated: boolean | null;
	facilitators: bigint | number | null;
}): OwnRequest | null {
	if (row.created_at === null) return null;
	return {
		createdAt: new Date(row.created_at),
		seen: Boolean(row.seen),
		escalated: Boolean(row.escalated),
		facilitators: Number(row.facilitators)
	};
}

const facilitatorCount = (
	db: Kysely<DB>,
	groupIds: SelectQueryBuilder<DB, 'crisis_alert', { group_id: string }>
) =>
	db
		.selectFrom('group_member')
		.select((eb) => eb.fn.count<bigint>('account_id').distinct().as('count'))
		.where('group_id', 'in', groupIds)
		.where('status', '=', 'active')
		.where('role', 'in', ['facilitator', 'co_facilitator']);

/** The actor's own calls that nobody has answered yet. */
const ownOpenCalls = (db: Kysely<DB>, accountId: string) =>
	db
		.selectFrom('crisis_alert as alert')
		.innerJoin('group_member as member', 'member.id', 'alert.member_id')
		.select('alert.id')
		.where('member.account_id', '=', accountId)
		.where('alert.acknowledged_at', 'is', null);

/** Whether the member waits for an answer to a call: only then does a page listen for one. */
export async function waitsForHelp(db: Kysely<DB>, actor: Actor): Promise<boolean> {
	if (actor.kind !== 'account') return false;
	const row = await ownOpenCalls(db, actor.id).limit(1).executeTakeFirst();
	return row !== undefined;
}

/**
 * A facilitator (or a coordinator) says "I'm on it". The first answer stands and closes every alert
 * of the same press, in every circle it went to; a second facilitator (or a second tap) changes
 * nothing. The member's phones hear it at once. An alert of another group is a 404, as is anyone
 * who does not moderate this one.
 */
export async function acknowledgeAlert(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string,
	alertId: unknown,
	clock: Clock
): Promise<{ acknowledged: boolean }> {
	return inTransaction(db, async (trx, afterCommit) => {
		const context = await loadGroup(trx, actor, groupId);
		requireAccess(actor, 'group:moderate', context.resource);
		if (!isUuid(alertId)) notFound();
		const alert = await trx
			.selectFrom('crisis_alert as alert')
			.innerJoin('group_member as member', 'member.id', 'alert.member_id')
			.select(['alert.id', 'alert.request_id', 'alert.acknowledged_at', 'member.account_id'])
			.where('alert.id', '=', alertId)
			.where('alert.group_id', '=', context.group.id)
			.forUpdate('alert')
			.executeTakeFirst();
		if (!alert) notFound();
		if (alert.acknowledged_at) return { acknowledged: false };
		await trx
			.updateTable('crisis_alert')
			.set({ acknowledged_by: actor.id, acknowledged_at: clock() })
			.where('request_id', '=', alert.request_id)
			.where('acknowledged_at', 'is', null)
			.execute();
		const memberAccount = alert.account_id;
		if (memberAccount) afterCommit(() => tellMemberHelpIsComing(memberAccount));
		return { acknowledged: true };
	});
}

/**
 * Passes every call that nobody answered within `after` on to the coordinators, once. Several
 * processes may run it at the same moment: the conditional UPDATE claims each alert for exactly
 * one of them (a second waits on the row lock, then finds it already escalated). Returns the
 * alerts it passed on.
 */
export async function escalateUnansweredAlerts(
	db: Kysely<DB>,
	now: Date,
	afterMs: number
): Promise<string[]> {
	return inTransaction(db, async (trx, afterCommit) => {
		const claimed = await trx
			.updateTable('crisis_alert')
			.set({ escalated_at: now })
			.where('acknowledged_at', 'is', null)
			.where('escalated_at', 'is', null)
			.where('created_at', '<=', new Date(now.getTime() - afterMs))
			.returning(['id', 'group_id'])
			.execute();
		if (claimed.length > 0) await alertCoordinators(trx, afterCommit, claimed);
		return claimed.map((alert) => alert.id);
	});
}

export interface EscalatedAlert {
	id: string;
	groupId: string;
	groupName: string;
	/** The member's name in that circle; null for a former member (account deleted). */
	name: string | null;
	createdAt: Date;
}

/** Calls passed on to the coordinators that nobody has answered yet, oldest first, for staff. */
export async function listEscalatedAlerts(db: Kysely<DB>, actor: Actor): Promise<EscalatedAlert[]> {
	requireAccess(actor, 'group:list-all');
	return db
		.selectFrom('crisis_alert as alert')
		.innerJoin('group_member as member', 'member.id', 'alert.member_id')
		.innerJoin('peer_group as grp', 'grp.id', 'alert.group_id')
		.select([
			'alert.id',
			'alert.group_id as groupId',
			'grp.name as groupName',
			'member.display_name as name',
			'alert.created_at as createdAt'
		])
		.where('alert.acknowledged_at', 'is', null)
		.where('alert.escalated_at', 'is not', null)
		.orderBy('alert.created_at')
		.orderBy('alert.id')
		.execute();
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
	groupRef: GroupRef
): Promise<OpenAlert[]> {
	const { group, resource } = await resolveGroup(db, actor, groupRef);
	requireAccess(actor, 'group:moderate', resource);
	return openAlerts(db, group.id).execute();
}

const openAlerts = (db: Kysely<DB>, groupId: string) =>
	db
		.selectFrom('crisis_alert as alert')
		.innerJoin('group_member as member', 'member.id', 'alert.member_id')
		.select([
			'alert.id',
			'alert.member_id as memberId',
			'member.display_name as name',
			'alert.created_at as createdAt'
		])
		.where('alert.group_id', '=', groupId)
		.where('alert.acknowledged_at', 'is', null)
		.orderBy('alert.created_at')
		.orderBy('alert.id');

/**
 * The calls on a circle's help page, in one statement: the viewer's own latest (as
 * latestOwnRequest) when they take part, and the unanswered ones (as listOpenAlerts) when they
 * moderate; a part they have no right to reads nothing. Anyone doing neither gets a 404.
 */
export async function readHelpCalls(
	db: Kysely<DB>,
	actor: Actor,
	groupRef: GroupRef
): Promise<{ ownRequest: OwnRequest | null; openAlerts: OpenAlert[] }> {
	const { group, resource } = await resolveGroup(db, actor, groupRef);
	const takesPart = can(actor, 'group:take-part', resource);
	requireAccess(actor, takesPart ? 'group:take-part' : 'group:moderate', resource);
	const moderates = can(actor, 'group:moderate', resource);
	const row = await db
		.selectNoFrom([
			jsonObjectFrom(
				ownRequest(db, actor.id, group.id).$if(!takesPart, (q) => q.where(sql.lit(false)))
			).as('own'),
			jsonArrayFrom(openAlerts(db, group.id).$if(!moderates, (q) => q.where(sql.lit(false)))).as(
				'open'
			)
		])
		.executeTakeFirstOrThrow();
	return {
		ownRequest: row.own && ownRequestFrom(row.own),
		// JSON carries the time as text.
		openAlerts: row.open.map((alert) => ({ ...alert, createdAt: new Date(alert.createdAt) }))
	};
}

/**
 * How many alerts of the group wait for an answer (a badge on the facilitators' review page), for
 * a reader that has checked 'group:moderate' and reads it as part of a larger statement.
 */
export const openAlertCount = (db: Kysely<DB>, groupId: string) =>
	db
		.selectFrom('crisis_alert')
		.select((eb) => eb.fn.countAll<bigint>().as('count'))
		.where('group_id', '=', groupId)
		.where('acknowledged_at', 'is', null);

/**
 * The groups whose calls for help the actor should answer and nobody has yet: those they
 * facilitate now, and for a coordinator every call passed on. A page asks on every
 * (re)connection, so an alert sent while its socket was still connecting is not missed.
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
	const groupIds = rows.map((row) => row.group_id);
	if (actor.role === 'coordinator')
		for (const alert of await listEscalatedAlerts(db, actor)) groupIds.push(alert.groupId);
	return [...new Set(groupIds)];
}

/** The actor's active places as facilitator or co-facilitator. */
const facilitatesNow = (db: Kysely<DB>, accountId: string) =>
	db
		.selectFrom('group_member')
		.select('id')
		.where('account_id', '=', accountId)
		.where('status', '=', 'active')
		.where('role', 'in', ['facilitator', 'co_facilitator']);

/**
 * Whether a page listens for calls for help: the actor facilitates a group now, or is a
 * coordinator (who hears the calls nobody answered).
 */
export async function hearsCrisisAlerts(db: Kysely<DB>, actor: Actor): Promise<boolean> {
	if (actor.kind !== 'account') return false;
	if (actor.role === 'coordinator') return true;
	const row = await facilitatesNow(db, actor.id).limit(1).executeTakeFirst();
	return row !== undefined;
}

/**
 * Both of the above in one statement, for the layout around every page: hearsCrisisAlerts, and
 * instead of waitsForHelp's yes or no, which call the member waits on (the newest, by its request
 * id): a page keys the "someone answered" notice on it, so that each new call is told its answer.
 */
export async function crisisListening(
	db: Kysely<DB>,
	actor: Actor
): Promise<{ hearsAlerts: boolean; waitingCall: string | null }> {
	if (actor.kind !== 'account') return { hearsAlerts: false, waitingCall: null };
	const row = await db
		.selectNoFrom((eb) => [
			eb.exists(facilitatesNow(db, actor.id)).as('facilitates'),
			ownOpenCalls(db, actor.id)
				.clearSelect()
				.select('alert.request_id')
				.orderBy('alert.created_at', 'desc')
				.orderBy('alert.request_id', 'desc')
				.limit(1)
				.as('waiting')
		])
		.executeTakeFirstOrThrow();
	return {
		hearsAlerts: actor.role === 'coordinator' || Boolean(row.facilitates),
		waitingCall: row.waiting ?? null
	};
}
