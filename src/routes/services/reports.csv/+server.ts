import { requireSignedIn } from '$lib/server/access/require';
import { systemClock } from '$lib/server/clock';
import { csvDownload } from '$lib/server/csv-download';
import { getDb } from '$lib/server/db';
import { reportCsvRows } from '$lib/server/services/report-words';
import { readServicesReport } from '$lib/server/services/reports';
import type { RequestHandler } from './$types';

/** The coordinators' report as a spreadsheet, in the reader's language, small counts hidden. */
export const GET: RequestHandler = async ({ locals, url }) => {
	requireSignedIn(locals.actor, url);
	const report = await readServicesReport(getDb(), locals.actor, systemClock());
	return csvDownload(reportCsvRows(report), 'service-report.csv');
};
