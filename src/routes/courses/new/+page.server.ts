import { fail, redirect } from '@sveltejs/kit';
import { setError, superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { newCourseSchema } from '$lib/schemas/course';
import type { Actor } from '$lib/server/access/actor';
import { requireAccess, requireSignedIn } from '$lib/server/access/require';
import { systemClock } from '$lib/server/clock';
import { createCourse } from '$lib/server/courses/catalogue';
import { readCourseChoices } from '$lib/server/courses/course-editing';
import {
	COUNTRY_TIME_ZONE,
	courseInputOf,
	newCourseValues,
	readCourseForm,
	sessionLinesToShow,
	todayOn
} from '$lib/server/courses/course-form';
import {
	courseFormOptions,
	courseFormWords,
	courseLinkOptions,
	showCourseProblems
} from '$lib/server/courses/course-form-view';
import { checkCourseInput } from '$lib/server/courses/course-input';
import { getDb } from '$lib/server/db';
import { newFormKey, renewRefusedFormKey } from '$lib/server/forms/form-key';
import { FormKeyExpiredError } from '$lib/server/forms/repeat-safe';
import { countryForLanguage } from '$lib/schemas/help';
import type { Actions, PageServerLoad } from './$types';

// Plain forms, each sent whole, a session line added by the server: the page comes from the
// server, with no framework to fetch on a slow phone.
export const csr = false;

// A coordinator writes a new course. It is saved as a draft, which only coordinators and the
// course's trainers see, and opens on the course's page.

const adapter = valibot(newCourseSchema);

/** Only staff write courses: anyone else is told there is no such page. */
function allowed(locals: App.Locals, url: URL): Actor {
	requireSignedIn(locals.actor, url);
	requireAccess(locals.actor, 'course:create');
	return locals.actor;
}

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = allowed(locals, url);
	const now = systemClock();
	const language = getLocale();
	const today = todayOn(COUNTRY_TIME_ZONE[countryForLanguage(language)], now);
	const form = await superValidate(
		{ formKey: newFormKey(now), ...newCourseValues(language, today) },
		adapter,
		{ id: 'course', errors: false }
	);
	return {
		form,
		lines: sessionLinesToShow(0, 0, false),
		words: {
			title: m.course_form_new_title(),
			intro: m.course_form_new_intro(),
			save: m.course_form_save_draft(),
			form: courseFormWords()
		},
		options: courseFormOptions(),
		links: courseLinkOptions(await readCourseChoices(getDb(), actor))
	};
};

export const actions: Actions = {
	create: async ({ request, locals, url }) => {
		const actor = allowed(locals, url);
		const now = systemClock();
		const posted = readCourseForm(await request.formData());
		const form = await superValidate(posted.fields, adapter, { id: 'course' });
		const input = courseInputOf(form.data);
		const checked = checkCourseInput(input);
		if (!checked.ok) showCourseProblems(form, checked.fields, form.data);
		const refuse = () => {
			renewRefusedFormKey(form, now);
			return fail(400, {
				form,
				lines: sessionLinesToShow(form.data.sessions.length, posted.linesShown, false)
			});
		};
		if (!form.valid || !checked.ok) return refuse();
		let result: Awaited<ReturnType<typeof createCourse>>;
		try {
			result = await createCourse(getDb(), actor, { ...input, formKey: form.data.formKey }, now);
		} catch (error) {
			if (!(error instanceof FormKeyExpiredError)) throw error;
			setError(form, 'formKey', m.form_key_expired());
			return refuse();
		}
		if (!result.ok) {
			showCourseProblems(form, result.fields, form.data);
			return refuse();
		}
		// A resend lands on the same course, as the first send did.
		redirect(303, `/courses/${result.id}`);
	},

	/** The same form one session line longer, with everything typed kept; nothing is saved. */
	addSession: async ({ request, locals, url }) => {
		allowed(locals, url);
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
			addedLine: lines - 1
		};
	}
};
