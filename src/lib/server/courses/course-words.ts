import { m } from '$lib/paraglide/messages';
import { countryName } from '$lib/referrals/country-name';
import type { Country, CourseLevel } from '../db/schema';
import { formatNumber } from '../i18n/format';
import { courseMoment } from './course-time';

/*
 * How a course and a member's place in it are said, in the member's language. Pages get finished
 * sentences: no message catalogue ships to the phone.
 */

const LEVELS: Record<CourseLevel, () => string> = {
	idea: m.courses_level_idea,
	start: m.courses_level_start,
	grow: m.courses_level_grow
};

/** "Starting a business", for the level a course is meant for. */
export const levelName = (level: CourseLevel) => LEVELS[level]();

/** "Chiang Rai, Thailand", or "Online, for Thailand". */
export function placeLine(course: { online: boolean; area: string; country: Country }): string {
	return course.online
		? m.courses_place_online({ country: countryName(course.country) })
		: m.courses_place({ area: course.area, country: countryName(course.country) });
}

/** Where the member stands: a seat, an offer with its deadline, or a place in line. */
export function standingLine(
	standing:
		| { status: 'enrolled' }
		| { status: 'offered'; offerExpiresAt: Date | null }
		| { status: 'waitlisted'; place: number | null },
	timeZone: string
): string {
	switch (standing.status) {
		case 'enrolled':
			return m.courses_standing_enrolled();
		case 'offered':
			return m.courses_standing_offered({
				until: courseMoment(standing.offerExpiresAt!, timeZone)
			});
		case 'waitlisted':
			return m.courses_standing_waitlisted({ place: formatNumber(standing.place ?? 1) });
	}
}
