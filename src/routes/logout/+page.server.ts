import { redirect } from '@sveltejs/kit';
import { signOut } from '$lib/server/accounts/own-account';
import { clearSessionCookie } from '$lib/server/accounts/session-cookie';
import { getDb } from '$lib/server/db';
import type { Actions } from './$types';

// One plain form: the page comes whole from the server, with no framework to fetch on a slow phone.
export const csr = false;

export const actions: Actions = {
	default: async ({ locals, cookies }) => {
		await signOut(getDb(), locals.actor);
		clearSessionCookie(cookies);
		redirect(303, '/login?signed-out');
	}
};
