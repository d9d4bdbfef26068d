import { m } from '$lib/paraglide/messages';
import { requireSignedIn } from '$lib/server/access/require';
import { courseMoment } from '$lib/server/courses/course-time';
import { readRoster } from '$lib/server/courses/roster';
import { rosterName } from '$lib/server/courses/roster-name';
import { csvDownload } from '$lib/server/csv-download';
import { getDb } from '$lib/server/db';
import { formatDate } from '$lib/server/i18n/format';
import type { RequestHandler } from './$types';

/**
 * The roster as a spreadsheet, in the reader's language: the names people gave for the course and
 * where they stand, nothing else about them. The file's name says nothing of the course.
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	requireSignedIn(locals.actor, url);
	const roster = await readRoster(getDb(), locals.actor, params.id);
	const rows = [
		[m.roster_csv_name(), m.roster_csv_status(), m.roster_csv_detail()],
		...roster.enrolled.map((entry) => [
			rosterName(entry),
			m.roster_status_enrolled(),
			formatDate(entry.since)
		]),
		...roster.offered.map((entry) => [
			rosterName(entry),
			m.roster_status_offered(),
			courseMoment(entry.until, roster.timeZone)
		]),
		...roster.waiting.map((entry, i) => [rosterName(entry), m.roster_status_waiting(), i + 1])
	];
	return csvDownload(rows, 'roster.csv');
};
