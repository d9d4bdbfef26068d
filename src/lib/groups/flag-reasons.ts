import { m } from '$lib/paraglide/messages';

export const FLAG_REASONS = ['unkind', 'unsafe', 'spam', 'contact', 'other'] as const;
export type FlagReason = (typeof FLAG_REASONS)[number];

export const flagReasonLabel = (reason: FlagReason) =>
	({
		unkind: m.flag_reason_unkind,
		unsafe: m.flag_reason_unsafe,
		spam: m.flag_reason_spam,
		contact: m.flag_reason_contact,
		other: m.flag_reason_other
	})[reason]();
