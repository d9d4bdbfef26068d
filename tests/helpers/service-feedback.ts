import type { Kysely } from 'kysely';
import type { CommentState, DB } from '../../src/lib/server/db/schema';
import type { PublishedFigures } from '../../src/lib/server/services/score-figures';
import { createAccount, signedIn, type TestAccount } from './factories';

/*
 * Rows for comment, reply and "you said, we did" tests, straight in the database: a service, its
 * staff, ratings with comments in a given state, and a publication of its scores.
 */

export async function createService(
	db: Kysely<DB>,
	options: { name?: string; archived?: boolean } = {}
): Promise<{ id: string; name: string }> {
	const name = options.name ?? `Service ${crypto.randomUUID().slice(0, 8)}`;
	const row = await db
		.insertInto('service')
		.values({
			name,
			kind: 'counselling',
			country: 'KH',
			how_to_reach: 'Ask at the front desk',
			archived_at: options.archived ? new Date() : null
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return { id: row.id, name };
}

/** A member account bound to the service as its staff (a provider account). */
export async function createProvider(db: Kysely<DB>, serviceId: string) {
	const account = await createAccount(db);
	await db
		.insertInto('service_staff')
		.values({ service_id: serviceId, account_id: account.id })
		.execute();
	return { account, actor: await signedIn(db, account) };
}

/** A rating of the service, by a new member unless one is given, with a comment if told. */
export async function rateService(
	db: Kysely<DB>,
	serviceId: string,
	options: { by?: TestAccount; comment?: string; state?: CommentState; proposed?: string } = {}
): Promise<{ ratingId: string; rater: TestAccount }> {
	const rater = options.by ?? (await createAccount(db));
	const row = await db
		.insertInto('service_rating')
		.values({
			service_id: serviceId,
			account_id: rater.id,
			respect: 4,
			helped: 4,
			safe: 5,
			reach: 3,
			language: 'en',
			country: 'KH',
			comment: options.comment ?? null,
			comment_state: options.comment ? (options.state ?? 'pending') : null,
			proposed_comment: options.proposed ?? null,
			rated_at: new Date()
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return { ratingId: row.id, rater };
}

const FIGURES: PublishedFigures = {
	all: { band: '10-19', respect: 4, helped: 4, safe: 5, reach: 3 },
	language: {},
	country: {}
};

/** A publication of the service's scores counting `raters`, later than any before it. */
export async function publishScores(
	db: Kysely<DB>,
	serviceId: string,
	raters: number,
	publishedAt = new Date()
): Promise<void> {
	await db
		.insertInto('service_score')
		.values({
			service_id: serviceId,
			published_at: publishedAt,
			raters,
			changes_seen: raters,
			figures: JSON.stringify(FIGURES)
		})
		.execute();
}
