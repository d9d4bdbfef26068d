import { sql, type Kysely } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import type { Actor } from '../access/actor';
import { notFound, requireAccess } from '../access/require';
import { isUuid } from '../db/ids';
import type { CommentState, DB } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { checkPublicText, type TextProblem } from './moderated-text';
import { loadService, resolveService, type ServiceRef } from './service-access';

/*
 * Comments left with ratings (written by ratings.ts with comment_state 'pending'). A coordinator
 * approves or declines each, or proposes a version without identifying details, which the author
 * accepts or declines. Approved comments are shown only while the service's latest published
 * scores count at least COMMENTS_MIN_RATERS raters, never with who wrote them or when, in an order
 * that says nothing about time (by the rating's random id). A withdrawn rating is deleted, and its
 * comment and the replies to it go with it.
 */

/** Comments appear only once this many members rated the service (as last published). */
export const COMMENTS_MIN_RATERS = 10;

/** Whether the service's latest publication counts enough raters for its comments to show. */
export const commentsShownFor = (serviceId: string) =>
	sql<boolean>`coalesce((select s.raters from service_score s where s.service_id = ${serviceId}
		order by s.published_at desc limit 1), 0) >= ${COMMENTS_MIN_RATERS}`;

/** A comment waiting for a coordinator: its text and service, never its author or its time. */
export interface PendingComment {
	ratingId: string;
	serviceId: string;
	serviceName: string;
	text: string;
}

/** The comments waiting for a coordinator, by service, then in no order that tells time. */
export async function listPendingComments(db: Kysely<DB>, actor: Actor): Promise<PendingComment[]> {
	requireAccess(actor, 'service:moderate');
	const rows = await db
		.selectFrom('service_rating as r')
		.innerJoin('service as s', 's.id', 'r.service_id')
		.select(['r.id', 'r.service_id', 's.name', 'r.comment'])
		.where('r.comment_state', '=', 'pending')
		.orderBy('s.name')
		.orderBy('r.id')
		.execute();
	return rows.map((row) => ({
		ratingId: row.id,
		serviceId: row.service_id,
		serviceName: row.name,
		text: row.comment!
	}));
}

export type ModerationRefusal = { ok: false; problem: 'not_pending' };

/**
 * A coordinator approves or declines a pending comment. One already decided (or waiting on its
 * author) is refused and left as it is; an unknown one is a 404.
 */
export async function decideComment(
	db: Kysely<DB>,
	actor: Actor,
	ratingId: unknown,
	decision: 'approve' | 'decline'
): Promise<{ ok: true } | ModerationRefusal> {
	requireAccess(actor, 'service:moderate');
	if (!isUuid(ratingId)) notFound();
	const updated = await db
		.updateTable('service_rating')
		.set({ comment_state: decision === 'approve' ? 'approved' : 'declined' })
		.where('id', '=', ratingId)
		.where('comment_state', '=', 'pending')
		.returning('id')
		.executeTakeFirst();
	if (updated) return { ok: true };
	return refusalFor(db, ratingId);
}

async function refusalFor(db: Kysely<DB>, ratingId: string): Promise<ModerationRefusal> {
	const row = await db
		.selectFrom('service_rating')
		.select('id')
		.where('id', '=', ratingId)
		.where('comment', 'is not', null)
		.executeTakeFirst();
	if (!row) notFound();
	return { ok: false, problem: 'not_pending' };
}

/**
 * A coordinator proposes a version of a pending comment that leaves out what could identify
 * someone. It stays unpublished until its author accepts the proposal (answerProposedEdit).
 */
export async function proposeCommentEdit(
	db: Kysely<DB>,
	actor: Actor,
	ratingId: unknown,
	proposed: unknown
): Promise<{ ok: true } | ModerationRefusal | { ok: false; problem: TextProblem }> {
	requireAccess(actor, 'service:moderate');
	if (!isUuid(ratingId)) notFound();
	const checked = checkPublicText(proposed);
	if (!checked.ok) {
		// Said about the comment only once it is known to exist.
		const exists = await db
			.selectFrom('service_rating')
			.select('id')
			.where('id', '=', ratingId)
			.where('comment', 'is not', null)
			.executeTakeFirst();
		if (!exists) notFound();
		return checked;
	}
	const updated = await db
		.updateTable('service_rating')
		.set({ comment_state: 'edit_proposed', proposed_comment: checked.text })
		.where('id', '=', ratingId)
		.where('comment_state', '=', 'pending')
		.returning('id')
		.executeTakeFirst();
	if (updated) return { ok: true };
	return refusalFor(db, ratingId);
}

/** A published comment, as anyone who may see the service reads it: text and approved replies. */
export interface PublishedComment {
	text: string;
	replies: string[];
}

/** The statement behind commentsWithReplies, also read as part of a larger one. */
const commentRows = (
	db: Kysely<DB>,
	serviceId: string,
	replyStates: Array<'pending' | 'approved' | 'declined'>
) =>
	db
		.selectFrom('service_rating as r')
		.select((eb) => [
			'r.id',
			'r.comment',
			jsonArrayFrom(
				eb
					.selectFrom('service_reply as p')
					.select(['p.id', 'p.body', 'p.state'])
					.whereRef('p.rating_id', '=', 'r.id')
					.where('p.state', 'in', replyStates)
					.orderBy('p.created_at')
					.orderBy('p.id')
			).as('replies')
		])
		.where('r.service_id', '=', serviceId)
		.where('r.comment_state', '=', 'approved')
		.where(commentsShownFor(serviceId))
		.orderBy('r.id');

/**
 * The approved, shown comments of a service with their replies in the given states, each with
 * the rating's id for a reply form (only the service's staff and coordinators get those).
 */
export async function commentsWithReplies(
	db: Kysely<DB>,
	serviceId: string,
	replyStates: Array<'pending' | 'approved' | 'declined'>
) {
	const rows = await commentRows(db, serviceId, replyStates).execute();
	return rows.map((row) => ({ ratingId: row.id, text: row.comment!, replies: row.replies }));
}

/** The member's own comment on a service, with what became of it. */
export interface OwnComment {
	state: CommentState;
	text: string;
	/** A coordinator's version, while the member decides on it. */
	proposed: string | null;
	/** Approved, and the service has enough raters for it to be on its page. */
	shown: boolean;
}

/** The member's latest rating of the service that carries a comment, if any. */
const ownCommentQuery = (db: Kysely<DB>, accountId: string, serviceId: string) =>
	db
		.selectFrom('service_rating')
		.select([
			'id',
			'comment',
			'comment_state',
			'proposed_comment',
			commentsShownFor(serviceId).as('shown')
		])
		.where('service_id', '=', serviceId)
		.where('account_id', '=', accountId)
		.where('comment', 'is not', null)
		.orderBy('rated_at', 'desc')
		.limit(1);

const ownCommentRow = (db: Kysely<DB>, accountId: string, serviceId: string) =>
	ownCommentQuery(db, accountId, serviceId).executeTakeFirst();

/** The member's comment as they see it, from its row. */
const ownCommentFrom = (
	row: Pick<
		NonNullable<Awaited<ReturnType<typeof ownCommentRow>>>,
		'comment' | 'comment_state' | 'proposed_comment' | 'shown'
	>
): OwnComment => ({
	state: row.comment_state!,
	text: row.comment!,
	proposed: row.proposed_comment,
	shown: row.comment_state === 'approved' && row.shown
});

/** The service (which the actor may see) and the member's comment on it; null when none. */
export async function readOwnComment(
	db: Kysely<DB>,
	actor: Actor,
	serviceRef: ServiceRef
): Promise<{ serviceId: string; serviceName: string; comment: OwnComment | null }> {
	const { service, resource } = await resolveService(db, actor, serviceRef);
	requireAccess(actor, 'service:view', resource);
	const row = await ownCommentRow(db, actor.id, service.id);
	return {
		serviceId: service.id,
		serviceName: service.name,
		comment: row ? ownCommentFrom(row) : null
	};
}

/**
 * A service's page: its published comments and the member's own comment (as readOwnComment), read
 * in one statement. Published: the approved comments and the approved replies to them, once the
 * service's latest published scores count COMMENTS_MIN_RATERS raters or more; none before. No
 * names, ids or dates: ordered by the rating's random id, so the order tells nothing about who
 * wrote first.
 */
export async function readPageComments(
	db: Kysely<DB>,
	actor: Actor,
	serviceRef: ServiceRef
): Promise<{ published: PublishedComment[]; own: OwnComment | null }> {
	const { service, resource } = await resolveService(db, actor, serviceRef);
	requireAccess(actor, 'service:view', resource);
	const row = await db
		.selectNoFrom([
			jsonArrayFrom(commentRows(db, service.id, ['approved'])).as('published'),
			jsonObjectFrom(ownCommentQuery(db, actor.id, service.id)).as('own')
		])
		.executeTakeFirstOrThrow();
	return {
		published: row.published.map((comment) => ({
			text: comment.comment!,
			replies: comment.replies.map((reply) => reply.body)
		})),
		own: row.own && ownCommentFrom(row.own)
	};
}

/**
 * The author answers a coordinator's proposed edit: accepted, the proposed text replaces theirs
 * and is approved; declined, their own text stays and is not published (they may change it).
 */
export async function answerProposedEdit(
	db: Kysely<DB>,
	actor: Actor,
	serviceId: unknown,
	accept: boolean
): Promise<{ ok: true } | { ok: false; problem: 'no_proposal' }> {
	return inTransaction(db, async (trx) => {
		const { service, resource } = await loadService(trx, actor, serviceId);
		requireAccess(actor, 'service:view', resource);
		const own = await ownCommentRow(trx, actor.id, service.id);
		if (!own) notFound();
		const updated = await trx
			.updateTable('service_rating')
			.set(
				accept
					? {
							comment: sql<string>`proposed_comment`,
							proposed_comment: null,
							comment_state: 'approved'
						}
					: { proposed_comment: null, comment_state: 'declined' }
			)
			.where('id', '=', own.id)
			.where('comment_state', '=', 'edit_proposed')
			.returning('id')
			.executeTakeFirst();
		return updated ? { ok: true } : { ok: false, problem: 'no_proposal' };
	});
}

/**
 * The author rewrites a comment that is not published (waiting, declined, or with an edit
 * proposed): it goes back to the coordinators, and any proposal is dropped. An approved comment
 * is changed with the rating itself.
 */
export async function changeOwnComment(
	db: Kysely<DB>,
	actor: Actor,
	serviceId: unknown,
	text: unknown
): Promise<{ ok: true } | { ok: false; problem: TextProblem | 'published' }> {
	return inTransaction(db, async (trx) => {
		const { service, resource } = await loadService(trx, actor, serviceId);
		requireAccess(actor, 'service:view', resource);
		const own = await ownCommentRow(trx, actor.id, service.id);
		if (!own) notFound();
		const checked = checkPublicText(text);
		if (!checked.ok) return checked;
		const updated = await trx
			.updateTable('service_rating')
			.set({ comment: checked.text, proposed_comment: null, comment_state: 'pending' })
			.where('id', '=', own.id)
			.where('comment_state', '!=', 'approved')
			.returning('id')
			.executeTakeFirst();
		return updated ? { ok: true } : { ok: false, problem: 'published' };
	});
}
