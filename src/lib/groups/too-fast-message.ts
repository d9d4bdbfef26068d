import { m } from '$lib/paraglide/messages';

/** "You are sending very quickly": the wait in seconds under two minutes, else in minutes. */
export function tooFastMessage(retryAfterS: number): string {
	const seconds = Math.max(1, Math.ceil(retryAfterS));
	return seconds < 120
		? m.write_too_fast_seconds({ seconds: String(seconds) })
		: m.write_too_fast_minutes({ minutes: String(Math.ceil(seconds / 60)) });
}
