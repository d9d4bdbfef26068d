import { fail } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { m } from '$lib/paraglide/messages';
import { focalPointSchema } from '$lib/schemas/complaint';
import { requireAccess, requireSignedIn } from '$lib/server/access/require';
import { systemClock } from '$lib/server/clock';
import { getDb } from '$lib/server/db';
import {
	listFocalPoints,
	nameFocalPoint,
	removeFocalPoint
} from '$lib/server/services/focal-points';
import type { Actions, PageServerLoad } from './$types';
import { setError } from 'sveltekit-superforms';

// Plain forms, each sent whole: the page comes from the server, with no framework to fetch on a
// slow phone.
export const csr = false;

// Admins name the coordinators who handle complaints of abuse or exploitation by staff.

const adapter = valibot(focalPointSchema);

function allowed(locals: App.Locals, url: URL) {
	requireSignedIn(locals.actor, url);
	requireAccess(locals.actor, 'complaint:name-focal-points');
	return locals.actor;
}

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = allowed(locals, url);
	return {
		focalPoints: await listFocalPoints(getDb(), actor),
		form: await superValidate(adapter, { errors: false })
	};
};

export const actions: Actions = {
	name: async ({ request, locals, url }) => {
		const actor = allowed(locals, url);
		const form = await superValidate(request, adapter);
		if (!form.valid) return fail(400, { form });
		const result = await nameFocalPoint(getDb(), actor, form.data, systemClock());
		if (!result.ok) {
			setError(
				form,
				'nickname',
				result.problem === 'unknown' ? m.complaint_focal_unknown() : m.complaint_focal_not_staff()
			);
			return fail(400, { form });
		}
		return { form: await superValidate(adapter, { errors: false }), named: true };
	},

	/** Removing one already removed (a second tap) finds the work done. */
	remove: async ({ request, locals, url }) => {
		const actor = allowed(locals, url);
		await removeFocalPoint(getDb(), actor, (await request.formData()).get('accountId'));
		return { removed: true };
	}
};
