import { describe, expect, it } from 'vitest';
import { MINUTE } from '../../../../tests/helpers/clock';
import { FORM_KEY_PATTERN } from '$lib/schemas/form-key';
import {
	FORM_KEY_LIFETIME_MS,
	isFormKeyExpired,
	newFormKey,
	renewRefusedFormKey
} from './form-key';

const now = new Date('2030-05-01T08:00:00.000Z');

describe('form keys', () => {
	it('are UUID version 7 with the time they were made, each one different', () => {
		const key = newFormKey(now);
		expect(key).toMatch(FORM_KEY_PATTERN);
		expect(Number.parseInt(key.slice(0, 8) + key.slice(9, 13), 16)).toBe(now.getTime());
		expect(newFormKey(now)).not.toBe(key);
	});

	it('can be sent for their lifetime, and not after it or from too far ahead', () => {
		const key = newFormKey(now);
		const later = (ms: number) => new Date(now.getTime() + ms);
		expect(isFormKeyExpired(key, now)).toBe(false);
		expect(isFormKeyExpired(key.toUpperCase(), later(FORM_KEY_LIFETIME_MS))).toBe(false);
		expect(isFormKeyExpired(key, later(FORM_KEY_LIFETIME_MS + 1))).toBe(true);
		expect(isFormKeyExpired(key, later(-2 * MINUTE))).toBe(true);
	});

	it('count as expired when malformed, or a UUID of another version', () => {
		expect(isFormKeyExpired('', now)).toBe(true);
		expect(isFormKeyExpired('not-a-key', now)).toBe(true);
		expect(isFormKeyExpired(crypto.randomUUID(), now)).toBe(true);
	});

	it('are renewed in a form refused for its key, and only then', () => {
		const refused = { data: { formKey: 'bad' }, errors: { formKey: ['refused'] } };
		renewRefusedFormKey(refused, now);
		expect(refused.data.formKey).toMatch(FORM_KEY_PATTERN);
		const key = newFormKey(now);
		const other = { data: { formKey: key }, errors: {} };
		renewRefusedFormKey(other, now);
		expect(other.data.formKey).toBe(key);
	});
});
