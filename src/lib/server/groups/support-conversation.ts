import { sql, type Kysely, type QueryCreator, type Transaction } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { SupportMessageView } from '$lib/realtime/support-messages';
import { SUPPORT_MESSAGE_MAX_LENGTH } from '$lib/schemas/help';
import type { Actor } from '../access/actor';
import { can } from '../access/policy';
import { notFound, requireAccess } from '../access/require';
import type { Clock } from '../clock';
import { isUuid } from '../db/ids';
import type { DB } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { isFormKeyExpired } from '../forms/form-key';
import { repeatSafe } from '../forms/repeat-safe';
import { loadGroup, resolveGroup, type GroupRef } from './group-access';
import { broadcastSupportMessage } from './group-events';
import { limitCircleWrite } from './write-limit';
import { isBlank } from '../forms/blank';

/*
 * A private conversation between one member and the facilitators of their group: the member reads
 * and writes their own thread only; the group's facilitators (and staff) read every thread and
 * answer. No other member learns that a thread exists.
 */

export type WriteError = 'form_key_expired' | 'empty' | 'too_long' | 'closed';

export type WriteResult =
	| { ok: true; id: string }
	| { ok: false; error: WriteError }
	| { ok: false; error: 'too_fast'; retryAfterS: number };

export interface SupportMessage {
	id: string;
	body: string;
	createdAt: Date;
	/** Written by the member whose conversation it is (else by a facilitator). */
	fromMember: boolean;
	/** A facilitator's name in the group, or null for staff outside it and deleted accounts. */
	authorName: string | null;
}

function bodyProblem(body: string): 'empty' | 'too_long' | null {
	if (isBlank(body)) return 'empty';
	if ([...body].length > SUPPORT_MESSAGE_MAX_LENGTH) return 'too_long';
	return null;
}

/** The member's row when it belongs to the group (locked when writing); anything else is a 404. */
async function memberOfGroup(db: Kysely<DB>, groupId: string, memberId: unknown, lock: boolean) {
	if (!isUuid(memberId)) notFound();
	const query = db
		.selectFrom('group_member')
		.select(['id', 'account_id', 'display_name', 'status'])
		.where('id', '=', memberId)
		.where('group_id', '=', groupId);
	return (await (lock ? query.forUpdate() : query).executeTakeFirst()) ?? notFound();
}

/** The view of a message that pages and phones get. */
export const supportMessageView = (message: SupportMessage): SupportMessageView => ({
	id: message.id,
	body: message.body,
	at: message.createdAt.toISOString(),
	fromMember: message.fromMember,
	authorName: message.authorName
});

interface Thread {
	groupId: string;
	memberId: string;
	/** The member's account (null for a former member): their phones hear the thread live. */
	memberAccountId: string | null;
}

/**
 * Stores one message in a member's thread, then (once committed) sends it to the member's phones
 * and the group's moderators: stored before it is broadcast, so a phone that catches up finds it.
 */
async function store(
	trx: Transaction<DB>,
	afterCommit: (effect: () => void) => void,
	thread: Thread,
	author: { accountId: string; name: string | null; isMember: boolean },
	body: string,
	now: Date
): Promise<WriteResult> {
	const { id } = await trx
		.insertInto('support_message')
		.values({
			group_id: thread.groupId,
			member_id: thread.memberId,
			author_id: author.accountId,
			body,
			created_at: now
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	const view = supportMessageView({
		id,
		body,
		createdAt: now,
		fromMember: author.isMember,
		authorName: author.isMember ? null : author.name
	});
	afterCommit(() =>
		broadcastSupportMessage(
			{ groupId: thread.groupId, memberId: thread.memberId },
			thread.memberAccountId,
			view
		)
	);
	return { ok: true, id };
}

async function readThread(
	db: Kysely<DB>,
	groupId: string,
	member: { id: string; account_id: string | null }
): Promise<SupportMessage[]> {
	const rows = await threadRows(db, groupId, member.id).execute();
	return rows.map(threadMessage(member));
}

/**
 * The member's reading noted at `seenAt` in the same statement as what follows (a data-changing
 * WITH runs whether or not the query uses its rows). The WITH only adds a table the query ignores.
 */
const markingSeen = (db: Kysely<DB>, memberId: string, seenAt: Date) =>
	db.with('seen', (qb) =>
		qb
			.updateTable('group_member')
			.set({ help_seen_at: seenAt })
			.where('id', '=', memberId)
			.returning('id')
	) as QueryCreator<DB>;

/** A member's thread, oldest first. */
const threadRows = (db: QueryCreator<DB>, groupId: string, memberId: string) =>
	db
		.selectFrom('support_message as message')
		.leftJoin('group_member as author', (join) =>
			join.onRef('author.account_id', '=', 'message.author_id').on('author.group_id', '=', groupId)
		)
		.select([
			'message.id',
			'message.body',
			'message.created_at',
			'message.author_id',
			'author.display_name'
		])
		.where('message.member_id', '=', memberId)
		.orderBy('message.created_at')
		.orderBy('message.id');

/** A message of the member's thread from its row (its time as a Date, or as JSON's text). */
const threadMessage =
	(member: { account_id: string | null }) =>
	(row: {
		id: string;
		body: string;
		created_at: Date | string;
		author_id: string | null;
		display_name: string | null;
	}): SupportMessage => {
		const fromMember = member.account_id !== null && row.author_id === member.account_id;
		return {
			id: row.id,
			body: row.body,
			createdAt: new Date(row.created_at),
			fromMember,
			authorName: fromMember ? null : (row.display_name ?? null)
		};
	};

/** The member's own conversation with the facilitators, oldest first. */
export async function listOwnConversation(
	db: Kysely<DB>,
	actor: Actor,
	groupRef: GroupRef
): Promise<SupportMessage[]> {
	const context = await resolveGroup(db, actor, groupRef);
	requireAccess(actor, 'group:take-part', context.resource);
	return readThread(db, context.group.id, context.membership!);
}

/**
 * The member writes to the facilitators of their group. The same form sent again (a double tap, a
 * retry) is one message and gets the first result.
 */
export async function writeToFacilitators(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string,
	input: { formKey: string; body: string },
	clock: Clock
): Promise<WriteResult> {
	return inTransaction(db, async (trx, afterCommit) => {
		// The member's row is locked: a message sent while the member leaves waits, then is refused.
		const context = await loadGroup(trx, actor, groupId, { lock: true });
		requireAccess(actor, 'group:take-part', context.resource);
		const now = clock();
		if (isFormKeyExpired(input.formKey, now)) return { ok: false, error: 'form_key_expired' };
		const use = { scope: 'support-message', key: input.formKey, now };
		const { result } = await repeatSafe(trx, use, async (): Promise<WriteResult> => {
			const text = input.body.trim();
			const problem = bodyProblem(text);
			if (problem) return { ok: false, error: problem };
			const thread = {
				groupId: context.group.id,
				memberId: context.membership!.id,
				memberAccountId: actor.id
			};
			const author = { accountId: actor.id, name: null, isMember: true };
			const allowance = await limitCircleWrite(
				trx,
				{
					accountId: actor.id,
					groupId: context.group.id,
					memberId: thread.memberId,
					kind: 'support_message',
					moderates: false
				},
				now
			);
			if (!allowance.ok)
				return { ok: false, error: 'too_fast', retryAfterS: allowance.retryAfterS };
			return store(trx, afterCommit, thread, author, text, now);
		});
		return result;
	});
}

export interface ConversationSummary {
	memberId: string;
	/** Null for a former member (account deleted). */
	name: string | null;
	/** The member is still in the group (a facilitator can answer). */
	active: boolean;
	lastAt: Date;
	/** The latest message is the member's: nobody has answered it yet. */
	waiting: boolean;
}

/** Each member's latest message in the group. */
const conversationRows = (db: QueryCreator<DB>, groupId: string) =>
	db
		.selectFrom('support_message as message')
		.innerJoin('group_member as member', 'member.id', 'message.member_id')
		.select([
			'member.id as memberId',
			'member.display_name as name',
			'member.status',
			'member.account_id',
			'message.author_id',
			'message.created_at'
		])
		.distinctOn('member.id')
		.where('message.group_id', '=', groupId)
		.orderBy('member.id')
		.orderBy('message.created_at', 'desc')
		.orderBy('message.id', 'desc');

/** The conversations from their latest messages (times as Dates, or as JSON's text), newest first. */
const summaries = (
	rows: ReadonlyArray<{
		memberId: string;
		name: string | null;
		status: string;
		account_id: string | null;
		author_id: string | null;
		created_at: Date | string;
	}>
): ConversationSummary[] =>
	rows
		.map((row) => ({
			memberId: row.memberId,
			name: row.name,
			active: row.status === 'active',
			lastAt: new Date(row.created_at),
			waiting: row.account_id !== null && row.author_id === row.account_id
		}))
		.sort((a, b) => b.lastAt.getTime() - a.lastAt.getTime());

/**
 * The conversations on a circle's help page, in one statement: the member's own when they take
 * part, opened at `now` (marked seen, as markSeen with 'help': the home page counts the
 * facilitators' answers written after it), and every member's, the most recent first, when they
 * moderate; a part they have no right to reads nothing. Anyone doing neither gets a 404.
 */
export async function openHelpConversations(
	db: Kysely<DB>,
	actor: Actor,
	groupRef: GroupRef,
	now: Date
): Promise<{ own: SupportMessage[]; all: ConversationSummary[] }> {
	const { group, membership, resource } = await resolveGroup(db, actor, groupRef);
	const takesPart = can(actor, 'group:take-part', resource);
	requireAccess(actor, takesPart ? 'group:take-part' : 'group:moderate', resource);
	const moderates = can(actor, 'group:moderate', resource);
	// Only someone taking part has a thread (and a membership) to open.
	const member = takesPart ? membership : null;
	const from = member ? markingSeen(db, member.id, now) : db;
	const row = await from
		.selectNoFrom([
			jsonArrayFrom(
				member
					? threadRows(db, group.id, member.id)
					: // Staff moderating from outside have no thread: the same read, finding nothing.
						threadRows(db, group.id, group.id).where(sql.lit(false))
			).as('own'),
			jsonArrayFrom(
				conversationRows(db, group.id).$if(!moderates, (q) => q.where(sql.lit(false)))
			).as('all')
		])
		.executeTakeFirstOrThrow();
	return {
		own: member ? row.own.map(threadMessage(member)) : [],
		all: summaries(row.all)
	};
}

/** One member's conversation, for the group's facilitators; a member of another group is a 404. */
export async function readConversation(
	db: Kysely<DB>,
	actor: Actor,
	groupRef: GroupRef,
	memberId: unknown
) {
	const { group, resource } = await resolveGroup(db, actor, groupRef);
	requireAccess(actor, 'group:moderate', resource);
	const member = await memberOfGroup(db, group.id, memberId, false);
	return {
		group: { id: group.id, name: group.name },
		member: { id: member.id, name: member.display_name, active: member.status === 'active' },
		messages: await readThread(db, group.id, member)
	};
}

/**
 * A facilitator answers a member; a member who has left or was removed gets no more messages. The
 * same form sent again is one answer and gets the first result.
 */
export async function replyToMember(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string,
	memberId: unknown,
	input: { formKey: string; body: string },
	clock: Clock
): Promise<WriteResult> {
	return inTransaction(db, async (trx, afterCommit) => {
		const { group, resource, membership } = await loadGroup(trx, actor, groupId);
		requireAccess(actor, 'group:moderate', resource);
		const member = await memberOfGroup(trx, group.id, memberId, true);
		const now = clock();
		if (isFormKeyExpired(input.formKey, now)) return { ok: false, error: 'form_key_expired' };
		const use = { scope: 'support-reply', key: input.formKey, now };
		const { result } = await repeatSafe(trx, use, async (): Promise<WriteResult> => {
			if (member.status !== 'active') return { ok: false, error: 'closed' };
			const text = input.body.trim();
			const problem = bodyProblem(text);
			if (problem) return { ok: false, error: problem };
			const thread = { groupId: group.id, memberId: member.id, memberAccountId: member.account_id };
			// Staff from outside the group have no name in it, as on the page.
			const author = {
				accountId: actor.id,
				name: membership?.display_name ?? null,
				isMember: false
			};
			const allowance = await limitCircleWrite(
				trx,
				{
					accountId: actor.id,
					groupId: group.id,
					memberId: membership?.id ?? null,
					kind: 'support_message',
					moderates: true
				},
				now
			);
			if (!allowance.ok)
				return { ok: false, error: 'too_fast', retryAfterS: allowance.retryAfterS };
			return store(trx, afterCommit, thread, author, text, now);
		});
		return result;
	});
}
