import { sql, type Kysely } from 'kysely';
import {
	MESSAGE_MAX_LENGTH,
	type MessageView,
	type SendError,
	type SendMessageInput
} from '$lib/realtime/messages';
import type { Actor } from '../access/actor';
import { can } from '../access/policy';
import { requireAccess } from '../access/require';
import type { Clock } from '../clock';
import { compiledOnce } from '../db/compiled-once';
import { isUuid } from '../db/ids';
import type { DB, HeldReason } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { contactOrRecruitment } from './contact-rules';
import { completesPhoneNumber, SPLIT_NUMBER_WINDOW } from './contact/split-number';
import { broadcastMessage, reviewChanged } from './group-events';
import { loadGroup, resolveGroup, type GroupContext, type GroupRef } from './group-access';
import { selectMessages } from './messages.queries';
import { fullView, memberView } from './message-view';
import { hasHiddenCharacters } from '../forms/hidden-characters';
import { limitCircleWrite } from './write-limit';
import { messageStored, writeRefused } from '../metrics';
import { isBlank } from '../forms/blank';

export type SendResult =
	{ ok: true; message: MessageView } | { ok: false; error: SendError; retryAfterS?: number };

const PAGE_SIZE = 50;
const SYNC_LIMIT = 200;

function inputProblem(input: SendMessageInput): SendError | null {
	if (!isUuid(input.clientId) || typeof input.body !== 'string') return 'invalid';
	if (input.replyToId != null && !isUuid(input.replyToId)) return 'invalid';
	const body = input.body.trim();
	if (isBlank(body)) return 'empty';
	if (hasHiddenCharacters(body)) return 'hidden_characters';
	if ([...body].length > MESSAGE_MAX_LENGTH) return 'too_long';
	return null;
}

/** How a viewer sees one message: moderators in full, members without hidden words. */
function viewerSees(context: GroupContext, actor: Actor) {
	const moderates = can(actor, 'group:moderate', context.resource);
	return (message: MessageView) => (moderates ? message : memberView(message));
}

/**
 * Stores a member's message and, after the commit, sends it to the group (or, when it is held, to
 * its author and the moderators). The same client id sent again returns the stored message: one
 * row, the same acknowledgement. Access is checked first; a group the actor may not post in is a
 * 404 (thrown), as everywhere.
 */
export async function sendMessage(
	db: Kysely<DB>,
	actor: Actor,
	input: SendMessageInput,
	clock: Clock
): Promise<SendResult> {
	// The text checks run before the group's lock is taken: nobody else's message waits on them.
	const looksLikeContact =
		typeof input?.body === 'string' && contactOrRecruitment(input.body.trim()) !== null;
	return inTransaction(db, async (trx, afterCommit) => {
		// The group row's lock orders the group's messages and makes a resend wait for the first.
		const context = await loadGroup(trx, actor, input.groupId, { lock: true });
		requireAccess(actor, 'group:take-part', context.resource);
		const { group } = context;
		const member = context.membership!;
		const problem = inputProblem(input);
		if (problem) return { ok: false, error: problem };

		const now = clock();
		const latest = await authorsLatest(trx, member.id, input.clientId, now);
		if (latest.storedId) {
			const stored = await selectMessages(trx)
				.where('message.id', '=', latest.storedId)
				.executeTakeFirstOrThrow();
			return { ok: true, message: memberViewForAuthor(fullView(stored)) };
		}

		const moderates = member.role !== 'member';
		if (group.paused_at && !moderates) {
			writeRefused('message', 'paused');
			return { ok: false, error: 'paused' };
		}
		if (member.muted_until && member.muted_until > now) {
			const retryAfterS = Math.ceil((member.muted_until.getTime() - now.getTime()) / 1000);
			writeRefused('message', 'muted');
			return { ok: false, error: 'muted', retryAfterS };
		}
		if (group.slow_mode_seconds > 0 && !moderates && member.last_posted_at) {
			const waitMs =
				member.last_posted_at.getTime() + group.slow_mode_seconds * 1000 - now.getTime();
			if (waitMs > 0) {
				writeRefused('message', 'slow');
				return { ok: false, error: 'slow', retryAfterS: Math.ceil(waitMs / 1000) };
			}
		}
		const allowance = await limitCircleWrite(
			trx,
			{ accountId: actor.id, groupId: group.id, memberId: member.id, kind: 'message', moderates },
			now
		);
		if (!allowance.ok) return { ok: false, error: 'too_fast', retryAfterS: allowance.retryAfterS };

		const body = input.body.trim();
		// The message it answers, as a reply shows it: only a visible one in the same circle.
		const reply = input.replyToId
			? await selectMessages(trx)
					.where('message.id', '=', input.replyToId)
					.where('message.group_id', '=', group.id)
					.where('message.status', '=', 'visible')
					.executeTakeFirst()
			: undefined;
		const held = moderates
			? null
			: holdReason(
					looksLikeContact || completesPhoneNumber(latest.recentBodies, body),
					member.approved_posts,
					group.hold_first_posts
				);

		const [stored] = await storeMessage(trx, {
			groupId: group.id,
			memberId: member.id,
			now,
			approved: held ? 0 : 1,
			clientId: input.clientId,
			body,
			replyToId: reply?.id ?? null,
			status: held ? 'held' : 'visible',
			heldReason: held
		});

		// The author is the member sending, active in the circle: their name and role as they are.
		const message = fullView({
			...stored,
			author: member.display_name,
			author_role: member.role,
			reply_id: reply?.id ?? null,
			reply_author: reply?.author ?? null,
			reply_body: reply?.body ?? null,
			reply_status: reply?.status ?? null
		});
		afterCommit(messageStored);
		afterCommit(() => broadcastMessage(group.id, message, actor.id));
		if (held) afterCommit(() => reviewChanged(group.id));
		return { ok: true, message };
	});
}

/**
 * The next number, the row and the author's last post in one statement: it runs while the
 * circle's lock is held, on every message sent. A held message leaves the author's count of
 * approved posts as it was (`approved` 0), a visible one adds 1.
 */
const storeMessage = compiledOnce(
	[
		'groupId',
		'memberId',
		'now',
		'approved',
		'clientId',
		'body',
		'replyToId',
		'status',
		'heldReason'
	],
	(db, values) =>
		db
			.with('seq', (db) =>
				db
					.updateTable('peer_group')
					.set((eb) => ({ last_seq: eb('last_seq', '+', 1n) }))
					.where('id', '=', values.groupId)
					.returning('last_seq')
			)
			.with('author', (db) =>
				db
					.updateTable('group_member')
					.set((eb) => ({
						last_posted_at: values.now,
						approved_posts: eb('approved_posts', '+', values.approved)
					}))
					.where('id', '=', values.memberId)
					.returning('id')
			)
			.insertInto('group_message')
			.values((eb) => ({
				group_id: values.groupId,
				seq: eb.selectFrom('seq').select('last_seq'),
				rev: eb.selectFrom('seq').select('last_seq'),
				client_id: values.clientId,
				author_id: values.memberId,
				body: values.body,
				reply_to_id: values.replyToId,
				status: values.status,
				held_reason: values.heldReason,
				created_at: values.now
			}))
			.returning(['id', 'seq', 'rev', 'client_id', 'author_id', 'body', 'status', 'created_at'])
);

/** The author of a held message sees it (marked pending); once hidden, only that it was hidden. */
const memberViewForAuthor = (message: MessageView) =>
	message.status === 'held' ? message : memberView(message);

const resentOrRecent = compiledOnce(['memberId', 'clientId', 'since'], (db, values) =>
	db
		.selectFrom('group_message')
		.select(['id', 'client_id', 'body'])
		.where('author_id', '=', values.memberId)
		.where((eb) =>
			eb.or([eb('client_id', '=', values.clientId), eb('created_at', '>', values.since)])
		)
		.orderBy(sql`client_id = ${values.clientId}`, 'desc')
		.orderBy('seq', 'desc')
		.limit(SPLIT_NUMBER_WINDOW.messages)
);

/**
 * In one read: the author's message with this client id if it is already stored (a resend), and
 * otherwise the bodies of their last few messages here, oldest first, for numbers split across
 * messages.
 */
async function authorsLatest(
	trx: Kysely<DB>,
	memberId: string,
	clientId: string,
	now: Date
): Promise<{ storedId: string | null; recentBodies: string[] }> {
	const since = new Date(now.getTime() - SPLIT_NUMBER_WINDOW.minutes * 60_000);
	const rows = await resentOrRecent(trx, { memberId, clientId, since });
	if (rows[0]?.client_id === clientId) return { storedId: rows[0].id, recentBodies: [] };
	return { storedId: null, recentBodies: rows.map((row) => row.body).reverse() };
}

/** Why a member's new message waits for a facilitator, if it does. */
function holdReason(
	looksLikeContact: boolean,
	approvedPosts: number,
	holdFirstPosts: number
): HeldReason | null {
	if (looksLikeContact) return 'contact';
	if (approvedPosts < holdFirstPosts) return 'first_posts';
	return null;
}

/** What a viewer may see: moderators everything; members all but others' held messages. */
function visibleTo(context: GroupContext, actor: Actor) {
	const moderates = can(actor, 'group:moderate', context.resource);
	const memberId = context.membership?.id ?? null;
	return <Q extends ReturnType<typeof selectMessages>>(query: Q): Q =>
		moderates
			? query
			: (query.where((eb) =>
					eb.or([
						eb('message.status', '!=', 'held'),
						...(memberId ? [eb('message.author_id', '=', memberId)] : [])
					])
				) as Q);
}

/**
 * The latest page of a group (or the page before `beforeSeq`), oldest first, with the group's
 * current change number: a live client syncs from there.
 */
export async function listMessages(
	db: Kysely<DB>,
	actor: Actor,
	groupRef: GroupRef,
	options: { beforeSeq?: number } = {}
) {
	const context = await resolveGroup(db, actor, groupRef);
	const groupId = context.group.id;
	requireAccess(actor, 'group:view', context.resource);
	// Read before the messages: anything stored in between is in the page and also synced again,
	// which the client recognises by id.
	const lastRev = Number(context.group.last_seq);
	let query = visibleTo(context, actor)(selectMessages(db).where('message.group_id', '=', groupId));
	if (options.beforeSeq !== undefined)
		query = query.where('message.seq', '<', BigInt(options.beforeSeq));
	const rows = await query
		.orderBy('message.seq', 'desc')
		.limit(PAGE_SIZE + 1)
		.execute();
	const see = viewerSees(context, actor);
	return {
		context,
		lastRev,
		hasEarlier: rows.length > PAGE_SIZE,
		messages: rows
			.slice(0, PAGE_SIZE)
			.reverse()
			.map((row) => see(fullView(row)))
	};
}

/** Every message changed after `afterRev`, oldest change first: what a reconnecting client missed. */
export async function messagesChangedAfter(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string,
	afterRev: number
) {
	const context = await loadGroup(db, actor, groupId);
	requireAccess(actor, 'group:view', context.resource);
	return changesSeenBy(db, context, actor, afterRev);
}

/**
 * The first page of changes after `afterRev` in a group the caller has already been let into
 * (`context` loaded and `group:view` checked), as `messagesChangedAfter` answers.
 */
export async function changesSeenBy(
	db: Kysely<DB>,
	context: GroupContext,
	actor: Actor,
	afterRev: number
) {
	const rows = await visibleTo(
		context,
		actor
	)(
		selectMessages(db)
			.where('message.group_id', '=', context.group.id)
			.where('message.rev', '>', BigInt(Math.max(0, Math.floor(afterRev))))
	)
		.orderBy('message.rev')
		.limit(SYNC_LIMIT + 1)
		.execute();
	const see = viewerSees(context, actor);
	return {
		more: rows.length > SYNC_LIMIT,
		messages: rows.slice(0, SYNC_LIMIT).map((row) => see(fullView(row)))
	};
}
