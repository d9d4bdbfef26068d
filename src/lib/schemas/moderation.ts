import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { formKey } from './form-key';

// The forms a facilitator sends from a group's review page, checked on the server. Messages are
// functions, so each is written in the language of whoever submits.

export const REASON_MAX = 300;
export const NOTE_MAX = 2000;

/**
 * Mute lengths offered, in minutes: an hour, a day, three days, a week. A week is the longest: for
 * longer than that, a facilitator removes the member.
 */
export const MUTE_CHOICES = [60, 24 * 60, 3 * 24 * 60, 7 * 24 * 60] as const;

const required = () => m.field_required();

/** A reason for a decision, which members read in the group's log. */
export const moderationReason = v.pipe(
	v.string(),
	v.trim(),
	v.maxLength(REASON_MAX, () => m.moderation_reason_too_long())
);

/** A decision on a held or flagged message: only letting it stand needs no reason. */
export const reviewSchema = v.pipe(
	v.object({
		messageId: v.string(),
		decision: v.picklist(['approve', 'hide', 'delete'], required),
		reason: moderationReason
	}),
	v.forward(
		v.partialCheck(
			[['decision'], ['reason']],
			(input) => input.decision === 'approve' || input.reason !== '',
			() => m.moderation_reason_required()
		),
		['reason']
	)
);

/**
 * A warning, a mute for one of the offered lengths, its end, a removal or its lifting: a warning, a
 * mute and a removal with a reason. Each carries a form key: a warning creates something (the
 * others are the same twice).
 */
export const memberActionSchema = v.pipe(
	v.object({
		formKey,
		memberId: v.string(),
		kind: v.picklist(['warn', 'mute', 'unmute', 'remove', 'readmit'], required),
		reason: moderationReason,
		minutes: v.optional(v.picklist(MUTE_CHOICES, required))
	}),
	v.forward(
		v.partialCheck(
			[['kind'], ['reason']],
			(input) => input.kind === 'unmute' || input.kind === 'readmit' || input.reason !== '',
			() => m.moderation_reason_required()
		),
		['reason']
	),
	v.forward(
		v.partialCheck(
			[['kind'], ['minutes']],
			(input) => input.kind !== 'mute' || input.minutes !== undefined,
			required
		),
		['minutes']
	)
);

/** A private note about a member, for the group's facilitators only. */
export const memberNoteSchema = v.object({
	formKey,
	memberId: v.string(),
	body: v.pipe(
		v.string(),
		v.trim(),
		v.nonEmpty(required),
		v.maxLength(NOTE_MAX, () => m.review_note_too_long())
	)
});

/** Letting in, or not, someone who asked to join. Declining comes first: it is the default. */
export const joinDecisionSchema = v.object({
	memberId: v.string(),
	decision: v.picklist(['decline', 'admit'], required)
});
