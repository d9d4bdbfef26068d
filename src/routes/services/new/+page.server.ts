import { fail, redirect } from '@sveltejs/kit';
import { setError, superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { countryForLanguage } from '$lib/schemas/help';
import { serviceSchema } from '$lib/schemas/service';
import { requireAccess, requireSignedIn } from '$lib/server/access/require';
import { systemClock } from '$lib/server/clock';
import { getDb } from '$lib/server/db';
import { newFormKey, renewRefusedFormKey } from '$lib/server/forms/form-key';
import { FormKeyExpiredError } from '$lib/server/forms/repeat-safe';
import { addService } from '$lib/server/services/directory';
import { serviceChoices } from '$lib/server/services/service-words';
import type { Actions, PageServerLoad } from './$types';

// Plain forms, each sent whole: the page comes from the server, with no framework to fetch on a
// slow phone.
export const csr = false;

// A coordinator adds a service to the directory; it opens on the service's page.

const adapter = valibot(serviceSchema);

/** Only staff add services: anyone else is told there is no such page. */
function allowed(locals: App.Locals, url: URL) {
	requireSignedIn(locals.actor, url);
	requireAccess(locals.actor, 'service:manage');
	return locals.actor;
}

export const load: PageServerLoad = async ({ locals, url }) => {
	allowed(locals, url);
	const language = getLocale();
	const country = countryForLanguage(language);
	return {
		form: await superValidate(
			{ formKey: newFormKey(systemClock()), country, languages: [language] },
			adapter,
			{ errors: false }
		),
		choices: serviceChoices()
	};
};

export const actions: Actions = {
	add: async ({ request, locals, url }) => {
		const actor = allowed(locals, url);
		const form = await superValidate(request, adapter);
		const refuse = () => {
			renewRefusedFormKey(form, systemClock());
			return fail(400, { form });
		};
		if (!form.valid) return refuse();
		let id: string;
		try {
			({ id } = await addService(getDb(), actor, form.data, systemClock));
		} catch (error) {
			if (!(error instanceof FormKeyExpiredError)) throw error;
			setError(form, 'formKey', m.form_key_expired());
			return refuse();
		}
		redirect(303, `/services/${id}?done=added`);
	}
};
