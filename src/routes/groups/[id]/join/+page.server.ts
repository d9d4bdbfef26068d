import { fail, redirect } from '@sveltejs/kit';
import { setError, superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { joinSchema } from '$lib/schemas/groups';
import { can } from '$lib/server/access/policy';
import { notFound, requireSignedIn } from '$lib/server/access/require';
import { systemClock } from '$lib/server/clock';
import { getDb } from '$lib/server/db';
import { circleNameMessage } from '$lib/server/groups/circle-name-message';
import { loadGroup } from '$lib/server/groups/group-access';
import { acceptInvitation, requestToJoin, type JoinProblem } from '$lib/server/groups/membership';
import { suggestCircleName } from '$lib/server/groups/name-suggestion';
import type { Actions, PageServerLoad } from './$types';

// Plain forms, each sent whole: the page comes from the server, with no framework to fetch on a
// slow phone.
export const csr = false;

export const load: PageServerLoad = async ({ locals, params, url }) => {
	requireSignedIn(locals.actor, url);
	const { group, membership, resource } = await loadGroup(getDb(), locals.actor, params.id);
	if (membership?.status === 'active') redirect(303, `/groups/${group.id}`);
	const invited = membership?.status === 'invited';
	const waiting = membership?.status === 'requested';
	if (!invited && !waiting && !can(locals.actor, 'group:request-join', resource)) notFound();
	return {
		group: {
			id: group.id,
			name: group.name,
			description: group.description,
			agreement: group.agreement
		},
		invited,
		waiting,
		form: await superValidate(
			{
				// A name the member confirmed before (a request to join), else one offered at random:
				// never the login nickname, which everyone in the circle would then know.
				displayName: membership?.display_name_key
					? (membership.display_name ?? '')
					: suggestCircleName(getLocale()),
				agree: false
			},
			valibot(joinSchema),
			{ errors: false }
		)
	};
};

function problemMessage(problem: JoinProblem): string {
	if (problem.field === 'agree') return m.group_join_agree_required();
	if (problem.field === 'form') return m.group_join_full();
	return circleNameMessage(problem.problem);
}

export const actions: Actions = {
	default: async ({ request, locals, params, url }) => {
		requireSignedIn(locals.actor, url);
		const form = await superValidate(request, valibot(joinSchema));
		if (!form.valid) return fail(400, { form });
		const db = getDb();
		const { membership } = await loadGroup(db, locals.actor, params.id);
		const join = membership?.status === 'invited' ? acceptInvitation : requestToJoin;
		const result = await join(db, locals.actor, params.id, form.data, systemClock());
		if (result.ok)
			redirect(
				303,
				membership?.status === 'invited' ? `/groups/${params.id}` : `/groups/${params.id}/join`
			);
		setError(form, result.field === 'form' ? '' : result.field, problemMessage(result));
		return fail(400, { form });
	}
};
