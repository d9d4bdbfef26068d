import { fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { requireSignedIn } from '$lib/server/access/require';
import { systemClock } from '$lib/server/clock';
import { courseMoment } from '$lib/server/courses/course-time';
import { removeEnrolment } from '$lib/server/courses/enrolment';
import { readRoster, type RosterEntry } from '$lib/server/courses/roster';
import { rosterName } from '$lib/server/courses/roster-name';
import { getDb } from '$lib/server/db';
import { formatDate, formatNumber } from '$lib/server/i18n/format';
import type { Actions, PageServerLoad } from './$types';

// Plain forms, each sent whole: the page comes from the server, with no framework to fetch on a
// slow phone.
export const csr = false;

export const load: PageServerLoad = async ({ locals, params, url }) => {
	requireSignedIn(locals.actor, url);
	const roster = await readRoster(getDb(), locals.actor, params.id);
	const person = (entry: RosterEntry) => ({ id: entry.enrolmentId, name: rosterName(entry) });
	// Asked to confirm before taking someone off (a plain link, so it works without scripts).
	const removing = url.searchParams.get('remove');
	return {
		courseId: roster.courseId,
		title: roster.title,
		counts: m.roster_counts({
			enrolled: formatNumber(roster.enrolled.length + roster.offered.length),
			capacity: formatNumber(roster.capacity),
			waiting: formatNumber(roster.waiting.length)
		}),
		enrolled: roster.enrolled.map((entry) => ({
			...person(entry),
			line: m.roster_since({ day: formatDate(entry.since) })
		})),
		offered: roster.offered.map((entry) => ({
			...person(entry),
			line: m.roster_offered_until({ until: courseMoment(entry.until, roster.timeZone) })
		})),
		waiting: roster.waiting.map((entry, i) => ({
			...person(entry),
			line: m.roster_place({ place: formatNumber(i + 1) })
		})),
		removing:
			[...roster.enrolled, ...roster.offered, ...roster.waiting].find(
				(entry) => entry.enrolmentId === removing
			)?.enrolmentId ?? null
	};
};

export const actions: Actions = {
	remove: async ({ request, locals, params, url }) => {
		requireSignedIn(locals.actor, url);
		const data = await request.formData();
		const result = await removeEnrolment(
			getDb(),
			locals.actor,
			params.id,
			data.get('enrolmentId'),
			systemClock()
		);
		if (!result.ok) return fail(400, { problem: m.roster_remove_unknown() });
		redirect(303, `/courses/${params.id}/roster`);
	}
};
