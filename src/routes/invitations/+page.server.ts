import { fail } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { invitationSchema } from '$lib/schemas/accounts';
import { requireAccess, requireSignedIn } from '$lib/server/access/require';
import {
	createInvitation,
	INVITATION_DEFAULT_DAYS,
	listOwnInvitations,
	revokeInvitation
} from '$lib/server/accounts/invitations';
import { systemClock } from '$lib/server/clock';
import { getDb } from '$lib/server/db';
import { formatDate, formatNumber } from '$lib/server/i18n/format';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireSignedIn(locals.actor, url);
	requireAccess(locals.actor, 'invitation:list');
	const now = systemClock();
	const invitations = await listOwnInvitations(getDb(), locals.actor);
	return {
		form: await superValidate(
			{ maxUses: 1, expiresInDays: INVITATION_DEFAULT_DAYS, label: '' },
			valibot(invitationSchema),
			{ errors: false }
		),
		invitations: invitations.map((invitation) => ({
			id: invitation.id,
			label: invitation.label,
			used: formatNumber(invitation.use_count),
			max: formatNumber(invitation.max_uses),
			expires: formatDate(invitation.expires_at),
			expired: invitation.expires_at <= now,
			revoked: invitation.revoked_at !== null,
			joined: invitation.uses.map((use) => use.pseudonym)
		}))
	};
};

export const actions: Actions = {
	create: async ({ request, locals, url }) => {
		requireSignedIn(locals.actor, url);
		const form = await superValidate(request, valibot(invitationSchema));
		if (!form.valid) return fail(400, { form });
		const { code } = await createInvitation(getDb(), locals.actor, form.data, systemClock);
		return message(form, { code });
	},

	revoke: async ({ request, locals, url }) => {
		requireSignedIn(locals.actor, url);
		const id = (await request.formData()).get('id');
		await revokeInvitation(getDb(), locals.actor, String(id), systemClock);
		return { revoked: true };
	}
};
