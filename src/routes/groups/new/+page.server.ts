import { fail, redirect } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { groupSchema } from '$lib/schemas/groups';
import { requireAccess, requireSignedIn } from '$lib/server/access/require';
import { getDb } from '$lib/server/db';
import { createGroup } from '$lib/server/groups/groups';
import type { Actions, PageServerLoad } from './$types';

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
	return { form: await superValidate(DEFAULTS, valibot(groupSchema), { errors: false }) };
};

export const actions: Actions = {
	default: async ({ request, locals, url }) => {
		requireSignedIn(locals.actor, url);
		requireAccess(locals.actor, 'group:create');
		const form = await superValidate(request, valibot(groupSchema));
		if (!form.valid) return fail(400, { form });
		const { id } = await createGroup(getDb(), locals.actor, form.data);
		redirect(303, `/groups/${id}/manage`);
	}
};
