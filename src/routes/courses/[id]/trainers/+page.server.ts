import { fail } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { m } from '$lib/paraglide/messages';
import { courseTrainerRemovalSchema, courseTrainerSchema } from '$lib/schemas/course';
import { requireSignedIn } from '$lib/server/access/require';
import { systemClock } from '$lib/server/clock';
import { readCourseTrainers } from '$lib/server/courses/course-editing';
import { nameTrainer, removeTrainer } from '$lib/server/courses/trainers';
import { getDb } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

// Plain forms, each sent whole: the page comes from the server, with no framework to fetch on a
// slow phone.
export const csr = false;

// Coordinators name a course's trainers by the nickname they sign in with, and take them off.
// Each form has its action's name as its superforms id (src/lib/forms/form-result.ts).

/** The course's trainers, for coordinators; a 404 for anyone else, whatever they sent. */
async function trainers(locals: App.Locals, id: string, url: URL) {
	requireSignedIn(locals.actor, url);
	return readCourseTrainers(getDb(), locals.actor, id);
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { course, trainers: list } = await trainers(locals, params.id, url);
	return {
		course,
		trainers: list.map((trainer) => ({
			...trainer,
			remove: m.course_trainers_remove({ name: trainer.pseudonym })
		})),
		form: await superValidate(valibot(courseTrainerSchema), { id: 'name' }),
		words: {
			title: m.course_trainers_title(),
			intro: m.course_trainers_intro(),
			listHeading: m.course_trainers_list_heading(),
			none: m.course_trainers_none(),
			nameHeading: m.course_trainers_name_heading(),
			nicknameLabel: m.course_trainers_nickname_label(),
			nicknameHint: m.course_trainers_nickname_hint(),
			submit: m.course_trainers_submit(),
			back: m.course_trainers_back()
		}
	};
};

export const actions: Actions = {
	name: async ({ request, locals, params, url }) => {
		await trainers(locals, params.id, url);
		const form = await superValidate(request, valibot(courseTrainerSchema), { id: 'name' });
		if (!form.valid) return fail(400, { form });
		const result = await nameTrainer(
			getDb(),
			locals.actor,
			params.id,
			{ pseudonym: form.data.pseudonym },
			systemClock()
		);
		if (!result.ok)
			return setError(
				form,
				'pseudonym',
				result.problem === 'enrolled'
					? m.course_trainers_enrolled()
					: m.course_trainers_account_unknown(),
				{ status: result.problem === 'enrolled' ? 409 : 400 }
			);
		const { trainers: list } = await trainers(locals, params.id, url);
		const named = list.find((trainer) => trainer.accountId === result.accountId);
		// Named: the field is emptied for the next one.
		form.data.pseudonym = '';
		return message(form, m.course_trainers_named({ name: named?.pseudonym ?? '' }));
	},

	remove: async ({ request, locals, params, url }) => {
		const { trainers: list } = await trainers(locals, params.id, url);
		const form = await superValidate(request, valibot(courseTrainerRemovalSchema), {
			id: 'remove'
		});
		if (!form.valid) return fail(400, { form });
		const trainer = list.find((one) => one.accountId === form.data.accountId.toLowerCase());
		await removeTrainer(getDb(), locals.actor, params.id, form.data.accountId.toLowerCase());
		// Someone no longer in the list (removed from another phone) is gone all the same.
		return message(
			form,
			trainer ? m.course_trainers_removed({ name: trainer.pseudonym }) : m.course_trainers_gone()
		);
	}
};
