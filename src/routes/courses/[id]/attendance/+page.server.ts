import { m } from '$lib/paraglide/messages';
import { requireSignedIn } from '$lib/server/access/require';
import { systemClock } from '$lib/server/clock';
import { courseDay, courseHours } from '$lib/server/courses/course-time';
import { getDb } from '$lib/server/db';
import { formatNumber } from '$lib/server/i18n/format';
import { readAttendanceOverview } from '$lib/server/courses/attendance-overview';
import type { PageServerLoad } from './$types';

/**
 * The course's sessions for its trainers and coordinators: the one happening now (or next) first,
 * then every session with how many were marked, each with a link to its list.
 */
// A list of sessions and links: the page comes whole from the server, with no framework to fetch on
// a slow phone.
export const csr = false;

export const load: PageServerLoad = async ({ locals, params, url }) => {
	requireSignedIn(locals.actor, url);
	const overview = await readAttendanceOverview(getDb(), locals.actor, params.id, systemClock());
	const tz = overview.timeZone;
	const sessions = overview.sessions.map((session) => {
		const day = courseDay(session.startsAt, tz);
		const hours = courseHours(session.startsAt, session.endsAt, tz);
		return {
			id: session.id,
			day,
			hours,
			linkLabel: m.attendance_sheet_link_label({ day, hours }),
			counts: m.attendance_session_counts({
				present: formatNumber(session.present),
				excused: formatNumber(session.excused),
				seated: formatNumber(overview.seated)
			}),
			badge:
				session.id === overview.currentId
					? overview.currentIsNow
						? m.attendance_badge_now()
						: m.attendance_badge_next()
					: null,
			checkInOpen: session.checkInOpen
		};
	});
	return {
		courseId: overview.id,
		title: overview.title,
		nobody: overview.seated === 0,
		current: sessions.find((session) => session.id === overview.currentId) ?? null,
		currentIsNow: overview.currentIsNow,
		sessions
	};
};
