import { describe, expect, it } from 'vitest';
import { postedForm } from '../../../tests/helpers/forms';
import { m } from '$lib/paraglide/messages';
import { newFormKey } from '$lib/server/forms/form-key';
import { groupInvitationSchema, paceSchema } from './groups';

describe('the pace of a conversation', () => {
	it('reads an empty number as 0 and an unticked box as no pause', async () => {
		const form = await postedForm(paceSchema, { slowModeSeconds: '', reason: '' });
		expect(form.valid).toBe(true);
		expect(form.data).toEqual({ slowModeSeconds: 0, paused: false, reason: '' });
		const paused = await postedForm(paceSchema, { slowModeSeconds: '30', paused: 'on' });
		expect(paused.data).toMatchObject({ slowModeSeconds: 30, paused: true });
	});

	it('says the range in the member’s words for anything but 0 to 3,600 whole seconds', async () => {
		for (const slowModeSeconds of ['3601', '-1', 'soon']) {
			const form = await postedForm(paceSchema, { slowModeSeconds });
			expect(form.errors, slowModeSeconds).toEqual({ slowModeSeconds: [m.group_slow_range()] });
		}
		const typed = await postedForm(paceSchema, { slowModeSeconds: '4000', reason: 'Busy' });
		expect(typed.data).toMatchObject({ slowModeSeconds: 4000, reason: 'Busy' });
	});

	it('refuses a reason that is too long', async () => {
		const form = await postedForm(paceSchema, { slowModeSeconds: '0', reason: 'x'.repeat(301) });
		expect(form.errors).toEqual({ reason: [m.moderation_reason_too_long()] });
	});
});

describe('a code into a group', () => {
	it('is for 1 to 20 people', async () => {
		const formKey = newFormKey(new Date());
		expect((await postedForm(groupInvitationSchema, { formKey, maxUses: '20' })).data.maxUses).toBe(
			20
		);
		for (const maxUses of ['0', '21', '']) {
			const form = await postedForm(groupInvitationSchema, { formKey, maxUses });
			expect(form.errors, maxUses).toEqual({ maxUses: [m.review_invite_uses_range()] });
		}
	});
});
