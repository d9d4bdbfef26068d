import { fail, redirect } from '@sveltejs/kit';
import { setError, superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { m } from '$lib/paraglide/messages';
import { complaintSchema, NO_SERVICE } from '$lib/schemas/complaint';
import { requireAccess, requireSignedIn } from '$lib/server/access/require';
import { systemClock } from '$lib/server/clock';
import { getDb } from '$lib/server/db';
import { newFormKey, renewRefusedFormKey } from '$lib/server/forms/form-key';
import { FormKeyExpiredError } from '$lib/server/forms/repeat-safe';
import { complaintKindOptions, complaintTimelineLines } from '$lib/complaints/complaint-words';
import { COMPLAINT_TIMELINES } from '$lib/server/services/complaint-timelines';
import { fileComplaint, listServicesToComplainAbout } from '$lib/server/services/complaints';
import type { Actions, PageServerLoad } from './$types';

// Plain forms, each sent whole: the page comes from the server, with no framework to fetch on a
// slow phone.
export const csr = false;

// A member complains, about a service (?service=<id> chooses it) or about something else. It opens
// on the complaint's own page, where they follow it.

const adapter = valibot(complaintSchema);

export const load: PageServerLoad = async ({ locals, url }) => {
	requireSignedIn(locals.actor, url);
	requireAccess(locals.actor, 'service:browse');
	const services = await listServicesToComplainAbout(getDb(), locals.actor);
	const chosen = url.searchParams.get('service');
	const form = await superValidate(
		{
			formKey: newFormKey(systemClock()),
			service: services.some((service) => service.id === chosen) ? chosen! : NO_SERVICE
		},
		adapter,
		{ errors: false }
	);
	return {
		form,
		services,
		kinds: complaintKindOptions(),
		timelines: complaintTimelineLines(COMPLAINT_TIMELINES)
	};
};

export const actions: Actions = {
	default: async ({ request, locals, url }) => {
		requireSignedIn(locals.actor, url);
		const now = systemClock();
		const form = await superValidate(request, adapter);
		const refuse = () => {
			renewRefusedFormKey(form, now);
			return fail(400, { form });
		};
		if (!form.valid) return refuse();
		let result: Awaited<ReturnType<typeof fileComplaint>>;
		try {
			result = await fileComplaint(getDb(), locals.actor, form.data, () => now);
		} catch (error) {
			if (!(error instanceof FormKeyExpiredError)) throw error;
			setError(form, 'formKey', m.form_key_expired());
			return refuse();
		}
		if (!result.ok) {
			for (const [field, message] of Object.entries(result.fields))
				setError(form, field as 'service', message);
			return refuse();
		}
		// A resend lands on the same complaint, as the first send did.
		redirect(303, `/complaints/${result.id}?sent=1`);
	}
};
