import { sql, type Kysely } from 'kysely';
import type { Actor } from '../access/actor';
import { requireAccess } from '../access/require';
import type { Country, CourseLevel, CourseTimeZone, DB } from '../db/schema';
import { isLocale } from '$lib/paraglide/runtime';
import { COUNTRIES, COURSE_LEVELS } from './course-input';

export interface CatalogueFilters {
	language?: string;
	country?: string;
	/** Part of the area's name, as typed. */
	area?: string;
	/** 'YYYY-MM': courses whose first session falls in that month, on the course's clock. */
	month?: string;
	level?: string;
}

export interface CatalogueEntry {
	id: string;
	title: string;
	summary: string;
	language: string;
	level: CourseLevel;
	provider: string;
	online: boolean;
	country: Country;
	area: string;
	timeZone: CourseTimeZone;
	firstSessionAt: Date;
	lastSessionEndsAt: Date;
	sessions: number;
	capacity: number;
	/**
	 * Seats a newcomer would get: neither taken nor held by an offer, and none while anyone waits
	 * (nobody jumps the line, even in the last day, when no more offers are made).
	 */
	seatsLeft: number;
	/** Members waiting for a seat. */
	waiting: number;
	enrolmentOpensAt: Date;
	enrolmentClosesAt: Date;
}

export type FilterProblem = {
	ok: false;
	problem: 'invalid_filter';
	filter: keyof CatalogueFilters;
};

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function filterProblem(filters: CatalogueFilters): keyof CatalogueFilters | null {
	if (filters.language !== undefined && !isLocale(filters.language)) return 'language';
	if (filters.country !== undefined && !COUNTRIES.includes(filters.country as Country))
		return 'country';
	if (filters.level !== undefined && !COURSE_LEVELS.includes(filters.level as CourseLevel))
		return 'level';
	if (filters.month !== undefined && !MONTH.test(filters.month)) return 'month';
	if (filters.area !== undefined && (typeof filters.area !== 'string' || filters.area.length > 120))
		return 'area';
	return null;
}

/**
 * The published courses that have not ended yet, soonest first, with seats left: what members
 * browse. Drafts never appear; a cancelled course is not offered. An unknown filter value is a
 * problem to show beside the filter, not an empty list.
 */
export async function browseCourses(
	db: Kysely<DB>,
	actor: Actor,
	filters: CatalogueFilters,
	now: Date
): Promise<{ ok: true; courses: CatalogueEntry[] } | FilterProblem> {
	requireAccess(actor, 'course:browse');
	const problem = filterProblem(filters ?? {});
	if (problem) return { ok: false, problem: 'invalid_filter', filter: problem };
	let query = db
		.selectFrom('course as c')
		.innerJoin(
			(eb) =>
				eb
					.selectFrom('course_session')
					.select([
						'course_id',
						(s) => s.fn.min('starts_at').as('first_at'),
						(s) => s.fn.max('ends_at').as('last_at'),
						(s) => s.fn.countAll<string>().as('sessions')
					])
					.groupBy('course_id')
					.as('s'),
			(join) => join.onRef('s.course_id', '=', 'c.id')
		)
		.leftJoin(
			(eb) =>
				eb
					.selectFrom('course_enrolment')
					.select([
						'course_id',
						sql<string>`count(*) filter (where status in ('enrolled', 'offered'))`.as('taken'),
						sql<string>`count(*) filter (where status = 'waitlisted')`.as('waiting')
					])
					.groupBy('course_id')
					.as('e'),
			(join) => join.onRef('e.course_id', '=', 'c.id')
		)
		.select([
			'c.id',
			'c.title',
			'c.summary',
			'c.language',
			'c.level',
			'c.provider',
			'c.online',
			'c.country',
			'c.area',
			'c.time_zone',
			'c.capacity',
			'c.enrolment_opens_at',
			'c.enrolment_closes_at',
			's.first_at',
			's.last_at',
			's.sessions',
			'e.taken',
			'e.waiting'
		])
		.where('c.state', '=', 'published')
		.where('s.last_at', '>', now);
	if (filters.language) query = query.where('c.language', '=', filters.language);
	if (filters.country) query = query.where('c.country', '=', filters.country as Country);
	if (filters.level) query = query.where('c.level', '=', filters.level as CourseLevel);
	if (filters.area?.trim()) {
		const words = filters.area.trim().replace(/[\\%_]/g, (c) => `\\${c}`);
		query = query.where('c.area', 'ilike', `%${words}%`);
	}
	if (filters.month)
		query = query.where(
			sql<string>`to_char(s.first_at at time zone c.time_zone, 'YYYY-MM')`,
			'=',
			filters.month
		);
	const rows = await query.orderBy('s.first_at').orderBy('c.id').execute();
	return {
		ok: true,
		courses: rows.map((row) => ({
			id: row.id,
			title: row.title,
			summary: row.summary,
			language: row.language,
			level: row.level,
			provider: row.provider,
			online: row.online,
			country: row.country,
			area: row.area,
			timeZone: row.time_zone,
			firstSessionAt: new Date(row.first_at as Date),
			lastSessionEndsAt: new Date(row.last_at as Date),
			sessions: Number(row.sessions),
			capacity: row.capacity,
			seatsLeft:
				Number(row.waiting ?? 0) > 0 ? 0 : Math.max(0, row.capacity - Number(row.taken ?? 0)),
			waiting: Number(row.waiting ?? 0),
			enrolmentOpensAt: row.enrolment_opens_at,
			enrolmentClosesAt: row.enrolment_closes_at
		}))
	};
}
