import type { Kysely } from 'kysely';
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
import { isUuid } from '../db/ids';
import type { DB, HeldReason } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { contactOrRecruitment } from './contact-rules';
import { completesPhoneNumber, SPLIT_NUMBER_WINDOW } from './contact/split-number';
import { broadcastMessage, reviewChanged } from './group-events';
import { loadGroup, type GroupContext } from './group-access';
import { selectMessages } from './messages.queries';
import { fullView, memberView } from './message-view';
import { nextSeq } from './sequence';
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

		const existing = await selectMessages(trx)
			.where('message.author_id', '=', member.id)
			.where('message.client_id', '=', input.clientId)
			.executeTakeFirst();
		if (existing) return { ok: true, message: memberViewForAuthor(fullView(existing)) };

		const now = clock();
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
		const replyTo = input.replyToId
			? await trx
					.selectFrom('group_message')
					.select('id')
					.where('id', '=', input.replyToId)
					.where('group_id', '=', group.id)
					.where('status', '=', 'visible')
					.executeTakeFirst()
			: undefined;
		const held = moderates
			? null
			: holdReason(
					looksLikeContact || (await splitsNumber(trx, member.id, body, now)),
					member.approved_posts,
					group.hold_first_posts
				);

		const seq = await nextSeq(trx, group.id);
		const { id } = await trx
			.insertInto('group_message')
			.values({
				group_id: group.id,
				seq,
				rev: seq,
				client_id: input.clientId,
				author_id: member.id,
				body,
				reply_to_id: replyTo?.id ?? null,
				status: held ? 'held' : 'visible',
				held_reason: held,
				created_at: now
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await trx
			.updateTable('group_member')
			.set((eb) => ({
				last_posted_at: now,
				approved_posts: held ? eb.ref('approved_posts') : eb('approved_posts', '+', 1)
			}))
			.where('id', '=', member.id)
			.execute();

		const message = fullView(
			await selectMessages(trx).where('message.id', '=', id).executeTakeFirstOrThrow()
		);
		afterCommit(messageStored);
		afterCommit(() => broadcastMessage(group.id, message, actor.id));
		if (held) afterCommit(() => reviewChanged(group.id));
		return { ok: true, message };
	});
}

/** The author of a held message sees it (marked pending); once hidden, only that it was hidden. */
const memberViewForAuthor = (message: MessageView) =>
	message.status === 'held' ? message : memberView(message);

/** Whether the message ends a phone number the member began in their last few messages here. */
async function splitsNumber(
	trx: Kysely<DB>,
	memberId: string,
	body: string,
	now: Date
): Promise<boolean> {
	const since = new Date(now.getTime() - SPLIT_NUMBER_WINDOW.minutes * 60_000);
	const recent = await trx
		.selectFrom('group_message')
		.select('body')
		.where('author_id', '=', memberId)
		.where('created_at', '>', since)
		.orderBy('seq', 'desc')
		.limit(SPLIT_NUMBER_WINDOW.messages)
		.execute();
	return completesPhoneNumber(recent.map((row) => row.body).reverse(), body);
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
	groupId: string,
	options: { beforeSeq?: number } = {}
) {
	const context = await loadGroup(db, actor, groupId);
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
	const rows = await visibleTo(
		context,
		actor
	)(
		selectMessages(db)
			.where('message.group_id', '=', groupId)
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
