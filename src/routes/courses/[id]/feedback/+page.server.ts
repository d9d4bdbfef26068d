import { fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { requireSignedIn } from '$lib/server/access/require';
import { systemClock } from '$lib/server/clock';
import { courseMoment } from '$lib/server/courses/course-time';
import { COMMENT_MAX, giveFeedback } from '$lib/server/courses/feedback';
import { getDb } from '$lib/server/db';
import { formatNumber } from '$lib/server/i18n/format';
import type { Actions, PageServerLoad } from './$types';
import {
	feedbackErrors,
	feedbackQuestions,
	feedbackValues,
	ownAnswerLines,
	startingValues
} from './feedback-form.server';
import { readFeedbackPage, type FeedbackPage } from '$lib/server/courses/feedback-page';

// Plain forms, each sent whole: the page comes from the server, with no framework to fetch on a
// slow phone.
export const csr = false;

/** The query the page is sent back to after an answer is saved, to thank the member. */
const THANKS_QUERY = 'thanks';
/** The query that opens the form again over an answer already given (a link, so no script). */
const CHANGE_QUERY = 'change';

function notEndedLine(page: Pick<FeedbackPage, 'lastEndsAt' | 'timeZone'>): string {
	return page.lastEndsAt
		? m.feedback_not_ended({ when: courseMoment(page.lastEndsAt, page.timeZone) })
		: m.feedback_not_ended_plain();
}

/** A participant rates the course once its last session has ended, and may change their answer. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	requireSignedIn(locals.actor, url);
	const page = await readFeedbackPage(getDb(), locals.actor, params.id, systemClock());
	return {
		courseId: page.courseId,
		title: page.title,
		notYet: page.ended ? null : notEndedLine(page),
		thanks: page.own !== null && url.searchParams.has(THANKS_QUERY),
		own: page.own && ownAnswerLines(page.own),
		// The form: open until answered; over an answer only when the member asks to change it.
		showForm: page.ended && (page.own === null || url.searchParams.has(CHANGE_QUERY)),
		questions: feedbackQuestions(),
		values: startingValues(page.own),
		commentMax: COMMENT_MAX,
		commentHint: m.feedback_comment_hint({ max: formatNumber(COMMENT_MAX) })
	};
};

export const actions: Actions = {
	answer: async ({ request, locals, params, url }) => {
		requireSignedIn(locals.actor, url);
		const values = feedbackValues(await request.formData());
		const now = systemClock();
		const result = await giveFeedback(getDb(), locals.actor, params.id, values, now);
		if (result.ok) redirect(303, `/courses/${params.id}/feedback?${THANKS_QUERY}`);
		if (result.problem === 'not_ended') {
			const page = await readFeedbackPage(getDb(), locals.actor, params.id, now);
			return fail(400, { values, errors: {}, problem: notEndedLine(page) });
		}
		return fail(400, {
			values,
			errors: feedbackErrors(result.fields),
			problem: m.form_fix_errors()
		});
	}
};
