import { config } from '$lib/server/config';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = () => {
	const { APP_NAME, QUICK_EXIT_URL } = config();
	return { appName: APP_NAME, quickExitUrl: QUICK_EXIT_URL };
};
