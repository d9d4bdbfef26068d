import { redirect } from '@sveltejs/kit';
import { signOut } from '$lib/server/accounts/own-account';
import { clearSessionCookie } from '$lib/server/accounts/session-cookie';
import { getDb } from '$lib/server/db';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async ({ locals, cookies }) => {
		await signOut(getDb(), locals.actor);
		clearSessionCookie(cookies);
		redirect(303, '/login?signed-out');
	}
};
