import type { Kysely } from 'kysely';
import { COUNTRIES } from '$lib/schemas/help';
import type { Actor } from '../access/actor';
import { requireAccess } from '../access/require';
import type { Country, DB } from '../db/schema';
import { shownFigures, type Figures, type StoredFigures } from './score-figures';
import { resolveService, type ServiceRef } from './service-access';

/** One group at a time: only single-dimension groups are published. */
export interface ScoreFilter {
	language?: string;
	country?: Country;
}

/** The filter a page's query asks for (?language=th or ?country=KH); anything else is ignored. */
export function scoreFilterFrom(params: URLSearchParams): ScoreFilter {
	const language = params.get('language') || undefined;
	const country = COUNTRIES.find((known) => known === params.get('country'));
	return { language, country };
}

export interface ScoresView {
	/** The latest publication's figures for the filter; null when nothing is published for it. */
	figures: Figures | null;
	/** Whether the service has published scores at all (for all raters). */
	published: boolean;
	/** The filter as applied: only values that exist in the publication are kept. */
	filter: ScoreFilter;
	/** Filter values the latest publication holds figures for. */
	languages: string[];
	countries: Country[];
}

/**
 * A service's published scores as a page may show them: read only from the latest publication,
 * never from the ratings, so nothing below the publishing rules can leave the server.
 */
export async function serviceScoresView(
	db: Kysely<DB>,
	actor: Actor,
	serviceRef: ServiceRef,
	filter: ScoreFilter
): Promise<ScoresView> {
	const { service, resource } = await resolveService(db, actor, serviceRef);
	requireAccess(actor, 'service:view', resource);
	const latest = await db
		.selectFrom('service_score')
		.select('figures')
		.where('service_id', '=', service.id)
		.orderBy('published_at', 'desc')
		.limit(1)
		.executeTakeFirst();
	const shown = latest ? shownFigures(latest.figures as unknown as StoredFigures) : null;
	if (!shown) return { figures: null, published: false, filter: {}, languages: [], countries: [] };
	const languages = Object.keys(shown.language).sort();
	const countries = (Object.keys(shown.country) as Country[]).sort();
	const language =
		filter.language && languages.includes(filter.language) ? filter.language : undefined;
	const country = filter.country && countries.includes(filter.country) ? filter.country : undefined;
	// Both at once would be a group smaller than either, which the rules never published.
	const figures =
		language && country
			? null
			: language
				? (shown.language[language] ?? null)
				: country
					? (shown.country[country] ?? null)
					: shown.all;
	return { figures, published: true, filter: { language, country }, languages, countries };
}
