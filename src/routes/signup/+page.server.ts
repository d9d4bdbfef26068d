import { fail, redirect } from '@sveltejs/kit';
import { message, setError, superValidate, type SuperValidated } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import type * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { countryChoice } from '$lib/referrals/country-choice';
import { languageCountry } from '$lib/schemas/help';
import { passphraseMessage, pseudonymMessage, signUpSchema } from '$lib/schemas/accounts';
import { setSessionCookie } from '$lib/server/accounts/session-cookie';
import { signUp, signUpProblems, type SignUpProblem } from '$lib/server/accounts/signup';
import { markThrottled } from '$lib/server/accounts/throttled-form';
import { systemClock } from '$lib/server/clock';
import { getDb } from '$lib/server/db';
import { newFormKey, renewRefusedFormKey } from '$lib/server/forms/form-key';
import { getSiteSettings } from '$lib/server/settings';
import type { Actions, PageServerLoad } from './$types';

// Plain forms, and Show, Print and Copy buttons that the head's script serves: the page comes from
// the server, with no framework to fetch on a slow phone.
export const csr = false;

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
	// The country the page's language is spoken in, ready to be changed or cleared.
	const country = languageCountry(getLocale()) ?? '';
	return {
		form: await superValidate(
			{ code, country, formKey: newFormKey(systemClock()) },
			valibot(signUpSchema),
			{ errors: false }
		),
		signupOpen: (await getSiteSettings(getDb())).signupOpen,
		countryChoice: countryChoice()
	};
};

type SignUpForm = SuperValidated<v.InferOutput<typeof signUpSchema>>;

/** A problem found by the server, beside its field, unless the form's own check already spoke. */
function showProblem(form: SignUpForm, problem: SignUpProblem): void {
	if (problem.field === 'form') {
		// Too many tries is said with its wait (markThrottled).
		if (problem.problem === 'already_joined') setError(form, '', m.signup_already_joined());
		return;
	}
	if (form.errors[problem.field]?.length) return;
	if (problem.field === 'formKey') setError(form, 'formKey', m.form_key_expired());
	if (problem.field === 'code') setError(form, 'code', CODE_MESSAGES[problem.problem]());
	if (problem.field === 'pseudonym') {
		setError(
			form,
			'pseudonym',
			problem.problem === 'taken' ? m.pseudonym_taken() : pseudonymMessage(problem.problem)
		);
	}
	if (problem.field === 'passphrase')
		setError(form, 'passphrase', passphraseMessage(problem.problem));
}

export const actions: Actions = {
	default: async ({ request, cookies, url, getClientAddress, setHeaders }) => {
		const form = await superValidate(request, valibot(signUpSchema));
		const input = {
			formKey: form.data.formKey,
			code: form.data.code,
			pseudonym: form.data.pseudonym,
			passphrase: form.data.passphrase,
			country: form.data.country || null,
			// The language the member chose before joining (or their browser's): theirs from now on.
			locale: getLocale(),
			address: getClientAddress()
		};
		// A passphrase is never sent back to the page.
		const refuse = (problems: SignUpProblem[]) => {
			const throttled = problems.find((p) => p.field === 'form' && p.problem === 'throttled');
			if (throttled?.field === 'form' && throttled.problem === 'throttled') {
				markThrottled(form, setHeaders, throttled.retryAfterS);
			}
			for (const problem of problems) showProblem(form, problem);
			form.data.passphrase = '';
			renewRefusedFormKey(form, systemClock());
			const joined = problems.some((p) => p.field === 'form' && p.problem === 'already_joined');
			return fail(throttled ? 429 : joined ? 409 : 400, { form });
		};
		// Every field is checked, even when one is empty: the member fixes everything at once.
		if (!form.valid) {
			return refuse(form.errors.formKey ? [] : await signUpProblems(getDb(), input, systemClock));
		}

		const result = await signUp(getDb(), input, systemClock);
		if (!result.ok) return refuse(result.problems);

		setSessionCookie(cookies, url, result.token, result.session);
		form.data.passphrase = '';
		return message(form, { recoveryCodes: result.recoveryCodes, groupId: result.groupId });
	}
};
