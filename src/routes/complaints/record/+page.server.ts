import { fail, redirect } from '@sveltejs/kit';
import { setError, superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { complaintKindOptions } from '$lib/complaints/complaint-words';
import { m } from '$lib/paraglide/messages';
import { recordComplaintSchema } from '$lib/schemas/complaint';
import { requireAccess, requireSignedIn } from '$lib/server/access/require';
import { systemClock } from '$lib/server/clock';
import { getDb } from '$lib/server/db';
import { newFormKey, renewRefusedFormKey } from '$lib/server/forms/form-key';
import { FormKeyExpiredError } from '$lib/server/forms/repeat-safe';
import {
	listServicesToComplainAbout,
	recordComplaintForMember
} from '$lib/server/services/complaints';
import type { Actions, PageServerLoad } from './$types';

// Plain forms, each sent whole: the page comes from the server, with no framework to fetch on a
// slow phone.
export const csr = false;

// A coordinator writes a complaint down for a member who asked them to, with the member's consent.
// The member then finds it among their own complaints and follows it there.

const adapter = valibot(recordComplaintSchema);

function allowed(locals: App.Locals, url: URL) {
	requireSignedIn(locals.actor, url);
	requireAccess(locals.actor, 'complaint:record-for-member');
	return locals.actor;
}

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = allowed(locals, url);
	const form = await superValidate({ formKey: newFormKey(systemClock()) }, adapter, {
		errors: false
	});
	return {
		form,
		services: await listServicesToComplainAbout(getDb(), actor),
		kinds: complaintKindOptions()
	};
};

export const actions: Actions = {
	default: async ({ request, locals, url }) => {
		const actor = allowed(locals, url);
		const now = systemClock();
		const form = await superValidate(request, adapter);
		const refuse = () => {
			renewRefusedFormKey(form, now);
			return fail(400, { form });
		};
		if (!form.valid) return refuse();
		let result: Awaited<ReturnType<typeof recordComplaintForMember>>;
		try {
			result = await recordComplaintForMember(getDb(), actor, form.data, () => now);
		} catch (error) {
			if (!(error instanceof FormKeyExpiredError)) throw error;
			setError(form, 'formKey', m.form_key_expired());
			return refuse();
		}
		if (!result.ok) {
			for (const [field, message] of Object.entries(result.fields))
				setError(form, field as 'member', message);
			return refuse();
		}
		redirect(303, `/complaints/${result.id}?recorded=1`);
	}
};
