import { fail, redirect } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { m } from '$lib/paraglide/messages';
import { renameSchema } from '$lib/schemas/groups';
import { can } from '$lib/server/access/policy';
import { requireAccess, requireSignedIn } from '$lib/server/access/require';
import { getDb } from '$lib/server/db';
import { loadGroup } from '$lib/server/groups/group-access';
import { circleNameMessage } from '$lib/server/groups/circle-name-message';
import { leaveGroup, renameInGroup } from '$lib/server/groups/membership';
import type { Actions, PageServerLoad } from './$types';

// Plain forms, each sent whole: the page comes from the server, with no framework to fetch on a
// slow phone.
export const csr = false;

export const load: PageServerLoad = async ({ locals, params, url }) => {
	requireSignedIn(locals.actor, url);
	const { group, membership, resource } = await loadGroup(getDb(), locals.actor, params.id);
	requireAccess(locals.actor, 'group:view', resource);
	const takesPart = can(locals.actor, 'group:take-part', resource);
	return {
		group: { id: group.id, name: group.name },
		me: { moderates: can(locals.actor, 'group:moderate', resource), takesPart },
		manages: can(locals.actor, 'group:manage', resource),
		form: await superValidate(
			{ displayName: membership?.display_name ?? '' },
			valibot(renameSchema),
			{
				errors: false
			}
		)
	};
};

export const actions: Actions = {
	rename: async ({ request, locals, params, url }) => {
		requireSignedIn(locals.actor, url);
		const form = await superValidate(request, valibot(renameSchema));
		if (!form.valid) return fail(400, { form });
		const result = await renameInGroup(getDb(), locals.actor, params.id, form.data);
		if (result.ok) return message(form, m.group_renamed());
		setError(
			form,
			'displayName',
			result.field === 'displayName' ? circleNameMessage(result.problem) : m.group_join_name_taken()
		);
		return fail(400, { form });
	},

	leave: async ({ locals, params, url }) => {
		requireSignedIn(locals.actor, url);
		await leaveGroup(getDb(), locals.actor, params.id);
		redirect(303, '/groups?left');
	}
};
