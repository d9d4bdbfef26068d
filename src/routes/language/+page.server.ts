import { fail, redirect } from '@sveltejs/kit';
import { safeReturnPath } from '$lib/i18n/return-path';
import { isLocale } from '$lib/paraglide/runtime';
import { setLocale } from '$lib/server/accounts/own-account';
import { getDb } from '$lib/server/db';
import { setLanguageCookie } from '$lib/server/i18n/language-cookie';
import type { Actions, PageServerLoad } from './$types';

// Six buttons in one plain form, and the choice is a whole page load anyway: the page comes whole
// from the server, with no framework to fetch on a slow phone.
export const csr = false;

export const load: PageServerLoad = ({ url }) => ({
	next: safeReturnPath(url.searchParams.get('next'))
});

export const actions: Actions = {
	default: async ({ request, cookies, url, locals }) => {
		const form = await request.formData();
		const locale = form.get('locale');
		if (typeof locale !== 'string' || !isLocale(locale)) return fail(400, { invalid: true });
		setLanguageCookie(cookies, url, locale);
		// A signed-in member's choice follows them to other phones.
		if (locals.actor.kind === 'account') await setLocale(getDb(), locals.actor, locale);
		redirect(303, safeReturnPath(form.get('next')?.toString()));
	}
};
