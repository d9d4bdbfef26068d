import { json } from '@sveltejs/kit';
import { notFound, requireSignedIn } from '$lib/server/access/require';
import { systemClock } from '$lib/server/clock';
import { readAttendanceSheet } from '$lib/server/courses/attendance';
import { getDb } from '$lib/server/db';
import { checkedInCount, checkedInWords } from '../sheet-words.server';
import type { RequestHandler } from './$types';

/**
 * The check-in code now, for the sheet's script to show when the last one runs out: for the
 * course's trainers and coordinators only (the same check as the sheet), never stored by a cache.
 * Also how many have checked in, so that the script reloads the list when someone has.
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	requireSignedIn(locals.actor, url);
	const sheet = await readAttendanceSheet(
		getDb(),
		locals.actor,
		params.id,
		params.sessionId,
		systemClock()
	);
	if (!sheet) notFound();
	const counted = { checkedIn: checkedInCount(sheet), checkedInWords: checkedInWords(sheet) };
	return json(
		sheet.checkIn
			? {
					open: true,
					code: sheet.checkIn.code,
					secondsLeft: sheet.checkIn.secondsLeft,
					...counted
				}
			: { open: false, ...counted },
		{ headers: { 'cache-control': 'no-store' } }
	);
};
