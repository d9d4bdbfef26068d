import { fail, redirect } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { m } from '$lib/paraglide/messages';
import { changePassphraseSchema, passphraseMessage } from '$lib/schemas/accounts';
import { requireSignedIn } from '$lib/server/access/require';
import {
	changePassphrase,
	setQuickExitSignsOut,
	setSessionMode,
	signOutEverywhere
} from '$lib/server/accounts/own-account';
import { quickExitSignsOut } from '$lib/server/accounts/quick-exit';
import { regenerateRecoveryCodes } from '$lib/server/accounts/recovery';
import { clearSessionCookie, setSessionCookie } from '$lib/server/accounts/session-cookie';
import { SESSION_COOKIE } from '$lib/server/accounts/sessions';
import { systemClock } from '$lib/server/clock';
import { getDb } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireSignedIn(locals.actor, url);
	const session = await getDb()
		.selectFrom('session')
		.select('mode')
		.where('id', '=', locals.actor.sessionId)
		.executeTakeFirstOrThrow();
	return {
		pseudonym: locals.actor.pseudonym,
		sessionMode: session.mode,
		quickExitSignsOut: await quickExitSignsOut(getDb(), locals.actor),
		passphraseForm: await superValidate(valibot(changePassphraseSchema))
	};
};

export const actions: Actions = {
	passphrase: async ({ request, locals, url }) => {
		requireSignedIn(locals.actor, url);
		const form = await superValidate(request, valibot(changePassphraseSchema));
		const input = { ...form.data };
		// Passphrases never travel back to the page.
		form.data = { current: '', next: '' };
		if (!form.valid) return fail(400, { passphraseForm: form });
		const result = await changePassphrase(getDb(), locals.actor, input);
		if (result.ok) return message(form, m.account_passphrase_changed());
		if (result.field === 'current') setError(form, 'current', m.account_passphrase_wrong());
		else setError(form, 'next', passphraseMessage(result.problem));
		return fail(400, { passphraseForm: form });
	},

	recoveryCodes: async ({ locals, url }) => {
		requireSignedIn(locals.actor, url);
		return { recoveryCodes: await regenerateRecoveryCodes(getDb(), locals.actor) };
	},

	sessionMode: async ({ request, locals, url, cookies }) => {
		requireSignedIn(locals.actor, url);
		const mode = (await request.formData()).get('mode');
		if (mode !== 'shared' && mode !== 'remember') return fail(400, { sessionModeInvalid: true });
		const session = await setSessionMode(getDb(), locals.actor, mode, systemClock);
		const token = cookies.get(SESSION_COOKIE);
		if (token) setSessionCookie(cookies, url, token, session);
		return { sessionModeSaved: true };
	},

	// A checkbox: ticked "I use my own phone" is sent, unticked is not.
	quickExit: async ({ request, locals, url }) => {
		requireSignedIn(locals.actor, url);
		const ownPhone = (await request.formData()).get('ownPhone') === 'on';
		await setQuickExitSignsOut(getDb(), locals.actor, !ownPhone);
		return { quickExitSaved: true };
	},

	everywhere: async ({ locals, url, cookies }) => {
		requireSignedIn(locals.actor, url);
		await signOutEverywhere(getDb(), locals.actor);
		clearSessionCookie(cookies);
		redirect(303, '/login?signed-out');
	}
};
