import { requireSignedIn } from '$lib/server/access/require';
import { exportOwnData } from '$lib/server/accounts/own-data';
import { getDb } from '$lib/server/db';
import type { RequestHandler } from './$types';

/** Download my data: everything the platform holds about the member, as one JSON file. */
export const GET: RequestHandler = async ({ locals, url }) => {
	requireSignedIn(locals.actor, url);
	const data = await exportOwnData(getDb(), locals.actor);
	return new Response(JSON.stringify(data, null, 2), {
		headers: {
			'Content-Type': 'application/json; charset=utf-8',
			'Content-Disposition': 'attachment; filename="my-data.json"'
		}
	});
};
