import { m } from '$lib/paraglide/messages';
import {
	COMPLAINT_KINDS,
	type ComplaintKind,
	type ComplaintStatus
} from '$lib/complaints/complaint-kinds';

const KINDS: Record<ComplaintKind, () => string> = {
	poor_service: m.complaint_kind_poor_service,
	refused_help: m.complaint_kind_refused_help,
	asked_to_pay: m.complaint_kind_asked_to_pay,
	disrespect: m.complaint_kind_disrespect,
	privacy: m.complaint_kind_privacy,
	retaliation: m.complaint_kind_retaliation,
	abuse_by_staff: m.complaint_kind_abuse_by_staff,
	other: m.complaint_kind_other
};

const STATUSES: Record<ComplaintStatus, () => string> = {
	received: m.complaint_status_received,
	acknowledged: m.complaint_status_acknowledged,
	looking_into: m.complaint_status_looking_into,
	resolved: m.complaint_status_resolved,
	closed: m.complaint_status_closed
};

/** A kind of complaint, in the reader's language. */
export const complaintKindName = (kind: ComplaintKind) => KINDS[kind]();

/** A complaint's status, in the reader's language. */
export const complaintStatusName = (status: ComplaintStatus) => STATUSES[status]();

/**
 * The kinds a member chooses from, as the form shows them. Worked out on the server, so that the
 * form's page does not ship every kind's name in six languages.
 */
export const complaintKindOptions = () =>
	COMPLAINT_KINDS.map((kind) => ({
		value: kind,
		label: complaintKindName(kind),
		hint: kind === 'abuse_by_staff' ? m.complaint_kind_abuse_hint() : undefined
	}));

/** Published timelines as words, by kind (worked out on the server, as the kinds above). */
export const complaintTimelineLines = (
	timelines: Partial<
		Record<ComplaintKind, { lookIntoWithinDays: number; resolveWithinDays: number }>
	>
) =>
	(Object.keys(timelines) as ComplaintKind[]).flatMap((kind) => {
		const plan = timelines[kind];
		return plan
			? [
					{
						kind,
						name: complaintKindName(kind),
						lookInto: m.complaint_days({ count: plan.lookIntoWithinDays }),
						answer: m.complaint_days({ count: plan.resolveWithinDays })
					}
				]
			: [];
	});

export type ComplaintTimelineLine = ReturnType<typeof complaintTimelineLines>[number];
