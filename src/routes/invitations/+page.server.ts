import { fail } from '@sveltejs/kit';
import { tooFastMessage } from '$lib/groups/too-fast-message';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { m } from '$lib/paraglide/messages';
import { invitationSchema } from '$lib/schemas/accounts';
import { requireAccess, requireSignedIn } from '$lib/server/access/require';
import {
	createInvitation,
	INVITATION_DEFAULT_DAYS,
	InvitationLimitError,
	listMembersCircleCodes,
	listOwnInvitations,
	revokeInvitation
} from '$lib/server/accounts/invitations';
import { systemClock } from '$lib/server/clock';
import { getDb } from '$lib/server/db';
import { newFormKey, renewRefusedFormKey } from '$lib/server/forms/form-key';
import { FormKeyExpiredError } from '$lib/server/forms/repeat-safe';
import { formatDate, formatNumber } from '$lib/server/i18n/format';
import type { Actions, PageServerLoad } from './$types';

// Plain forms, each sent whole: the page comes from the server, with no framework to fetch on a
// slow phone.
export const csr = false;

export const load: PageServerLoad = async ({ locals, url }) => {
	requireSignedIn(locals.actor, url);
	requireAccess(locals.actor, 'invitation:list');
	const now = systemClock();
	const invitations = await listOwnInvitations(getDb(), locals.actor);
	const circleCodes = await listMembersCircleCodes(getDb(), locals.actor, now);
	return {
		form: await superValidate(
			{ formKey: newFormKey(now), maxUses: 1, expiresInDays: INVITATION_DEFAULT_DAYS, label: '' },
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
		})),
		circleCodes: circleCodes.map((code) => ({
			id: code.id,
			issuedBy: code.issuedBy,
			circle: code.circle,
			used: formatNumber(code.use_count),
			max: formatNumber(code.max_uses),
			expires: formatDate(code.expires_at)
		}))
	};
};

export const actions: Actions = {
	create: async ({ request, locals, url }) => {
		requireSignedIn(locals.actor, url);
		const form = await superValidate(request, valibot(invitationSchema));
		const refuse = () => {
			renewRefusedFormKey(form, systemClock());
			return fail(400, { form });
		};
		if (!form.valid) return refuse();
		try {
			const { code } = await createInvitation(getDb(), locals.actor, form.data, systemClock);
			// The page keeps this form: a fresh key, so the next code is not taken for a resend.
			form.data.formKey = newFormKey(systemClock());
			return message(form, { code });
		} catch (error) {
			if (error instanceof InvitationLimitError && error.limit === 'too_fast') {
				setError(form, '', tooFastMessage(error.retryAfterS));
				renewRefusedFormKey(form, systemClock());
				return fail(429, { form });
			}
			if (!(error instanceof FormKeyExpiredError)) throw error;
			setError(form, 'formKey', m.form_key_expired());
			return refuse();
		}
	},

	revoke: async ({ request, locals, url }) => {
		requireSignedIn(locals.actor, url);
		const id = (await request.formData()).get('id');
		await revokeInvitation(getDb(), locals.actor, String(id), systemClock);
		return { revoked: true };
	}
};
