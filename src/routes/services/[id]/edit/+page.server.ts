import { fail, redirect } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { serviceSchema, type ServiceInput } from '$lib/schemas/service';
import { requireAccess, requireSignedIn } from '$lib/server/access/require';
import { systemClock } from '$lib/server/clock';
import { getDb } from '$lib/server/db';
import { newFormKey, renewRefusedFormKey } from '$lib/server/forms/form-key';
import { archiveService, getService, updateService } from '$lib/server/services/directory';
import { serviceChoices } from '$lib/server/services/service-words';
import type { Actions, PageServerLoad } from './$types';

// Plain forms, each sent whole: the page comes from the server, with no framework to fetch on a
// slow phone.
export const csr = false;

// A coordinator changes a service, or archives it after saying yes to a question (a plain link
// to ?archive, so that it works without scripts).

const adapter = valibot(serviceSchema);

function allowed(locals: App.Locals, url: URL) {
	requireSignedIn(locals.actor, url);
	requireAccess(locals.actor, 'service:manage');
	return locals.actor;
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = allowed(locals, url);
	const { service } = await getService(getDb(), actor, params.id);
	const values: ServiceInput = {
		// A change is not repeat-guarded (sending it twice changes nothing more); the schema asks
		// for a key all the same.
		formKey: newFormKey(systemClock()),
		name: service.name,
		kind: service.kind,
		organisation: service.organisation,
		country: service.country,
		area: service.area,
		languages: service.languages as ServiceInput['languages'],
		hours: service.hours,
		howToReach: service.howToReach,
		serves: service.serves,
		note: service.note,
		crisis: service.crisis
	};
	return {
		service: { id: service.id, name: service.name, archived: service.archived },
		form: await superValidate(values, adapter, { errors: false }),
		choices: serviceChoices(),
		confirmArchive: url.searchParams.has('archive') && !service.archived
	};
};

export const actions: Actions = {
	save: async ({ request, locals, params, url }) => {
		const actor = allowed(locals, url);
		const form = await superValidate(request, adapter);
		if (!form.valid) {
			renewRefusedFormKey(form, systemClock());
			return fail(400, { form });
		}
		await updateService(getDb(), actor, params.id, form.data);
		redirect(303, `/services/${params.id}?done=saved`);
	},

	archive: async ({ locals, params, url }) => {
		const actor = allowed(locals, url);
		await archiveService(getDb(), actor, params.id, systemClock());
		redirect(303, `/services/${params.id}?done=archived`);
	}
};
