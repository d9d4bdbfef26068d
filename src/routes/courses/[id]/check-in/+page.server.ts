import { fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import type { AccountActor } from '$lib/server/access/actor';
import { requireAccess, requireSignedIn } from '$lib/server/access/require';
import { systemClock } from '$lib/server/clock';
import { checkIn, openSessionFor, type CheckInRefusal } from '$lib/server/courses/attendance';
import { progressOf } from '$lib/server/courses/completion';
import { loadCourse } from '$lib/server/courses/course-access';
import { courseDay, courseHours } from '$lib/server/courses/course-time';
import { getDb } from '$lib/server/db';
import { formatNumber } from '$lib/server/i18n/format';
import type { Actions, PageServerLoad } from './$types';

// Plain forms, each sent whole: the page comes from the server, with no framework to fetch on a
// slow phone.
export const csr = false;

/** The query the course page is sent to after a check-in, to thank the member. */
const CHECKED_IN_QUERY = 'checked-in';

/** Longer than any code typed with spaces: what comes back is what was typed, not a whole paste. */
const KEEP_TYPED = 40;

/** The course and the member's seat in it: anyone without a seat is told there is no such page. */
async function seated(actor: AccountActor, courseId: string) {
	const context = await loadCourse(getDb(), actor, courseId);
	requireAccess(actor, 'course:check-in', context.resource);
	return { course: context.course, enrolmentId: context.enrolment!.id };
}

function refusal(result: CheckInRefusal): string {
	switch (result.problem) {
		case 'wrong_code':
			return m.check_in_wrong_code();
		case 'not_open':
			return m.check_in_closed();
		case 'too_fast':
			return m.check_in_too_many({
				minutes: formatNumber(Math.max(1, Math.ceil((result.retryAfterS ?? 60) / 60)))
			});
	}
}

/** A member with a seat types the code the trainer shows; and sees how their attendance stands. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	requireSignedIn(locals.actor, url);
	const now = systemClock();
	const { course, enrolmentId } = await seated(locals.actor, params.id);
	const [open, progress] = await Promise.all([
		openSessionFor(getDb(), course.id, now),
		progressOf(getDb(), course, enrolmentId, now)
	]);
	const tz = course.time_zone;
	return {
		courseId: course.id,
		title: course.title,
		session: open && {
			id: open.id,
			line: m.check_in_session({
				day: courseDay(open.startsAt, tz),
				hours: courseHours(open.startsAt, open.endsAt, tz)
			})
		},
		progress: {
			line: m.check_in_progress({
				present: formatNumber(progress.present),
				scheduled: formatNumber(progress.scheduled),
				needed: formatNumber(progress.needed)
			}),
			excused:
				progress.excused > 0
					? m.check_in_progress_excused({ excused: formatNumber(progress.excused) })
					: null,
			done: progress.completed ? m.check_in_progress_done() : null,
			talk: !progress.completed && !progress.reachable ? m.check_in_progress_talk() : null
		}
	};
};

export const actions: Actions = {
	default: async ({ request, locals, params, url }) => {
		requireSignedIn(locals.actor, url);
		await seated(locals.actor, params.id);
		const data = await request.formData();
		const typed = data.get('code');
		const code = typeof typed === 'string' ? typed.slice(0, KEEP_TYPED) : '';
		// Nothing typed is not a try: it does not count against the member's tries.
		if (code.trim() === '') return fail(400, { code, problem: m.field_required() });
		const result = await checkIn(
			getDb(),
			locals.actor,
			params.id,
			{ sessionId: data.get('sessionId'), code: typed },
			systemClock()
		);
		if (result.ok) redirect(303, `/courses/${params.id}?${CHECKED_IN_QUERY}`);
		return fail(400, { code, problem: refusal(result) });
	}
};
