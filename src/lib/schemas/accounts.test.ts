import { describe, expect, it } from 'vitest';
import { postedForm } from '../../../tests/helpers/forms';
import { m } from '$lib/paraglide/messages';
import { deleteAccountSchema, signUpSchema } from './accounts';
import { joinSchema, renameSchema } from './groups';

describe('deleting my account', () => {
	it('takes my words away unless I choose to leave them', async () => {
		const unchosen = await postedForm(deleteAccountSchema, { passphrase: 'my pass' });
		expect(unchosen.data).toEqual({ words: 'erase', passphrase: 'my pass' });
		const kept = await postedForm(deleteAccountSchema, { words: 'keep', passphrase: 'my pass' });
		expect(kept.valid).toBe(true);
		expect(kept.data.words).toBe('keep');
	});

	it('refuses any other choice, next to the choice', async () => {
		const form = await postedForm(deleteAccountSchema, { words: 'all', passphrase: 'my pass' });
		expect(form.valid).toBe(false);
		expect(form.errors).toEqual({ words: [m.field_required()] });
	});
});

describe('the sign-up form', () => {
	const fields = { formKey: '019a0000-0000-7000-8000-000000000000', code: 'K7M4-XT9P' };

	it('says what is wrong with every field at once', async () => {
		const form = await postedForm(signUpSchema, { ...fields, pseudonym: '0812345678' });
		expect(form.valid).toBe(false);
		// Each field shows its first message.
		expect(form.errors.pseudonym?.[0]).toBe(m.pseudonym_phone());
		expect(form.errors.passphrase?.[0]).toBe(m.field_required());
	});

	it.each(['ពៅ', 'ต่าย', 'ລີ', 'မြ'])('takes %s, a name of one syllable', async (pseudonym) => {
		const form = await postedForm(signUpSchema, {
			...fields,
			pseudonym,
			passphrase: 'kind words at dawn'
		});
		expect(form.errors).toEqual({});
	});

	it('takes a country of the region, or none, and refuses any other', async () => {
		const base = { ...fields, pseudonym: 'Mai', passphrase: 'kind words at dawn' };
		expect((await postedForm(signUpSchema, base)).data.country).toBe('');
		expect((await postedForm(signUpSchema, { ...base, country: 'KH' })).data.country).toBe('KH');
		const other = await postedForm(signUpSchema, { ...base, country: 'FR' });
		expect(other.errors).toEqual({ country: [m.country_invalid()] });
	});
});

describe("a member's name in a circle", () => {
	it.each(['ពៅ', 'ต่าย', 'ນາ', 'ကို'])('may be %s, one syllable', async (displayName) => {
		expect((await postedForm(joinSchema, { displayName, agree: 'on' })).errors).toEqual({});
		expect((await postedForm(renameSchema, { displayName })).errors).toEqual({});
	});
});
