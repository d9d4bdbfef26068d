import { fail, redirect } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { m } from '$lib/paraglide/messages';
import { courseSchema } from '$lib/schemas/course';
import { requireSignedIn } from '$lib/server/access/require';
import { systemClock } from '$lib/server/clock';
import { cancelCourse, publishCourse, updateCourse } from '$lib/server/courses/catalogue';
import {
	readCourseChoices,
	readCourseForEditing,
	type CourseForEditing
} from '$lib/server/courses/course-editing';
import {
	courseFormValues,
	courseInputOf,
	readCourseForm,
	sessionLinesToShow
} from '$lib/server/courses/course-form';
import {
	courseFormOptions,
	courseFormWords,
	courseLinkOptions,
	showCourseProblems
} from '$lib/server/courses/course-form-view';
import { checkCourseInput } from '$lib/server/courses/course-input';
import { getDb } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

// Plain forms, each sent whole, a session line added by the server: the page comes from the
// server, with no framework to fetch on a slow phone.
export const csr = false;

// Coordinators, and the course's own trainers, change a course and publish it; coordinators also
// cancel it, after a step that asks them to confirm (?cancel, a plain link). A cancelled course
// is not changed any more: the page says so instead of showing the form.

const adapter = valibot(courseSchema);

/** The course for its form, for those who may change it; a 404 for anyone else. */
async function editing(locals: App.Locals, id: string, url: URL): Promise<CourseForEditing> {
	requireSignedIn(locals.actor, url);
	return readCourseForEditing(getDb(), locals.actor, id);
}

const NOTICES = {
	saved: () => m.course_edit_saved(),
	published: () => m.course_edit_published(),
	cancelled: () => m.course_edit_cancelled_now()
} as const;

function pageWords(state: CourseForEditing['course']['state']) {
	return {
		title: m.course_edit_title(),
		state:
			state === 'draft'
				? m.course_edit_state_draft()
				: state === 'published'
					? m.course_edit_state_published()
					: m.course_edit_cancelled(),
		save: state === 'draft' ? m.course_form_save_draft() : m.course_edit_save(),
		publish: m.course_edit_publish(),
		publishHint: m.course_edit_publish_hint(),
		changesHint: m.course_edit_changes_hint(),
		view: m.course_edit_view(),
		trainers: m.course_edit_trainers(),
		cancelLink: m.course_edit_cancel_link(),
		cancelHeading: m.course_edit_cancel_heading(),
		cancelIntro: m.course_edit_cancel_intro(),
		cancelConfirm: m.course_edit_cancel_confirm(),
		cancelKeep: m.course_edit_cancel_keep(),
		form: courseFormWords()
	};
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { course, sessions, may } = await editing(locals, params.id, url);
	const done = url.searchParams.get('done');
	const page = {
		course: { id: course.id, title: course.title, state: course.state },
		may,
		notice: done && Object.hasOwn(NOTICES, done) ? NOTICES[done as keyof typeof NOTICES]() : null,
		words: pageWords(course.state)
	};
	if (course.state === 'cancelled')
		return { ...page, form: null, lines: 0, options: null, links: null, confirmCancel: false };
	const form = await superValidate(courseFormValues(course, sessions), adapter, {
		id: 'course',
		errors: false
	});
	return {
		...page,
		form,
		lines: sessionLinesToShow(form.data.sessions.length, 0, false),
		options: courseFormOptions(),
		links: may.chooseLinks
			? courseLinkOptions(
					await readCourseChoices(getDb(), locals.actor, {
						exceptCourseId: course.id,
						keepCourseId: course.prerequisite_id
					})
				)
			: null,
		confirmCancel: may.cancel && url.searchParams.has('cancel')
	};
};

/**
 * The posted form, checked by its schema and by the course's own rules. A trainer is not shown
 * the course to take first nor who gets seats first (those lists are staff's): the course keeps
 * what a coordinator chose.
 */
async function readPosted(request: Request, { course, may }: CourseForEditing) {
	const posted = readCourseForm(await request.formData());
	const form = await superValidate(posted.fields, adapter, { id: 'course' });
	const input = courseInputOf(form.data);
	if (!may.chooseLinks) {
		input.prerequisiteId = course.prerequisite_id;
		input.priorityCircleId = course.priority_circle_id;
		input.prioritySavingsGroupId = course.priority_savings_group_id;
	}
	const checked = checkCourseInput(input);
	if (!checked.ok) showCourseProblems(form, checked.fields, form.data);
	const lines = sessionLinesToShow(form.data.sessions.length, posted.linesShown, false);
	return { form, input, lines, ok: form.valid && checked.ok };
}

type Posted = Awaited<ReturnType<typeof readPosted>>;

/** Saves the form; a refusal goes back with the form as it was typed and the problems beside it. */
async function save(locals: App.Locals, courseId: string, { form, input, lines }: Posted) {
	const result = await updateCourse(getDb(), locals.actor, courseId, input, systemClock());
	if (result.ok) return null;
	if (result.problem === 'cancelled')
		return fail(409, { form, lines, problem: m.course_edit_cancelled() });
	showCourseProblems(form, result.fields, form.data);
	return fail(400, { form, lines, problem: null });
}

export const actions: Actions = {
	save: async ({ request, locals, params, url }) => {
		const posted = await readPosted(request, await editing(locals, params.id, url));
		if (!posted.ok) return fail(400, { form: posted.form, lines: posted.lines, problem: null });
		const refused = await save(locals, params.id, posted);
		if (refused) return refused;
		redirect(303, `/courses/${params.id}/edit?done=saved`);
	},

	/** Saves the form, then shows the course to members. */
	publish: async ({ request, locals, params, url }) => {
		const posted = await readPosted(request, await editing(locals, params.id, url));
		if (!posted.ok) return fail(400, { form: posted.form, lines: posted.lines, problem: null });
		const refused = await save(locals, params.id, posted);
		if (refused) return refused;
		const result = await publishCourse(getDb(), locals.actor, params.id, systemClock());
		if (!result.ok)
			return fail(409, {
				form: posted.form,
				lines: posted.lines,
				problem: m.course_edit_cancelled()
			});
		redirect(303, `/courses/${params.id}/edit?done=published`);
	},

	/** The same form one session line longer, with everything typed kept; nothing is saved. */
	addSession: async ({ request, locals, params, url }) => {
		await editing(locals, params.id, url);
		const posted = readCourseForm(await request.formData());
		const form = await superValidate(posted.fields, adapter, {
			id: 'course',
			errors: false
		});
		const lines = sessionLinesToShow(form.data.sessions.length, posted.linesShown, true);
		return {
			form,
			lines,
			// Its day takes the focus as the form shows again.
			addedLine: lines - 1,
			problem: null
		};
	},

	/** The confirmation step's answer: coordinators only (cancelCourse asks). */
	cancel: async ({ locals, params, url }) => {
		requireSignedIn(locals.actor, url);
		await cancelCourse(getDb(), locals.actor, params.id, systemClock());
		redirect(303, `/courses/${params.id}/edit?done=cancelled`);
	}
};
