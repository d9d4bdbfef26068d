import { fail, redirect } from '@sveltejs/kit';
import { setError, superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { m } from '$lib/paraglide/messages';
import { newGroupSchema } from '$lib/schemas/groups';
import { requireAccess, requireSignedIn } from '$lib/server/access/require';
import { systemClock } from '$lib/server/clock';
import { getDb } from '$lib/server/db';
import { newFormKey, renewRefusedFormKey } from '$lib/server/forms/form-key';
import { FormKeyExpiredError } from '$lib/server/forms/repeat-safe';
import { createGroup } from '$lib/server/groups/groups';
import type { Actions, PageServerLoad } from './$types';

// Plain forms, each sent whole: the page comes from the server, with no framework to fetch on a
// slow phone.
export const csr = false;

const DEFAULTS = {
	name: '',
	description: '',
	language: 'en' as const,
	sizeCap: 12,
	joinRule: 'invitation' as const,
	agreement: '',
	holdFirstPosts: 3
};

export const load: PageServerLoad = async ({ locals, url }) => {
	requireSignedIn(locals.actor, url);
	requireAccess(locals.actor, 'group:create');
	return {
		form: await superValidate(
			{ ...DEFAULTS, formKey: newFormKey(systemClock()) },
			valibot(newGroupSchema),
			{ errors: false }
		)
	};
};

export const actions: Actions = {
	default: async ({ request, locals, url }) => {
		requireSignedIn(locals.actor, url);
		requireAccess(locals.actor, 'group:create');
		const form = await superValidate(request, valibot(newGroupSchema));
		const refuse = () => {
			renewRefusedFormKey(form, systemClock());
			return fail(400, { form });
		};
		if (!form.valid) return refuse();
		let id: string;
		try {
			({ id } = await createGroup(getDb(), locals.actor, form.data, systemClock()));
		} catch (error) {
			if (!(error instanceof FormKeyExpiredError)) throw error;
			setError(form, 'formKey', m.form_key_expired());
			return refuse();
		}
		// A resend lands on the same group's page, as the first send did.
		redirect(303, `/groups/${id}/manage`);
	}
};
