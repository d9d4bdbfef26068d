import { requireSignedIn } from '$lib/server/access/require';
import { exportOwnData } from '$lib/server/accounts/own-data';
import { getDb } from '$lib/server/db';
import { jsonDownload } from '$lib/server/json-download';
import type { RequestHandler } from './$types';

/** Download my data: everything the platform holds about the member, as one JSON file. */
export const GET: RequestHandler = async ({ locals, url }) => {
	requireSignedIn(locals.actor, url);
	const data = await exportOwnData(getDb(), locals.actor);
	return jsonDownload(data, 'my-data.json');
};
