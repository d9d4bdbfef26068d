import { fail, redirect } from '@sveltejs/kit';
import { setError, superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { m } from '$lib/paraglide/messages';
import { deleteAccountSchema } from '$lib/schemas/accounts';
import { requireSignedIn } from '$lib/server/access/require';
import { deleteOwnAccount } from '$lib/server/accounts/own-account';
import { clearSessionCookie } from '$lib/server/accounts/session-cookie';
import { systemClock } from '$lib/server/clock';
import { getDb } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

// Plain forms, each sent whole: the page comes from the server, with no framework to fetch on a
// slow phone.
export const csr = false;

export const load: PageServerLoad = async ({ locals, url }) => {
	requireSignedIn(locals.actor, url);
	return { form: await superValidate(valibot(deleteAccountSchema)) };
};

export const actions: Actions = {
	default: async ({ request, locals, url, cookies, getClientAddress }) => {
		requireSignedIn(locals.actor, url);
		const form = await superValidate(request, valibot(deleteAccountSchema));
		const { passphrase, words } = form.data;
		form.data.passphrase = '';
		if (!form.valid) return fail(400, { form });
		const result = await deleteOwnAccount(
			getDb(),
			locals.actor,
			{ passphrase, words },
			{ address: getClientAddress(), now: systemClock() }
		);
		if (!result.ok && result.problem === 'signed_out') {
			clearSessionCookie(cookies);
			redirect(303, '/login?guessed');
		}
		if (!result.ok) {
			setError(form, 'passphrase', m.delete_wrong());
			return fail(400, { form });
		}
		clearSessionCookie(cookies);
		redirect(303, '/login?deleted');
	}
};
