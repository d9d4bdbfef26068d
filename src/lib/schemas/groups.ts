import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { locales } from '$lib/paraglide/runtime';
import { pseudonym } from './accounts';
import { formKey } from './form-key';
import { moderationReason } from './moderation';

// Forms about groups, checked on the server. Messages are functions, so each is written in the
// language of whoever submits.

const required = () => m.field_required();

const text = (max: number, tooLong: () => string) =>
	v.pipe(v.string(), v.trim(), v.nonEmpty(required), v.maxLength(max, tooLong));

/** A whole number in a range; anything else typed (letters, a fraction) is out of range too. */
const whole = (min: number, max: number, outOfRange: () => string) =>
	v.pipe(
		v.number(outOfRange),
		v.integer(outOfRange),
		v.minValue(min, outOfRange),
		v.maxValue(max, outOfRange)
	);

export const groupSchema = v.object({
	name: text(60, () => m.group_name_too_long()),
	description: v.optional(
		v.pipe(
			v.string(),
			v.trim(),
			v.maxLength(300, () => m.group_description_too_long())
		),
		''
	),
	language: v.picklist(locales, required),
	sizeCap: whole(2, 50, () => m.group_size_range()),
	joinRule: v.picklist(['invitation', 'request'], required),
	agreement: text(2000, () => m.group_agreement_too_long()),
	holdFirstPosts: whole(0, 50, () => m.group_hold_range())
});

/** A new group's form: its settings, and the key that makes sending it twice one group. */
export const newGroupSchema = v.object({ formKey, ...groupSchema.entries });

export const joinSchema = v.object({
	displayName: pseudonym,
	agree: v.optional(v.boolean(), false)
});

export const renameSchema = v.object({ displayName: pseudonym });

export const joinCodeSchema = v.object({
	code: v.pipe(
		v.string(),
		v.trim(),
		v.nonEmpty(required),
		v.maxLength(40, () => m.group_code_unknown())
	)
});

export const appointSchema = v.object({
	pseudonym: v.pipe(v.string(), v.trim(), v.nonEmpty(required), v.maxLength(200, required))
});

/** The review page's pace of conversation: seconds between one member's messages, and a pause. */
export const paceSchema = v.object({
	slowModeSeconds: whole(0, 3600, () => m.group_slow_range()),
	paused: v.optional(v.boolean(), false),
	reason: v.optional(moderationReason, '')
});

/** A code into the group, made on its review page for at most a small gathering. */
export const groupInvitationSchema = v.object({
	formKey,
	maxUses: whole(1, 20, () => m.review_invite_uses_range())
});

/** Cancelling one of the group's codes, from its review page. */
export const revokeInvitationSchema = v.object({ id: v.string() });
