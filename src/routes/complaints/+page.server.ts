import { can } from '$lib/server/access/policy';
import { requireSignedIn } from '$lib/server/access/require';
import { systemClock } from '$lib/server/clock';
import { getDb } from '$lib/server/db';
import { formatDateTime } from '$lib/server/i18n/format';
import {
	listAllComplaints,
	listOwnComplaints,
	type ComplaintSummary
} from '$lib/server/services/complaints';
import type { PageServerLoad } from './$types';

// A member's own complaints, with where each stands and when to expect the next step; for
// coordinators, every complaint, the overdue ones first. Lists and links: the page comes whole from
// the server, with no framework to fetch on a slow phone.
export const csr = false;

const shown = (complaint: ComplaintSummary) => ({
	...complaint,
	createdAt: formatDateTime(complaint.createdAt),
	nextStepBy: complaint.nextStepBy && formatDateTime(complaint.nextStepBy)
});

export const load: PageServerLoad = async ({ locals, url }) => {
	requireSignedIn(locals.actor, url);
	const actor = locals.actor;
	const db = getDb();
	const now = systemClock();
	if (can(actor, 'complaint:list-all')) {
		const all = await listAllComplaints(db, actor, now);
		return {
			staff: true as const,
			complaints: all.complaints.map(shown),
			sensitiveOpenUnlisted: all.sensitiveOpenUnlisted,
			mayNameFocalPoints: can(actor, 'complaint:name-focal-points')
		};
	}
	return {
		staff: false as const,
		complaints: (await listOwnComplaints(db, actor, now)).map(shown),
		sensitiveOpenUnlisted: 0,
		mayNameFocalPoints: false
	};
};
