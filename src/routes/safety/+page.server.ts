import { QUICK_EXIT_PRESSES } from '$lib/quick-exit';
import { formatNumber } from '$lib/server/i18n/format';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = () => ({ escapePresses: formatNumber(QUICK_EXIT_PRESSES) });
