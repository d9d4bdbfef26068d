import { requireSignedIn } from '$lib/server/access/require';
import { getDb } from '$lib/server/db';
import { readSavingsGroupHeader } from '$lib/server/savings/group-header';
import type { LayoutServerLoad } from './$types';

// Every page of a savings group shows its name and pages; someone who may not see it gets a 404.
export const load: LayoutServerLoad = async ({ locals, params, url }) => {
	requireSignedIn(locals.actor, url);
	return { savings: await readSavingsGroupHeader(getDb(), locals.actor, params.id) };
};
