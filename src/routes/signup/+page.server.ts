import { fail, redirect } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { m } from '$lib/paraglide/messages';
import { passphraseMessage, pseudonymMessage, signUpSchema } from '$lib/schemas/accounts';
import { setSessionCookie } from '$lib/server/accounts/session-cookie';
import { signUp } from '$lib/server/accounts/signup';
import { markThrottled } from '$lib/server/accounts/throttled-form';
import { systemClock } from '$lib/server/clock';
import { getDb } from '$lib/server/db';
import { newFormKey, renewRefusedFormKey } from '$lib/server/forms/form-key';
import { getSiteSettings } from '$lib/server/settings';
import type { Actions, PageServerLoad } from './$types';

const CODE_MESSAGES = {
	required: m.signup_code_required,
	unknown: m.signup_code_unknown,
	expired: m.signup_code_expired,
	used_up: m.signup_code_used_up,
	revoked: m.signup_code_revoked
};

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.actor.kind === 'account') redirect(303, '/');
	const code = url.searchParams.get('code') ?? '';
	return {
		form: await superValidate({ code, formKey: newFormKey(systemClock()) }, valibot(signUpSchema), {
			errors: false
		}),
		signupOpen: (await getSiteSettings(getDb())).signupOpen
	};
};

export const actions: Actions = {
	default: async ({ request, cookies, url, getClientAddress, setHeaders }) => {
		const form = await superValidate(request, valibot(signUpSchema));
		// A passphrase is never sent back to the page.
		const refuse = (status = 400) => {
			form.data.passphrase = '';
			renewRefusedFormKey(form, systemClock());
			return fail(status, { form });
		};
		if (!form.valid) return refuse();

		const result = await signUp(
			getDb(),
			{ ...form.data, address: getClientAddress() },
			systemClock
		);
		if (!result.ok) {
			if (result.field === 'form' && result.problem === 'throttled') {
				markThrottled(form, setHeaders, result.retryAfterS);
				return refuse(429);
			}
			if (result.field === 'form') {
				setError(form, '', m.signup_already_joined());
				return refuse(409);
			}
			if (result.field === 'formKey') setError(form, 'formKey', m.form_key_expired());
			if (result.field === 'code') setError(form, 'code', CODE_MESSAGES[result.problem]());
			if (result.field === 'pseudonym') {
				setError(
					form,
					'pseudonym',
					result.problem === 'taken' ? m.pseudonym_taken() : pseudonymMessage(result.problem)
				);
			}
			if (result.field === 'passphrase')
				setError(form, 'passphrase', passphraseMessage(result.problem));
			return refuse();
		}

		setSessionCookie(cookies, url, result.token, result.session);
		form.data.passphrase = '';
		return message(form, { recoveryCodes: result.recoveryCodes, groupId: result.groupId });
	}
};
