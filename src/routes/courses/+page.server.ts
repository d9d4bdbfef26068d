import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { LANGUAGE_NAMES } from '$lib/i18n/languages';
import { locales, type Locale } from '$lib/paraglide/runtime';
import { countryName } from '$lib/referrals/country-name';
import { can } from '$lib/server/access/policy';
import { requireSignedIn } from '$lib/server/access/require';
import { systemClock } from '$lib/server/clock';
import { browseCourses, type CatalogueFilters } from '$lib/server/courses/browse';
import { COUNTRIES, COURSE_LEVELS } from '$lib/server/courses/course-input';
import { courseDay } from '$lib/server/courses/course-time';
import { coursesRun } from '$lib/server/courses/courses-run';
import { levelName, placeLine, standingLine } from '$lib/server/courses/course-words';
import { myCourses } from '$lib/server/courses/my-courses';
import { getDb } from '$lib/server/db';
import { formatNumber } from '$lib/server/i18n/format';
import type { PageServerLoad } from './$types';

// Lists, links and a GET form: the page comes whole from the server, with no framework to fetch on
// a slow phone.
export const csr = false;

const FILTERS = ['language', 'country', 'area', 'month', 'level'] as const;

/** The filters as the GET form sends them; an empty choice means "any". */
function filtersFrom(url: URL): CatalogueFilters {
	const filters: CatalogueFilters = {};
	for (const name of FILTERS) {
		const value = url.searchParams.get(name)?.trim();
		if (value) filters[name] = value;
	}
	return filters;
}

export const load: PageServerLoad = async ({ locals, url }) => {
	requireSignedIn(locals.actor, url);
	const db = getDb();
	const actor = locals.actor;
	const now = systemClock();
	const filters = filtersFrom(url);
	const [browsed, mine, run] = await Promise.all([
		browseCourses(db, actor, filters, now),
		myCourses(db, actor),
		coursesRun(db, actor, now)
	]);
	// Only a hand-made address gets here: the form offers valid choices alone.
	if (!browsed.ok) error(400, m.courses_filter_invalid());
	return {
		filters: {
			language: filters.language ?? '',
			country: filters.country ?? '',
			area: filters.area ?? '',
			month: filters.month ?? '',
			level: filters.level ?? ''
		},
		filtered: Object.keys(filters).length > 0,
		choices: {
			languages: locales.map((locale) => ({ value: locale, label: LANGUAGE_NAMES[locale] })),
			countries: COUNTRIES.map((country) => ({ value: country, label: countryName(country) })),
			levels: COURSE_LEVELS.map((level) => ({ value: level, label: levelName(level) }))
		},
		courses: browsed.courses.map((course) => ({
			id: course.id,
			title: course.title,
			summary: course.summary,
			lines: [
				`${levelName(course.level)} · ${LANGUAGE_NAMES[course.language as Locale] ?? course.language}`,
				placeLine(course),
				m.courses_starts({
					day: courseDay(course.firstSessionAt, course.timeZone),
					sessions: formatNumber(course.sessions)
				})
			],
			seats:
				course.seatsLeft > 0
					? m.courses_seats_left({ seats: formatNumber(course.seatsLeft) })
					: m.courses_full({ waiting: formatNumber(course.waiting) }),
			full: course.seatsLeft === 0
		})),
		mine: mine.map((course) => ({
			id: course.courseId,
			title: course.title,
			line:
				course.state === 'cancelled' ? m.courses_cancelled() : standingLine(course, course.timeZone)
		})),
		run: run.map((course) => ({
			id: course.id,
			title: course.title,
			line: [
				course.state === 'draft' ? m.courses_state_draft() : m.courses_state_published(),
				course.firstSessionAt ? courseDay(course.firstSessionAt, course.timeZone) : null,
				course.trains ? m.courses_you_train() : null
			]
				.filter(Boolean)
				.join(' · ')
		})),
		mayCreate: can(actor, 'course:create')
	};
};
