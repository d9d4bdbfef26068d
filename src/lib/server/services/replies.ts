import type { Kysely } from 'kysely';
import type { Actor } from '../access/actor';
import { notFound, requireAccess } from '../access/require';
import { isUuid } from '../db/ids';
import type { DB } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { repeatSafe } from '../forms/repeat-safe';
import { commentsShownFor } from './comments';
import { checkPublicText, type TextProblem } from './moderated-text';
import { loadService } from './service-access';

/*
 * A provider's public reply to a published comment about their service: shown under the comment
 * once a coordinator approves it. There is no way to write to the rater in private: a reply is
 * tied to the comment, never to the member who wrote it.
 */

/**
 * Someone on the service's staff replies to one of its approved, shown comments. Anyone else, or
 * a comment that is not on the service's page, gets a 404. Repeat-safe by the form's key.
 */
export async function replyToComment(
	db: Kysely<DB>,
	actor: Actor,
	ratingId: unknown,
	input: { body: unknown; formKey: string },
	now: Date
): Promise<{ ok: true; replyId: string } | { ok: false; problem: TextProblem }> {
	if (!isUuid(ratingId)) notFound();
	const { result } = await inTransaction(db, async (trx) => {
		const rating = await trx
			.selectFrom('service_rating')
			.select('service_id')
			.where('id', '=', ratingId)
			.executeTakeFirst();
		if (!rating) notFound();
		const { resource } = await loadService(trx, actor, rating.service_id);
		requireAccess(actor, 'service:reply', resource);
		const shown = await trx
			.selectFrom('service_rating')
			.select('id')
			.where('id', '=', ratingId)
			.where('comment_state', '=', 'approved')
			.where(commentsShownFor(rating.service_id))
			.executeTakeFirst();
		if (!shown) notFound();
		return repeatSafe(trx, { scope: 'service-reply', key: input?.formKey ?? '', now }, async () => {
			const checked = checkPublicText(input?.body);
			if (!checked.ok) return checked;
			const { id } = await trx
				.insertInto('service_reply')
				.values({ rating_id: ratingId, author_id: actor.id, body: checked.text, created_at: now })
				.returning('id')
				.executeTakeFirstOrThrow();
			return { ok: true, replyId: id } as const;
		});
	});
	return result;
}

/** A reply waiting for a coordinator, with the comment it answers; not who wrote either. */
export interface PendingReply {
	replyId: string;
	serviceId: string;
	serviceName: string;
	comment: string;
	body: string;
}

/** The replies waiting for a coordinator, by service, oldest first. */
export async function listPendingReplies(db: Kysely<DB>, actor: Actor): Promise<PendingReply[]> {
	requireAccess(actor, 'service:moderate');
	const rows = await db
		.selectFrom('service_reply as p')
		.innerJoin('service_rating as r', 'r.id', 'p.rating_id')
		.innerJoin('service as s', 's.id', 'r.service_id')
		.select(['p.id', 'r.service_id', 's.name', 'r.comment', 'p.body'])
		.where('p.state', '=', 'pending')
		.orderBy('s.name')
		.orderBy('p.created_at')
		.orderBy('p.id')
		.execute();
	return rows.map((row) => ({
		replyId: row.id,
		serviceId: row.service_id,
		serviceName: row.name,
		comment: row.comment ?? '',
		body: row.body
	}));
}

/** A coordinator approves or declines a pending reply; one already decided is left as it is. */
export async function decideReply(
	db: Kysely<DB>,
	actor: Actor,
	replyId: unknown,
	decision: 'approve' | 'decline'
): Promise<{ ok: true } | { ok: false; problem: 'not_pending' }> {
	requireAccess(actor, 'service:moderate');
	if (!isUuid(replyId)) notFound();
	const updated = await db
		.updateTable('service_reply')
		.set({ state: decision === 'approve' ? 'approved' : 'declined' })
		.where('id', '=', replyId)
		.where('state', '=', 'pending')
		.returning('id')
		.executeTakeFirst();
	if (updated) return { ok: true };
	const exists = await db
		.selectFrom('service_reply')
		.select('id')
		.where('id', '=', replyId)
		.executeTakeFirst();
	if (!exists) notFound();
	return { ok: false, problem: 'not_pending' };
}
