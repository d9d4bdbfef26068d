import { fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { requireSignedIn } from '$lib/server/access/require';
import { systemClock } from '$lib/server/clock';
import { loadCourse } from '$lib/server/courses/course-access';
import { answerFollowUp, followUpDue } from '$lib/server/courses/feedback';
import { getDb } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';
import { followUpProblems, followUpQuestions, followUpValues } from './follow-up-form.server';

// Plain forms, each sent whole: the page comes from the server, with no framework to fetch on a
// slow phone.
export const csr = false;

/** The query the page is sent back to after an answer, to say it was heard. */
const DONE_QUERY = 'done';

/**
 * Three and twelve months after a course they completed, a participant is asked whether it
 * helped: three questions, each optional, or "I'd rather not answer". Anyone without a seat in
 * the course is told there is no such page (followUpDue checks).
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	requireSignedIn(locals.actor, url);
	const db = getDb();
	const due = await followUpDue(db, locals.actor, params.id, systemClock());
	const { course } = await loadCourse(db, locals.actor, params.id);
	const done = url.searchParams.get(DONE_QUERY);
	return {
		courseId: course.id,
		title: course.title,
		due,
		intro: due === 3 ? m.follow_up_intro_3() : due === 12 ? m.follow_up_intro_12() : null,
		done:
			done === 'answered'
				? m.follow_up_answered()
				: done === 'declined'
					? m.follow_up_declined()
					: null,
		questions: followUpQuestions(),
		values: { work: '', earnings: '', helpNext: '' }
	};
};

export const actions: Actions = {
	answer: async ({ request, locals, params, url }) => {
		requireSignedIn(locals.actor, url);
		const db = getDb();
		const now = systemClock();
		const data = await request.formData();
		const values = followUpValues(data);
		const afterMonths = data.get('afterMonths');
		// Whether the course is theirs comes first: for anyone else it is a 404, whatever they sent.
		const due = await followUpDue(db, locals.actor, params.id, now);
		if (due === null || String(due) !== afterMonths)
			return fail(400, { values, errors: {}, problem: m.follow_up_closed() });
		const { errors, nothing } = followUpProblems(values);
		if (Object.keys(errors).length > 0)
			return fail(400, { values, errors, problem: m.form_fix_errors() });
		if (nothing)
			return fail(400, {
				values,
				errors: {},
				problem: m.follow_up_choose_some({ decline: m.follow_up_decline() })
			});
		const result = await answerFollowUp(
			db,
			locals.actor,
			params.id,
			{ afterMonths: due, ...values },
			now
		);
		if (result.ok) redirect(303, `/courses/${params.id}/follow-up?${DONE_QUERY}=answered`);
		return fail(400, {
			values,
			errors: {},
			problem: result.problem === 'not_due' ? m.follow_up_closed() : m.follow_up_choose_shown()
		});
	},
	decline: async ({ request, locals, params, url }) => {
		requireSignedIn(locals.actor, url);
		const data = await request.formData();
		const result = await answerFollowUp(
			getDb(),
			locals.actor,
			params.id,
			{ afterMonths: data.get('afterMonths'), declined: true },
			systemClock()
		);
		if (result.ok) redirect(303, `/courses/${params.id}/follow-up?${DONE_QUERY}=declined`);
		return fail(400, { values: followUpValues(data), errors: {}, problem: m.follow_up_closed() });
	}
};
