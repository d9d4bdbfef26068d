import type { ComplaintKind, ComplaintStatus } from '$lib/schemas/complaint';

/*
 * The published timelines: what a member can expect after complaining, by kind. Every complaint
 * is acknowledged within 24 hours; what follows depends on the kind, and the ones that put someone
 * at risk (abuse by staff, being treated differently after feedback, privacy) move faster. The
 * same figures set each complaint's next-step-by date and are shown on the form and the complaint.
 */

const HOUR_MS = 60 * 60_000;
const DAY_MS = 24 * HOUR_MS;

/** Every complaint is acknowledged within this many hours of being filed, or it is overdue. */
export const ACKNOWLEDGE_WITHIN_HOURS = 24;

export interface ComplaintTimeline {
	acknowledgeWithinHours: number;
	/** From acknowledgement to starting to look into it. */
	lookIntoWithinDays: number;
	/** From starting to look into it to an answer (resolved). */
	resolveWithinDays: number;
}

const timeline = (lookIntoWithinDays: number, resolveWithinDays: number): ComplaintTimeline => ({
	acknowledgeWithinHours: ACKNOWLEDGE_WITHIN_HOURS,
	lookIntoWithinDays,
	resolveWithinDays
});

export const COMPLAINT_TIMELINES: Readonly<Record<ComplaintKind, ComplaintTimeline>> =
	Object.freeze({
		poor_service: timeline(7, 30),
		refused_help: timeline(5, 21),
		asked_to_pay: timeline(5, 21),
		disrespect: timeline(7, 30),
		privacy: timeline(3, 14),
		retaliation: timeline(3, 14),
		abuse_by_staff: timeline(1, 14),
		other: timeline(7, 30)
	});

/** After an answer, the member has this long to say it did not settle things before it closes. */
export const CLOSE_AFTER_RESOLVED_DAYS = 14;

/**
 * When the member can expect the next step once the complaint is at `status` (from `at`): null
 * once it is closed, when no step follows.
 */
export function nextStepBy(kind: ComplaintKind, status: ComplaintStatus, at: Date): Date | null {
	const plan = COMPLAINT_TIMELINES[kind];
	const after = (ms: number) => new Date(at.getTime() + ms);
	switch (status) {
		case 'received':
			return after(plan.acknowledgeWithinHours * HOUR_MS);
		case 'acknowledged':
			return after(plan.lookIntoWithinDays * DAY_MS);
		case 'looking_into':
			return after(plan.resolveWithinDays * DAY_MS);
		case 'resolved':
			return after(CLOSE_AFTER_RESOLVED_DAYS * DAY_MS);
		case 'closed':
			return null;
	}
}

/** Whether a complaint filed at `createdAt` and still not acknowledged is late at `now`. */
export const isAcknowledgementOverdue = (
	status: ComplaintStatus,
	createdAt: Date,
	now: Date
): boolean =>
	status === 'received' && now.getTime() > createdAt.getTime() + ACKNOWLEDGE_WITHIN_HOURS * HOUR_MS;
