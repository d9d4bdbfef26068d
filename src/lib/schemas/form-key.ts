import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';

/**
 * A form key is a UUID version 7: the time the form was rendered (48 bits of milliseconds), then
 * 74 random bits. The server reads the time to refuse a key it may already have forgotten.
 */
export const FORM_KEY_PATTERN =
	/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

const invalid = () => m.form_key_invalid();

/** The hidden field of every form that creates something (see server/forms/repeat-safe.ts). */
export const formKey = v.pipe(v.string(invalid), v.regex(FORM_KEY_PATTERN, invalid));
