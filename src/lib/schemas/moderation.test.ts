import { describe, expect, it } from 'vitest';
import { postedForm } from '../../../tests/helpers/forms';
import { m } from '$lib/paraglide/messages';
import {
	joinDecisionSchema,
	memberActionSchema,
	memberNoteSchema,
	NOTE_MAX,
	REASON_MAX,
	reviewSchema
} from './moderation';

const id = crypto.randomUUID();
const KEY = '01890a5d-ac96-774b-bcce-b302099a8057';

describe('a decision on a message', () => {
	it('lets a message stand without a reason', async () => {
		const form = await postedForm(reviewSchema, { messageId: id, decision: 'approve', reason: '' });
		expect(form.valid).toBe(true);
		expect(form.data).toEqual({ messageId: id, decision: 'approve', reason: '' });
	});

	it('asks for a reason to hide or delete, next to the reason', async () => {
		for (const decision of ['hide', 'delete']) {
			const form = await postedForm(reviewSchema, { messageId: id, decision, reason: '   ' });
			expect(form.valid).toBe(false);
			expect(form.errors).toEqual({ reason: [m.moderation_reason_required()] });
		}
	});

	it('refuses a reason that is too long, and keeps it as typed', async () => {
		const reason = 'x'.repeat(REASON_MAX + 1);
		const form = await postedForm(reviewSchema, { messageId: id, decision: 'hide', reason });
		expect(form.errors).toEqual({ reason: [m.moderation_reason_too_long()] });
		expect(form.data.reason).toBe(reason);
	});

	it('refuses a decision it does not know', async () => {
		const form = await postedForm(reviewSchema, { messageId: id, decision: 'keep', reason: 'x' });
		expect(form.errors).toEqual({ decision: [m.field_required()] });
	});
});

describe('an action on a member', () => {
	it('asks for a reason to warn, mute or remove, not to let them write or come back again', async () => {
		for (const kind of ['warn', 'mute', 'remove']) {
			const form = await postedForm(memberActionSchema, {
				formKey: KEY,
				memberId: id,
				kind,
				reason: '',
				minutes: '60'
			});
			expect(form.errors, kind).toEqual({ reason: [m.moderation_reason_required()] });
		}
		for (const kind of ['unmute', 'readmit']) {
			const form = await postedForm(memberActionSchema, { formKey: KEY, memberId: id, kind });
			expect(form.valid, kind).toBe(true);
		}
	});

	it('mutes for one of the offered lengths only', async () => {
		const day = await postedForm(memberActionSchema, {
			formKey: KEY,
			memberId: id,
			kind: 'mute',
			reason: 'Shouting',
			minutes: '1440'
		});
		expect(day.valid).toBe(true);
		expect(day.data).toMatchObject({ kind: 'mute', reason: 'Shouting', minutes: 1440 });
		for (const minutes of [undefined, '45', 'soon']) {
			const form = await postedForm(memberActionSchema, {
				formKey: KEY,
				memberId: id,
				kind: 'mute',
				reason: 'Shouting',
				...(minutes === undefined ? {} : { minutes })
			});
			expect(form.errors, String(minutes)).toEqual({ minutes: [m.field_required()] });
		}
	});

	it('needs no length for anything but a mute', async () => {
		const form = await postedForm(memberActionSchema, {
			formKey: KEY,
			memberId: id,
			kind: 'warn',
			reason: 'x'
		});
		expect(form.valid).toBe(true);
		expect(form.data.minutes).toBeUndefined();
	});

	it('asks for the form key', async () => {
		const warn = await postedForm(memberActionSchema, { memberId: id, kind: 'warn', reason: 'x' });
		expect(warn.errors).toEqual({ formKey: [m.form_key_invalid()] });
	});

	it('refuses a note through the actions with a reason', async () => {
		const form = await postedForm(memberActionSchema, {
			formKey: KEY,
			memberId: id,
			kind: 'note',
			reason: 'x'
		});
		expect(form.errors).toEqual({ kind: [m.field_required()] });
	});
});

describe('a private note', () => {
	it('asks for words, and at most 2,000 characters of them, kept as typed', async () => {
		const empty = await postedForm(memberNoteSchema, { formKey: KEY, memberId: id, body: ' ' });
		expect(empty.errors).toEqual({ body: [m.field_required()] });
		const body = 'ก'.repeat(NOTE_MAX + 1);
		const long = await postedForm(memberNoteSchema, { formKey: KEY, memberId: id, body });
		expect(long.errors).toEqual({ body: [m.review_note_too_long()] });
		expect(long.data.body).toBe(body);
	});
});

describe('a request to join', () => {
	it('is declined unless the facilitator lets them in', async () => {
		const admit = await postedForm(joinDecisionSchema, { memberId: id, decision: 'admit' });
		expect(admit.data.decision).toBe('admit');
		// A form sent without the button's value declines, as it always did.
		const none = await postedForm(joinDecisionSchema, { memberId: id });
		expect(none.data.decision).toBe('decline');
		const odd = await postedForm(joinDecisionSchema, { memberId: id, decision: 'maybe' });
		expect(odd.errors).toEqual({ decision: [m.field_required()] });
	});
});
