import { fail, redirect } from '@sveltejs/kit';
import { safeReturnPath } from '$lib/i18n/return-path';
import { cookieName, isLocale } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';

const ONE_YEAR_S = 60 * 60 * 24 * 365;

export const load: PageServerLoad = ({ url }) => ({
	next: safeReturnPath(url.searchParams.get('next'))
});

export const actions: Actions = {
	default: async ({ request, cookies, url }) => {
		const form = await request.formData();
		const locale = form.get('locale');
		if (typeof locale !== 'string' || !isLocale(locale)) return fail(400, { invalid: true });
		// Readable by the page's script too: Paraglide picks the language from it in the browser.
		cookies.set(cookieName, locale, {
			path: '/',
			maxAge: ONE_YEAR_S,
			httpOnly: false,
			sameSite: 'lax',
			secure: url.protocol === 'https:'
		});
		redirect(303, safeReturnPath(form.get('next')?.toString()));
	}
};
