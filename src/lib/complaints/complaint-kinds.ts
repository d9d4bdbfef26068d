// The kinds and statuses of a complaint, without the form's checks, so that a page can list them
// without shipping the validation library.

export const COMPLAINT_KINDS = [
	'poor_service',
	'refused_help',
	'asked_to_pay',
	'disrespect',
	'privacy',
	'retaliation',
	'abuse_by_staff',
	'other'
] as const;
export type ComplaintKind = (typeof COMPLAINT_KINDS)[number];

export const COMPLAINT_STATUSES = [
	'received',
	'acknowledged',
	'looking_into',
	'resolved',
	'closed'
] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

/** Abuse or exploitation by a service's staff: only focal points open it, never the service. */
export const isSensitiveKind = (kind: ComplaintKind) => kind === 'abuse_by_staff';
