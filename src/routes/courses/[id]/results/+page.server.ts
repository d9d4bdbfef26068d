import { m } from '$lib/paraglide/messages';
import { can } from '$lib/server/access/policy';
import { requireSignedIn } from '$lib/server/access/require';
import { loadCourse } from '$lib/server/courses/course-access';
import {
	MIN_ANSWERS,
	readFeedbackSummary,
	readFollowUpSummary
} from '$lib/server/courses/feedback';
import { getDb } from '$lib/server/db';
import { formatNumber } from '$lib/server/i18n/format';
import type { PageServerLoad } from './$types';
import { followUpWords, ratingWords } from './results-words.server';

/**
 * What participants said of a course, added up: its ratings for its trainers and coordinators,
 * and for coordinators also what they said months later. Anyone else is told there is no such
 * page (readFeedbackSummary checks).
 */
// Figures to read: the page comes whole from the server, with no framework to fetch on a slow
// phone.
export const csr = false;

export const load: PageServerLoad = async ({ locals, params, url }) => {
	requireSignedIn(locals.actor, url);
	const db = getDb();
	const ratings = await readFeedbackSummary(db, locals.actor, params.id);
	const { course, resource } = await loadCourse(db, locals.actor, params.id);
	const followUp = can(locals.actor, 'course:follow-up-results', resource)
		? followUpWords(await readFollowUpSummary(db, locals.actor, params.id))
		: null;
	return {
		courseId: course.id,
		title: course.title,
		privacy: m.results_privacy({ min: formatNumber(MIN_ANSWERS) }),
		ratings: ratingWords(ratings),
		followUp
	};
};
