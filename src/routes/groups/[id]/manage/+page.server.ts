import { fail } from '@sveltejs/kit';
import type { NotNull } from 'kysely';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { m } from '$lib/paraglide/messages';
import { appointSchema, groupSchema } from '$lib/schemas/groups';
import { requireAccess, requireSignedIn } from '$lib/server/access/require';
import { systemClock } from '$lib/server/clock';
import { getDb } from '$lib/server/db';
import type { GroupRole } from '$lib/server/db/schema';
import { loadGroup } from '$lib/server/groups/group-access';
import { updateGroup } from '$lib/server/groups/groups';
import { appointFacilitator, setGroupRole } from '$lib/server/groups/membership';
import type { Actions, PageServerLoad } from './$types';

// Plain forms, each sent whole: the page comes from the server, with no framework to fetch on a
// slow phone.
export const csr = false;

export const load: PageServerLoad = async ({ locals, params, url }) => {
	requireSignedIn(locals.actor, url);
	const db = getDb();
	const { group, resource } = await loadGroup(db, locals.actor, params.id);
	requireAccess(locals.actor, 'group:manage', resource);
	const members = await db
		.selectFrom('group_member')
		.select(['id', 'display_name', 'role'])
		.where('group_id', '=', group.id)
		.where('status', '=', 'active')
		// Only a former member (status 'erased') has no name.
		.$narrowType<{ display_name: NotNull }>()
		.orderBy('display_name')
		.execute();
	return {
		group: { id: group.id, name: group.name },
		members,
		settingsForm: await superValidate(
			{
				name: group.name,
				description: group.description,
				language: group.language as 'en',
				sizeCap: group.size_cap,
				joinRule: group.join_rule,
				agreement: group.agreement,
				holdFirstPosts: group.hold_first_posts
			},
			valibot(groupSchema),
			{ errors: false }
		),
		appointForm: await superValidate(valibot(appointSchema))
	};
};

const ROLES: readonly GroupRole[] = ['member', 'co_facilitator', 'facilitator'];

export const actions: Actions = {
	settings: async ({ request, locals, params, url }) => {
		requireSignedIn(locals.actor, url);
		const settingsForm = await superValidate(request, valibot(groupSchema));
		if (!settingsForm.valid) return fail(400, { settingsForm });
		await updateGroup(getDb(), locals.actor, params.id, settingsForm.data);
		return message(settingsForm, m.group_settings_saved());
	},

	appoint: async ({ request, locals, params, url }) => {
		requireSignedIn(locals.actor, url);
		const appointForm = await superValidate(request, valibot(appointSchema));
		if (!appointForm.valid) return fail(400, { appointForm });
		const result = await appointFacilitator(
			getDb(),
			locals.actor,
			params.id,
			appointForm.data,
			systemClock()
		);
		if (result.ok) return message(appointForm, m.group_appointed());
		setError(
			appointForm,
			'pseudonym',
			result.problem === 'unknown' ? m.group_appoint_unknown() : m.group_appoint_taken()
		);
		return fail(400, { appointForm });
	},

	role: async ({ request, locals, params, url }) => {
		requireSignedIn(locals.actor, url);
		const data = await request.formData();
		const role = data.get('role');
		if (!ROLES.includes(role as GroupRole)) return fail(400, { roleError: m.field_required() });
		await setGroupRole(
			getDb(),
			locals.actor,
			params.id,
			String(data.get('memberId') ?? ''),
			role as GroupRole
		);
		return { roleSaved: true };
	}
};
