import { fail, redirect } from '@sveltejs/kit';
import { setError, superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { LANGUAGE_NAMES } from '$lib/i18n/languages';
import { m } from '$lib/paraglide/messages';
import { getLocale, type Locale } from '$lib/paraglide/runtime';
import { pseudonymMessage } from '$lib/schemas/accounts';
import { courseEnrolSchema } from '$lib/schemas/course-enrolment';
import { can } from '$lib/server/access/policy';
import { requireSignedIn } from '$lib/server/access/require';
import { systemClock } from '$lib/server/clock';
import type { Progress } from '$lib/server/courses/completion';
import { readCoursePage, type CoursePage, type EnrolBlock } from '$lib/server/courses/course-page';
import { courseDay, courseHours, courseMoment } from '$lib/server/courses/course-time';
import { levelName, placeLine, standingLine } from '$lib/server/courses/course-words';
import { acceptOffer, enrol, withdraw, type EnrolRefusal } from '$lib/server/courses/enrolment';
import { getDb } from '$lib/server/db';
import { suggestCircleName } from '$lib/server/groups/name-suggestion';
import { formatNumber } from '$lib/server/i18n/format';
import type { Actions, PageServerLoad } from './$types';

// Plain forms, each sent whole: the page comes from the server, with no framework to fetch on a
// slow phone.
export const csr = false;

const BLOCKS: Record<EnrolBlock, () => string> = {
	not_open_yet: m.course_enrol_not_open_yet,
	closed: m.course_enrol_closed,
	started: m.course_enrol_started,
	cancelled: m.course_cancelled_notice,
	draft: m.course_draft_notice,
	trainer: m.course_enrol_trainer,
	removed: m.course_enrol_removed,
	prerequisite: m.course_enrol_prerequisite
};

/** The course in finished sentences of the member's language, on the course's own clock. */
function words(course: CoursePage) {
	const tz = course.timeZone;
	return {
		facts: [
			{ label: m.course_fact_level(), value: levelName(course.level) },
			{
				label: m.course_fact_language(),
				value: LANGUAGE_NAMES[course.language as Locale] ?? course.language
			},
			{ label: m.course_fact_provider(), value: course.provider },
			{ label: m.course_fact_place(), value: placeLine(course) },
			...(course.address ? [{ label: m.course_fact_address(), value: course.address }] : []),
			{
				label: m.course_fact_enrolment(),
				value: m.course_enrolment_window({
					opens: courseDay(course.enrolmentOpensAt, tz),
					closes: courseDay(new Date(course.enrolmentClosesAt.getTime() - 1), tz)
				})
			},
			{
				label: m.course_fact_completion(),
				value: m.course_completion_rule({ percent: formatNumber(course.attendanceThreshold) })
			}
		],
		sessions: course.sessions.map((session) => ({
			day: courseDay(session.startsAt, tz),
			hours: courseHours(session.startsAt, session.endsAt, tz)
		})),
		seats:
			course.seatsLeft > 0
				? m.courses_seats_left({ seats: formatNumber(course.seatsLeft) })
				: m.courses_full({ waiting: formatNumber(course.waiting) }),
		standing: course.standing && standingLine(course.standing, tz),
		offerUntil:
			course.standing?.status === 'offered'
				? courseMoment(course.standing.offerExpiresAt, tz)
				: null,
		block: course.enrolBlock && BLOCKS[course.enrolBlock](),
		progress: course.progress && progressLine(course.progress),
		enrolLabel: course.seatsLeft > 0 ? m.course_enrol_submit() : m.course_waitlist_submit()
	};
}

/** Sessions attended against those needed, and, when it matters, what remains possible. */
function progressLine(progress: Progress): string {
	const attended = m.course_progress({
		present: formatNumber(progress.present),
		held: formatNumber(progress.held),
		needed: formatNumber(progress.needed)
	});
	if (progress.completed) return `${attended} ${m.course_progress_completed()}`;
	if (!progress.reachable) return `${attended} ${m.course_progress_out_of_reach()}`;
	return attended;
}

function refusalMessage(refusal: Exclude<EnrolRefusal, { problem: 'name_invalid' }>): string {
	return BLOCKS[refusal.problem]();
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	requireSignedIn(locals.actor, url);
	const course = await readCoursePage(getDb(), locals.actor, params.id, systemClock());
	return {
		course: {
			id: course.id,
			title: course.title,
			summary: course.summary,
			outcomes: course.outcomes,
			state: course.state,
			full: course.seatsLeft === 0,
			status: course.standing?.status ?? null,
			name: course.standing?.name ?? null,
			started: course.started,
			mayEnrol: course.enrolBlock === null && course.standing === null,
			mayEdit: course.mayEdit,
			mayManage: course.mayManage,
			mayNameTrainers: can(locals.actor, 'course:assign-trainers', {
				state: course.state,
				trains: false,
				enrolment: null
			}),
			prerequisite: course.prerequisite,
			checkInOpen: course.checkInOpen,
			// The certificate's page says what is missing until the last session has ended.
			certificate: Boolean(course.progress?.completed),
			// Rated by its participants once its last session has ended.
			ended: Boolean(course.progress?.ended) && course.state === 'published',
			nextRun: course.nextRun
		},
		checkedIn: url.searchParams.has('checked-in'),
		words: words(course),
		// Asked to confirm before giving up a place (a plain link, so it works without scripts).
		confirmWithdraw: url.searchParams.has('withdraw') && course.standing !== null,
		form: await superValidate(
			// Offered at random, never the sign-in nickname: trainers and the roster would learn it.
			{ displayName: suggestCircleName(getLocale()) },
			valibot(courseEnrolSchema),
			{ errors: false }
		)
	};
};

export const actions: Actions = {
	enrol: async ({ request, locals, params, url }) => {
		requireSignedIn(locals.actor, url);
		const form = await superValidate(request, valibot(courseEnrolSchema));
		if (!form.valid) return fail(400, { form });
		const result = await enrol(getDb(), locals.actor, params.id, systemClock(), {
			name: form.data.displayName
		});
		if (result.ok) redirect(303, `/courses/${params.id}#place`);
		if (result.problem === 'name_invalid')
			setError(form, 'displayName', pseudonymMessage(result.why));
		else setError(form, '', refusalMessage(result));
		return fail(400, { form });
	},
	withdraw: async ({ locals, params, url }) => {
		requireSignedIn(locals.actor, url);
		const result = await withdraw(getDb(), locals.actor, params.id, systemClock());
		if (result.ok) redirect(303, `/courses/${params.id}#place`);
		return fail(400, {
			place: result.problem === 'started' ? m.course_withdraw_started() : m.course_no_place()
		});
	},
	accept: async ({ locals, params, url }) => {
		requireSignedIn(locals.actor, url);
		const result = await acceptOffer(getDb(), locals.actor, params.id, systemClock());
		if (result.ok) redirect(303, `/courses/${params.id}#place`);
		return fail(400, {
			place: result.problem === 'offer_expired' ? m.course_offer_expired() : m.course_no_offer()
		});
	}
};
