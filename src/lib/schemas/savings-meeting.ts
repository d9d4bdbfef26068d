import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { formKey } from './form-key';

// The correction form of a meeting's page, checked on the server. The meeting sheet and the
// opening balances are read field by field by their own readers (server/savings/*-form.ts): their
// shape follows the group's members. Messages are functions, so each is written in the language of
// whoever submits.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Why, in the officer's words: kept with the reversal and shown beside it to everyone. */
export const CORRECTION_REASON_MAX = 500;

/**
 * A correction of one recorded line: `restate` records the right figure (shares or an amount,
 * typed as the member types it) beside the reversal; `reverse` only cancels the line.
 */
export const correctionSchema = v.object({
	formKey,
	entryId: v.pipe(
		v.string(() => m.savings_correct_problem_cannot_correct()),
		v.regex(UUID, () => m.savings_correct_problem_cannot_correct())
	),
	action: v.picklist(['restate', 'reverse'], () => m.savings_meeting_problem_choose_one()),
	value: v.optional(
		v.pipe(
			v.string(),
			v.trim(),
			v.maxLength(40, () => m.savings_correct_problem_out_of_range())
		),
		''
	),
	reason: v.pipe(
		v.string(),
		v.trim(),
		v.nonEmpty(() => m.savings_correct_problem_reason_needed()),
		v.maxLength(CORRECTION_REASON_MAX, () => m.savings_meeting_problem_too_long())
	)
});
