import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { locales } from '$lib/paraglide/runtime';
import { pseudonym } from './accounts';

// Forms about groups, checked on the server. Messages are functions, so each is written in the
// language of whoever submits.

const required = () => m.field_required();

const text = (max: number, tooLong: () => string) =>
	v.pipe(v.string(), v.trim(), v.nonEmpty(required), v.maxLength(max, tooLong));

const whole = (min: number, max: number, outOfRange: () => string) =>
	v.pipe(
		v.number(),
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

export const paceSchema = v.object({
	slowModeSeconds: whole(0, 3600, () => m.group_slow_range()),
	paused: v.optional(v.boolean(), false),
	reason: v.optional(
		v.pipe(
			v.string(),
			v.trim(),
			v.maxLength(300, () => m.moderation_reason_too_long())
		),
		''
	)
});
