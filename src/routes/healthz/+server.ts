import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { databaseAnswers } from '$lib/server/health';
import type { RequestHandler } from './$types';

/** For load balancers and uptime checks: 200 while the database answers, 503 while it does not. */
export const GET: RequestHandler = async () => {
	const ok = await databaseAnswers(getDb());
	return json({ status: ok ? 'ok' : 'unavailable' }, { status: ok ? 200 : 503 });
};
