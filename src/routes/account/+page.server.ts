import { fail, redirect } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { m } from '$lib/paraglide/messages';
import * as v from 'valibot';
import { changePassphraseSchema, countrySchema, passphraseMessage } from '$lib/schemas/accounts';
import { countryChoice } from '$lib/referrals/country-choice';
import { chosenCountry, setOwnCountry } from '$lib/server/accounts/country';
import { requireSignedIn } from '$lib/server/access/require';
import {
	changePassphrase,
	setQuickExitSignsOut,
	setSessionMode,
	signOutEverywhere
} from '$lib/server/accounts/own-account';
import { quickExitSignsOut } from '$lib/server/accounts/quick-exit';
import { regenerateRecoveryCodes } from '$lib/server/accounts/recovery';
import { markResetsTold, resetsToTell } from '$lib/server/accounts/reset-notice';
import { formatDateTime } from '$lib/server/i18n/format';
import { clearSessionCookie, setSessionCookie } from '$lib/server/accounts/session-cookie';
import { SESSION_COOKIE } from '$lib/server/accounts/sessions';
import { systemClock } from '$lib/server/clock';
import { getDb } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

// Plain forms, each sent whole, and Print and Copy buttons that the head's script serves: the page
// comes from the server, with no framework to fetch on a slow phone.
export const csr = false;

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
		country: await chosenCountry(getDb(), locals.actor),
		resets: (await resetsToTell(getDb(), locals.actor)).map((reset) => ({
			id: reset.id,
			text: reset.usedAt
				? m.account_reset_used({
						by: reset.issuedBy ?? m.account_reset_someone(),
						issued: formatDateTime(reset.issuedAt),
						used: formatDateTime(reset.usedAt)
					})
				: m.account_reset_unused({
						by: reset.issuedBy ?? m.account_reset_someone(),
						issued: formatDateTime(reset.issuedAt)
					})
		})),
		countryChoice: countryChoice(),
		passphraseForm: await superValidate(valibot(changePassphraseSchema))
	};
};

export const actions: Actions = {
	passphrase: async ({ request, locals, url, cookies, getClientAddress }) => {
		requireSignedIn(locals.actor, url);
		const form = await superValidate(request, valibot(changePassphraseSchema));
		const input = { ...form.data };
		// Passphrases never travel back to the page.
		form.data = { current: '', next: '' };
		if (!form.valid) return fail(400, { passphraseForm: form });
		const result = await changePassphrase(getDb(), locals.actor, input, {
			address: getClientAddress(),
			now: systemClock()
		});
		if (result.ok) return message(form, m.account_passphrase_changed());
		if (result.problem === 'signed_out') {
			clearSessionCookie(cookies);
			redirect(303, '/login?guessed');
		}
		if (result.field === 'current') setError(form, 'current', m.account_passphrase_wrong());
		else setError(form, 'next', passphraseMessage(result.problem));
		return fail(400, { passphraseForm: form });
	},

	resetsRead: async ({ request, locals, url }) => {
		requireSignedIn(locals.actor, url);
		const ids = (await request.formData()).getAll('resetId').map(String);
		await markResetsTold(getDb(), locals.actor, ids, systemClock());
		return { resetsRead: true };
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

	country: async ({ request, locals, url }) => {
		requireSignedIn(locals.actor, url);
		const chosen = v.safeParse(countrySchema, Object.fromEntries(await request.formData()));
		if (!chosen.success) return fail(400, { countryInvalid: m.country_invalid() });
		await setOwnCountry(getDb(), locals.actor, chosen.output.country || null);
		return { countrySaved: true };
	},

	everywhere: async ({ locals, url, cookies }) => {
		requireSignedIn(locals.actor, url);
		await signOutEverywhere(getDb(), locals.actor);
		clearSessionCookie(cookies);
		redirect(303, '/login?signed-out');
	}
};
