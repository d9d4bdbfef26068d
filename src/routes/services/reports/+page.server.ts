import { requireSignedIn } from '$lib/server/access/require';
import { systemClock } from '$lib/server/clock';
import { getDb } from '$lib/server/db';
import { reportWords } from '$lib/server/services/report-words';
import { readServicesReport } from '$lib/server/services/reports';
import type { PageServerLoad } from './$types';

/** The coordinators' report on services: anyone else is told there is no such page. */
// Reports to read and links: the page comes whole from the server, with no framework to fetch on a
// slow phone.
export const csr = false;

export const load: PageServerLoad = async ({ locals, url }) => {
	requireSignedIn(locals.actor, url);
	return { report: reportWords(await readServicesReport(getDb(), locals.actor, systemClock())) };
};
