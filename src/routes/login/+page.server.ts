import { fail, redirect } from '@sveltejs/kit';
import { setError, superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { safeReturnPath } from '$lib/i18n/return-path';
import { m } from '$lib/paraglide/messages';
import { signInSchema } from '$lib/schemas/accounts';
import { afterSignIn } from '$lib/server/accounts/after-sign-in';
import { hasResetToTell } from '$lib/server/accounts/reset-notice';
import { signIn } from '$lib/server/accounts/signin';
import { markThrottled } from '$lib/server/accounts/throttled-form';
import { systemClock } from '$lib/server/clock';
import { getDb } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

// A plain form, and a Show button that the head's script serves: the page comes from the server,
// with no framework to fetch on a slow phone. Signing in is a whole page load anyway.
export const csr = false;

export const load: PageServerLoad = async ({ locals, url }) => {
	const next = safeReturnPath(url.searchParams.get('next'));
	if (locals.actor.kind === 'account') redirect(303, next);
	return {
		form: await superValidate(valibot(signInSchema)),
		next,
		signedOut: url.searchParams.has('signed-out'),
		deleted: url.searchParams.has('deleted'),
		guessed: url.searchParams.has('guessed')
	};
};

export const actions: Actions = {
	default: async ({ request, cookies, url, getClientAddress, setHeaders }) => {
		const form = await superValidate(request, valibot(signInSchema));
		const refuse = (status = 400) => {
			form.data.passphrase = '';
			return fail(status, { form });
		};
		if (!form.valid) return refuse();

		const result = await signIn(
			getDb(),
			{
				pseudonym: form.data.pseudonym,
				passphrase: form.data.passphrase,
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
			setError(form, '', m.signin_invalid());
			return refuse();
		}
		afterSignIn(cookies, url, result);
		// A reset code made for them since they last looked is told before anything else.
		if (await hasResetToTell(getDb(), result.accountId)) redirect(303, '/account');
		redirect(303, safeReturnPath(url.searchParams.get('next')));
	}
};
