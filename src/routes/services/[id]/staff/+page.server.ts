import { fail } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { m } from '$lib/paraglide/messages';
import { serviceStaffRemovalSchema, serviceStaffSchema } from '$lib/schemas/service';
import { requireSignedIn } from '$lib/server/access/require';
import { systemClock } from '$lib/server/clock';
import { getDb } from '$lib/server/db';
import {
	addServiceStaff,
	listServiceStaff,
	removeServiceStaff
} from '$lib/server/services/service-staff';
import type { Actions, PageServerLoad } from './$types';

// Plain forms, each sent whole: the page comes from the server, with no framework to fetch on a
// slow phone.
export const csr = false;

// Coordinators name a service's provider accounts by the nickname they sign in with, and take
// them off. Each form has its action's name as its superforms id (src/lib/forms/form-result.ts).

/** The service's staff, for coordinators; a 404 for anyone else, whatever they sent. */
function staff(locals: App.Locals, id: string, url: URL) {
	requireSignedIn(locals.actor, url);
	return listServiceStaff(getDb(), locals.actor, id);
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { service, staff: list } = await staff(locals, params.id, url);
	return {
		service,
		staff: list.map((one) => ({
			...one,
			remove: m.services_staff_remove({ name: one.pseudonym })
		})),
		form: await superValidate(valibot(serviceStaffSchema), { id: 'name' })
	};
};

export const actions: Actions = {
	name: async ({ request, locals, params, url }) => {
		await staff(locals, params.id, url);
		const form = await superValidate(request, valibot(serviceStaffSchema), { id: 'name' });
		if (!form.valid) return fail(400, { form });
		const result = await addServiceStaff(
			getDb(),
			locals.actor,
			params.id,
			{ pseudonym: form.data.pseudonym },
			systemClock()
		);
		if (!result.ok) return setError(form, 'pseudonym', m.services_staff_account_unknown());
		const { staff: list } = await staff(locals, params.id, url);
		const named = list.find((one) => one.accountId === result.accountId);
		// Named: the field is emptied for the next one.
		form.data.pseudonym = '';
		return message(form, m.services_staff_named({ name: named?.pseudonym ?? '' }));
	},

	remove: async ({ request, locals, params, url }) => {
		const { staff: list } = await staff(locals, params.id, url);
		const form = await superValidate(request, valibot(serviceStaffRemovalSchema), {
			id: 'remove'
		});
		if (!form.valid) return fail(400, { form });
		const accountId = form.data.accountId.toLowerCase();
		const one = list.find((member) => member.accountId === accountId);
		await removeServiceStaff(getDb(), locals.actor, params.id, accountId);
		// Someone no longer in the list (taken off from another phone) is gone all the same.
		return message(
			form,
			one ? m.services_staff_removed({ name: one.pseudonym }) : m.services_staff_gone()
		);
	}
};
