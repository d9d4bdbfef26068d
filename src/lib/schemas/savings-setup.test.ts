import { describe, expect, it } from 'vitest';
import { postedForm } from '../../../tests/helpers/forms';
import { m } from '$lib/paraglide/messages';
import { newFormKey } from '$lib/server/forms/form-key';
import { newSavingsGroupSchema, savingsLinkCodeSchema } from './savings-setup';

const filled = {
	formKey: newFormKey(new Date()),
	name: '  Lotus savers ',
	meets: 'weekly',
	startsOn: '2026-03-01',
	currency: 'KHR',
	sharePrice: '4,000',
	secretaryName: 'Sokha',
	secretaryNickname: 'sokha_writes',
	members: 'Bopha\nChenda'
};

describe('the set-up form of a savings group', () => {
	it('reads unticked boxes as no, and fields left out as empty', async () => {
		const form = await postedForm(newSavingsGroupSchema, filled);
		expect(form.valid).toBe(true);
		expect(form.data).toMatchObject({
			name: 'Lotus savers',
			openBooks: false,
			practice: false,
			chairName: '',
			chairNickname: '',
			treasurerMember: '',
			members: 'Bopha\nChenda'
		});
		const ticked = await postedForm(newSavingsGroupSchema, { ...filled, openBooks: 'on' });
		expect(ticked.data.openBooks).toBe(true);
	});

	it('refuses a missing name, an unknown currency or meeting pace, and keeps what was typed', async () => {
		const form = await postedForm(newSavingsGroupSchema, {
			...filled,
			name: ' ',
			currency: 'EUR',
			meets: 'daily'
		});
		expect(form.valid).toBe(false);
		expect(form.errors.name).toEqual([m.field_required()]);
		expect(form.errors.currency).toEqual([m.field_required()]);
		expect(form.errors.meets).toEqual([m.field_required()]);
		expect(form.data.members).toBe('Bopha\nChenda');
	});

	it('refuses a name longer than 60 characters', async () => {
		const form = await postedForm(newSavingsGroupSchema, { ...filled, name: 'x'.repeat(61) });
		expect(form.errors.name).toEqual([m.savings_new_name_too_long()]);
	});
});

describe('a link code', () => {
	it('is needed, and refused in words when far too long', async () => {
		expect((await postedForm(savingsLinkCodeSchema, { code: '' })).errors.code).toEqual([
			m.field_required()
		]);
		expect((await postedForm(savingsLinkCodeSchema, { code: 'X'.repeat(41) })).errors.code).toEqual(
			[m.savings_home_code_unknown()]
		);
	});
});
