import type { Kysely } from 'kysely';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { locales } from '$lib/paraglide/runtime';
import { RATING_FIELDS, serviceRatingSchema, type RatingField } from '$lib/schemas/service-rating';
import type { Actor } from '../access/actor';
import { requireAccess } from '../access/require';
import { countryForAccount } from '../accounts';
import type { Clock } from '../clock';
import type { CommentState, DB } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { isBlank } from '../forms/blank';
import { hasHiddenCharacters } from '../forms/hidden-characters';
import { log } from '../log';
import { publishIfDue } from './publication';
import { loadService } from './service-access';

/** Within this many days of their rating, a member changes it; after, rating again adds one. */
export const RATING_RENEW_DAYS = 90;
const RENEW_MS = RATING_RENEW_DAYS * 24 * 60 * 60_000;

export type RatingErrors = Partial<Record<RatingField | 'comment' | 'used', string>>;

/** What the member sees of their own rating: no id, no date. */
export interface OwnRating {
	respect: number;
	helped: number;
	safe: number;
	reach: number;
	comment: string | null;
	commentState: CommentState | null;
}

/** The form's problems, each said in the member's language beside its field. */
function checkRating(input: unknown) {
	const parsed = v.safeParse(serviceRatingSchema, input);
	const errors: RatingErrors = {};
	if (!parsed.success) {
		for (const issue of parsed.issues) {
			const field = v.getDotPath(issue) as keyof RatingErrors | null;
			if (field && !errors[field]) errors[field] = issue.message;
		}
		return { ok: false as const, errors };
	}
	const comment = isBlank(parsed.output.comment) ? null : parsed.output.comment;
	if (comment !== null && hasHiddenCharacters(comment)) {
		return { ok: false as const, errors: { comment: m.feedback_comment_invalid() } };
	}
	const scores = Object.fromEntries(
		RATING_FIELDS.map((field) => [field, Number(parsed.output[field])])
	) as Record<RatingField, number>;
	return { ok: true as const, scores, comment };
}

/** The rater's most recent rating of the service, if any. */
const latestOwn = (db: Kysely<DB>, accountId: string, serviceId: string) =>
	db
		.selectFrom('service_rating')
		.selectAll()
		.where('service_id', '=', serviceId)
		.where('account_id', '=', accountId)
		.orderBy('rated_at', 'desc')
		.limit(1)
		.executeTakeFirst();

/** Publishes after a rating changed; a failure waits for housekeeping, the rating is saved. */
async function publishAfterWrite(db: Kysely<DB>, serviceId: string, clock: Clock) {
	try {
		await publishIfDue(db, serviceId, clock);
	} catch (error) {
		log().warn({ error: (error as Error).name }, 'publishing scores failed');
	}
}

/**
 * A member rates a service they used (never their own service's staff): four answers from 1 to 5
 * and, if they like, a comment, which waits for a coordinator. Within RATING_RENEW_DAYS of their
 * rating they change that same one; after, rating again adds a new one. `language` is the one
 * the member rates in; the country is their account's, or their language's.
 *
 * The service's row is held while the rating is written: however many arrive at once from one
 * member, they make one rating, and each counts once towards the next publication.
 */
export async function rateService(
	db: Kysely<DB>,
	actor: Actor,
	serviceId: unknown,
	input: unknown,
	language: string,
	clock: Clock
): Promise<{ ok: true; changed: boolean } | { ok: false; errors: RatingErrors }> {
	const { resource } = await loadService(db, actor, serviceId);
	requireAccess(actor, 'service:rate', resource);
	const checked = checkRating(input);
	if (!checked.ok) return checked;
	const rater = actor.id;
	const result = await inTransaction(db, async (trx) => {
		const { service, resource } = await loadService(trx, actor, serviceId, { lock: true });
		requireAccess(actor, 'service:rate', resource);
		const account = await trx
			.selectFrom('account')
			.select(['country', 'locale'])
			.where('id', '=', rater)
			.executeTakeFirstOrThrow();
		const ratedIn = (locales as readonly string[]).includes(language) ? language : 'en';
		const now = clock();
		const values = {
			...checked.scores,
			language: ratedIn,
			country: countryForAccount({ country: account.country, locale: account.locale ?? ratedIn }),
			rated_at: now
		};
		const latest = await latestOwn(trx, rater, service.id);
		let changed = true;
		if (latest && now.getTime() - latest.rated_at.getTime() < RENEW_MS) {
			const sameComment = latest.comment === checked.comment;
			changed =
				!sameComment || RATING_FIELDS.some((field) => latest[field] !== checked.scores[field]);
			await trx
				.updateTable('service_rating')
				.set({
					...values,
					// A changed comment is read again; an unchanged one keeps where it stood.
					...(sameComment
						? {}
						: {
								comment: checked.comment,
								comment_state: checked.comment === null ? null : 'pending',
								proposed_comment: null
							})
				})
				.where('id', '=', latest.id)
				.execute();
			// Replies answered the words that were there: they go with them.
			if (!sameComment)
				await trx.deleteFrom('service_reply').where('rating_id', '=', latest.id).execute();
		} else {
			await trx
				.insertInto('service_rating')
				.values({
					...values,
					service_id: service.id,
					account_id: rater,
					comment: checked.comment,
					comment_state: checked.comment === null ? null : 'pending'
				})
				.execute();
		}
		// Sending the same answers again changes no figure: it does not count towards publishing.
		if (changed) {
			await trx
				.updateTable('service')
				.set((eb) => ({ rating_changes: eb('rating_changes', '+', 1) }))
				.where('id', '=', service.id)
				.execute();
		}
		return { serviceId: service.id, changed };
	});
	await publishAfterWrite(db, result.serviceId, clock);
	return { ok: true, changed: result.changed };
}

/**
 * The member withdraws what they gave this service: every rating of theirs is deleted, comment
 * and all, so that an older one does not count again in its place. Returns whether there was one.
 */
export async function withdrawRating(
	db: Kysely<DB>,
	actor: Actor,
	serviceId: unknown,
	clock: Clock
): Promise<boolean> {
	const { resource } = await loadService(db, actor, serviceId);
	requireAccess(actor, 'service:view', resource);
	const rater = actor.id;
	const withdrawn = await inTransaction(db, async (trx) => {
		const { service } = await loadService(trx, actor, serviceId, { lock: true });
		const deleted = await trx
			.deleteFrom('service_rating')
			.where('service_id', '=', service.id)
			.where('account_id', '=', rater)
			.executeTakeFirst();
		if (Number(deleted.numDeletedRows) === 0) return null;
		await trx
			.updateTable('service')
			.set((eb) => ({ rating_changes: eb('rating_changes', '+', 1) }))
			.where('id', '=', service.id)
			.execute();
		return service.id;
	});
	if (withdrawn) await publishAfterWrite(db, withdrawn, clock);
	return withdrawn !== null;
}

const ownView = (row: Awaited<ReturnType<typeof latestOwn>>): OwnRating | null =>
	row
		? {
				respect: row.respect,
				helped: row.helped,
				safe: row.safe,
				reach: row.reach,
				comment: row.comment,
				commentState: row.comment_state
			}
		: null;

/** The member's own most recent rating of the service, for them alone; null if none. */
export async function ownRating(
	db: Kysely<DB>,
	actor: Actor,
	serviceId: unknown
): Promise<OwnRating | null> {
	const { service, resource } = await loadService(db, actor, serviceId);
	requireAccess(actor, 'service:view', resource);
	return ownView(await latestOwn(db, actor.id, service.id));
}

/** The rating page: the service's name and the member's own rating, for whoever may rate it. */
export async function ratingPage(
	db: Kysely<DB>,
	actor: Actor,
	serviceId: unknown
): Promise<{ serviceId: string; name: string; own: OwnRating | null }> {
	const { service, resource } = await loadService(db, actor, serviceId);
	requireAccess(actor, 'service:rate', resource);
	const own = ownView(await latestOwn(db, actor.id, service.id));
	return { serviceId: service.id, name: service.name, own };
}
