import type { Kysely } from 'kysely';
import type { Actor } from '../access/actor';
import { can } from '../access/policy';
import { notFound, requireAccess } from '../access/require';
import type { DB, ReplyState } from '../db/schema';
import { commentsWithReplies } from './comments';
import { listComplaintsToldToService, type ComplaintToldToService } from './complaints';
import { shownFigures, type Figures, type StoredFigures } from './score-figures';
import { loadService } from './service-access';

/** One of the provider's services, as its own page shows it. */
export interface ProviderService {
	id: string;
	name: string;
	archived: boolean;
	/** The latest publication's figures for all raters; null while nothing is published. */
	figures: Figures | null;
	/** Whether the account may reply to its comments (not for an archived service). */
	mayReply: boolean;
	/** Approved comments on its page, each with the replies its staff wrote and their state. */
	comments: Array<{
		ratingId: string;
		text: string;
		replies: Array<{ id: string; body: string; state: ReplyState }>;
	}>;
	/** Complaints about it whose members agreed the service be told (never a sensitive one). */
	complaints: ComplaintToldToService[];
}

/**
 * A provider account's own view: every service it is bound to, with the scores and comments
 * anyone may see there, its replies waiting or decided, and the complaints members let it see.
 * An account bound to none gets a 404.
 */
export async function readProviderServices(
	db: Kysely<DB>,
	actor: Actor
): Promise<ProviderService[]> {
	requireAccess(actor, 'service:browse');
	const bound = await db
		.selectFrom('service_staff as st')
		.innerJoin('service as s', 's.id', 'st.service_id')
		.select(['s.id', 's.name'])
		.where('st.account_id', '=', actor.id)
		.orderBy('s.name')
		.orderBy('s.id')
		.execute();
	if (bound.length === 0) notFound();
	const services: ProviderService[] = [];
	for (const { id } of bound) {
		const { service, resource } = await loadService(db, actor, id);
		requireAccess(actor, 'service:provider-view', resource);
		const latest = await db
			.selectFrom('service_score')
			.select('figures')
			.where('service_id', '=', id)
			.orderBy('published_at', 'desc')
			.limit(1)
			.executeTakeFirst();
		const shown = latest ? shownFigures(latest.figures as unknown as StoredFigures) : null;
		services.push({
			id,
			name: service.name,
			archived: resource.archived,
			figures: shown?.all ?? null,
			mayReply: can(actor, 'service:reply', resource),
			comments: await commentsWithReplies(db, id, ['pending', 'approved', 'declined']),
			complaints: await listComplaintsToldToService(db, actor, id)
		});
	}
	return services;
}

/** Whether the actor is on any service's staff, for a link to their page. */
export async function isProviderAccount(db: Kysely<DB>, actor: Actor): Promise<boolean> {
	if (actor.kind !== 'account') return false;
	const row = await db
		.selectFrom('service_staff')
		.select('service_id')
		.where('account_id', '=', actor.id)
		.limit(1)
		.executeTakeFirst();
	return Boolean(row);
}
