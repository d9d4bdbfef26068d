import { QUICK_EXIT_PRESSES } from '$lib/quick-exit';
import { formatNumber } from '$lib/server/i18n/format';
import type { PageServerLoad } from './$types';

// Nothing here needs a script: the page comes whole from the server and works at once on a slow
// phone, with no framework to fetch. Leave now and the live notices bring their own.
export const csr = false;

export const load: PageServerLoad = () => ({ escapePresses: formatNumber(QUICK_EXIT_PRESSES) });
