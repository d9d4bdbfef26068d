import { setError, type SuperValidated } from 'sveltekit-superforms';
import { m } from '$lib/paraglide/messages';
import { formatNumber } from '../i18n/format';

/**
 * Marks a form as refused for too many tries: a Retry-After header for clients, and a message in
 * the member's language and digits ("Please wait N minutes") above the form.
 */
export function markThrottled(
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any form can be throttled
	form: SuperValidated<any>,
	setHeaders: (headers: Record<string, string>) => void,
	retryAfterS: number
): void {
	setHeaders({ 'Retry-After': String(retryAfterS) });
	setError(
		form,
		'',
		m.throttled({ minutes: formatNumber(Math.max(1, Math.ceil(retryAfterS / 60))) })
	);
}
