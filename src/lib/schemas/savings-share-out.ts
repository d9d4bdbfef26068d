import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { formKey } from './form-key';

// The share-out's forms, checked on the server. Every one of them changes the books, so every one
// carries the key its page was rendered with: sent twice, it does its work once.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const id = (problem: () => string) => v.pipe(v.string(problem), v.regex(UUID, problem));

/** Start the share-out, reopen the books, close the cycle: nothing but the key. */
export const shareOutStepSchema = v.object({ formKey });

/** The chair's or the secretary's approval. */
export const approveShareOutSchema = v.object({
	formKey,
	officer: v.picklist(['chair', 'secretary'], () => m.savings_share_problem_not_that_officer())
});

/** One member's payout, handed over. */
export const payOutSchema = v.object({
	formKey,
	memberId: id(() => m.savings_share_problem_nothing_to_pay())
});

/** A loan the group agreed to write off, with why. */
export const writeOffSchema = v.object({
	formKey,
	loanId: id(() => m.savings_writeoff_problem_not_found()),
	meetingId: id(() => m.savings_writeoff_problem_not_latest_meeting()),
	reason: v.pipe(
		v.string(),
		v.trim(),
		v.nonEmpty(() => m.savings_writeoff_problem_reason_needed()),
		v.maxLength(500, () => m.savings_writeoff_reason_too_long())
	),
	groupAgreed: v.optional(v.boolean(), false)
});

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (text: string) => {
	const day = new Date(`${text}T00:00:00Z`);
	return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === text;
};

/** The next cycle's first day; it keeps the last cycle's rules. */
export const nextCycleSchema = v.object({
	formKey,
	startsOn: v.pipe(
		v.string(),
		v.trim(),
		v.nonEmpty(() => m.savings_share_starts_on_needed()),
		v.regex(DATE, () => m.savings_share_starts_on_invalid()),
		v.check(isDay, () => m.savings_share_starts_on_invalid())
	)
});
