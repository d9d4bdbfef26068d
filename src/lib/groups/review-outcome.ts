import { m } from '$lib/paraglide/messages';

/** A facilitator's decision on a message, as a member reads it. */
export const reviewOutcomeLabel = (decision: 'approve' | 'hide' | 'delete') =>
	({
		approve: m.review_outcome_approve,
		hide: m.review_outcome_hide,
		delete: m.review_outcome_delete
	})[decision]();
