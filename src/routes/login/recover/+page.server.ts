import { fail, redirect } from '@sveltejs/kit';
import { setError, superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { m } from '$lib/paraglide/messages';
import { codeSignInSchema, passphraseMessage } from '$lib/schemas/accounts';
import { afterSignIn } from '$lib/server/accounts/after-sign-in';
import { signInWithCode } from '$lib/server/accounts/recovery';
import { markThrottled } from '$lib/server/accounts/throttled-form';
import { systemClock } from '$lib/server/clock';
import { getDb } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

// A plain form, and a Show button that the head's script serves: the page comes from the server,
// with no framework to fetch on a slow phone. Signing in is a whole page load anyway.
export const csr = false;

export const load: PageServerLoad = async ({ locals }) => {
	if (locals.actor.kind === 'account') redirect(303, '/account');
	return { form: await superValidate(valibot(codeSignInSchema)) };
};

export const actions: Actions = {
	default: async ({ request, cookies, url, getClientAddress, setHeaders }) => {
		const form = await superValidate(request, valibot(codeSignInSchema));
		const refuse = (status = 400) => {
			form.data.newPassphrase = '';
			form.data.code = '';
			return fail(status, { form });
		};
		if (!form.valid) return refuse();

		const result = await signInWithCode(
			getDb(),
			{
				pseudonym: form.data.pseudonym,
				code: form.data.code,
				newPassphrase: form.data.newPassphrase,
				mode: form.data.remember ? 'remember' : 'shared',
				address: getClientAddress()
			},
			systemClock
		);
		if (!result.ok) {
			if (result.problem === 'throttled') {
				markThrottled(form, setHeaders, result.retryAfterS);
				return refuse(429);
			}
			if (result.problem === 'passphrase') {
				setError(form, 'newPassphrase', passphraseMessage(result.reason));
			} else {
				setError(form, '', m.recover_invalid());
			}
			return refuse();
		}
		afterSignIn(cookies, url, result);
		redirect(303, '/account');
	}
};
