import { randomBytes } from 'node:crypto';
import { FORM_KEY_PATTERN } from '$lib/schemas/form-key';

/** How long after rendering a form may be sent; after that the member sends it again. */
export const FORM_KEY_LIFETIME_MS = 60 * 60_000;

/** How far ahead of this process's clock a key's time may be: another process may run ahead. */
const CLOCK_AHEAD_MS = 60_000;

/**
 * How long a result is kept. A key is accepted only while it is younger than its lifetime, so a
 * result kept this long is still there whenever its key can be sent again.
 */
export const FORM_RESULT_KEPT_MS = FORM_KEY_LIFETIME_MS + CLOCK_AHEAD_MS;

/** A new key for a form rendered now: a UUID version 7 (its time, then 74 random bits). */
export function newFormKey(now: Date): string {
	const bytes = randomBytes(16);
	bytes.writeUIntBE(now.getTime(), 0, 6);
	bytes[6] = 0x70 | (bytes[6] & 0x0f);
	bytes[8] = 0x80 | (bytes[8] & 0x3f);
	const hex = bytes.toString('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Whether a key is too old (or from too far ahead) to be sent: its result, if it had one, may
 * already be forgotten, and acting on it could do the work twice. A malformed key counts too.
 */
export function isFormKeyExpired(key: string, now: Date): boolean {
	if (!FORM_KEY_PATTERN.test(key)) return true;
	const renderedAt = Number.parseInt(key.slice(0, 8) + key.slice(9, 13), 16);
	const at = now.getTime();
	return renderedAt < at - FORM_KEY_LIFETIME_MS || renderedAt > at + CLOCK_AHEAD_MS;
}

/**
 * A form refused for its key (missing, malformed or expired) goes back with a fresh one, so that
 * sending it again works without reloading the page and losing what was typed.
 */
export function renewRefusedFormKey(
	form: { data: { formKey: string }; errors: { formKey?: string[] } },
	now: Date
): void {
	if (form.errors.formKey) form.data.formKey = newFormKey(now);
}
