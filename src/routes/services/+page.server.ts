import { isCountry } from '$lib/schemas/help';
import { SERVICE_KINDS, SERVICE_LANGUAGES } from '$lib/schemas/service';
import { can } from '$lib/server/access/policy';
import { requireSignedIn } from '$lib/server/access/require';
import { getDb } from '$lib/server/db';
import type { ServiceKind } from '$lib/server/db/schema';
import { listServices } from '$lib/server/services/directory';
import { serviceChoices, serviceView } from '$lib/server/services/service-words';
import type { PageServerLoad } from './$types';

// A list, links and a GET form: the page comes whole from the server, with no framework to fetch
// on a slow phone.
export const csr = false;

const pick = <T extends string>(choices: readonly T[], value: string | null): T | null =>
	choices.find((choice) => choice === value) ?? null;

/** The directory, filtered by a plain GET form: a choice that is not offered means "any". */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireSignedIn(locals.actor, url);
	const params = url.searchParams;
	const chosenCountry = params.get('country');
	const country = isCountry(chosenCountry) ? chosenCountry : null;
	const kind = pick<ServiceKind>(SERVICE_KINDS, params.get('kind'));
	const language = pick(SERVICE_LANGUAGES, params.get('language'));
	const mayManage = can(locals.actor, 'service:manage');
	const archived = mayManage && params.has('archived');
	const services = await listServices(getDb(), locals.actor, { country, kind, language, archived });
	return {
		filters: { country: country ?? '', kind: kind ?? '', language: language ?? '', archived },
		choices: serviceChoices(),
		services: services.map(serviceView),
		mayManage
	};
};
