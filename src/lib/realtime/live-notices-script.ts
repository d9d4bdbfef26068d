import { dev, version } from '$app/environment';
import { LIVE_NOTICES_FILE } from './live-notices-entry';

/**
 * The address of the live notices' script (`$lib/realtime/live-notices.ts`) in the reader's
 * language's copy of the build, where the live pages' socket client already is.
 */
export function liveNoticesScript(locale: string): string {
	if (dev) return '/src/lib/realtime/live-notices.ts';
	return `/_app/immutable/${locale}/${LIVE_NOTICES_FILE}?v=${encodeURIComponent(version)}`;
}
