import { requireSignedIn } from '$lib/server/access/require';
import { systemClock } from '$lib/server/clock';
import { getDb } from '$lib/server/db';
import { reportWords } from '$lib/server/services/report-words';
import { readServicesReport } from '$lib/server/services/reports';
import type { PageServerLoad } from './$types';

/** The coordinators' report on services: anyone else is told there is no such page. */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireSignedIn(locals.actor, url);
	return { report: reportWords(await readServicesReport(getDb(), locals.actor, systemClock())) };
};
