import { describe, expect, it } from 'vitest';
import { postedForm } from '../../../tests/helpers/forms';
import { m } from '$lib/paraglide/messages';
import { deleteAccountSchema } from './accounts';

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
