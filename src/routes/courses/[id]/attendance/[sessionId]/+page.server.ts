import { fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { notFound, requireSignedIn } from '$lib/server/access/require';
import { systemClock } from '$lib/server/clock';
import {
	markAttendance,
	openCheckIn,
	readAttendanceSheet,
	type Mark
} from '$lib/server/courses/attendance';
import { loadCourse } from '$lib/server/courses/course-access';
import { courseDay, courseHours } from '$lib/server/courses/course-time';
import { rosterName } from '$lib/server/courses/roster-name';
import { getDb } from '$lib/server/db';
import { standaloneScript } from '$lib/standalone-script-address';
import { checkedInCount, checkedInWords, closesWords, secondsWords } from './sheet-words.server';
import type { Actions, PageServerLoad } from './$types';

// No framework: the code's own small script (check-in-code-script.ts) renews it and the list.
export const csr = false;

const MARKS: readonly string[] = ['present', 'excused', 'absent'] satisfies Mark[];

/**
 * One session's list, for the course's trainers and coordinators: everyone with a seat and their
 * mark, and the check-in code while check-in is open.
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	requireSignedIn(locals.actor, url);
	const db = getDb();
	const sheet = await readAttendanceSheet(
		db,
		locals.actor,
		params.id,
		params.sessionId,
		systemClock()
	);
	if (!sheet) notFound();
	// The actor may take attendance here (checked above): the course's title and clock.
	const { course } = await loadCourse(db, locals.actor, params.id);
	const tz = course.time_zone;
	return {
		courseId: course.id,
		sessionId: sheet.session.id,
		title: course.title,
		day: courseDay(sheet.session.startsAt, tz),
		hours: courseHours(sheet.session.startsAt, sheet.session.endsAt, tz),
		people: sheet.people.map((person) => ({
			id: person.enrolmentId,
			name: rosterName(person),
			mark: person.mark,
			byCode: person.byCode
		})),
		checkIn: sheet.checkIn && {
			code: sheet.checkIn.code,
			secondsLeft: sheet.checkIn.secondsLeft,
			closes: closesWords(sheet, sheet.checkIn.closesAt, tz),
			checkedIn: checkedInCount(sheet),
			checkedInWords: checkedInWords(sheet),
			secondsWords: secondsWords(),
			script: standaloneScript('check-in-code', getLocale())
		},
		mayOpenCheckIn: sheet.mayOpenCheckIn,
		saved: url.searchParams.has('saved')
	};
};

export const actions: Actions = {
	/**
	 * The list as the trainer left it. Only the marks they changed since the page was drawn are
	 * sent on (each person's `was.<id>` says what it showed): someone who checked in with the code
	 * meanwhile is not marked absent by a list drawn before they did.
	 */
	save: async ({ request, locals, params, url }) => {
		requireSignedIn(locals.actor, url);
		const data = await request.formData();
		const marks = new Map<string, Mark>();
		for (const [name, value] of data) {
			if (!name.startsWith('mark.') || typeof value !== 'string' || !MARKS.includes(value))
				continue;
			const enrolmentId = name.slice('mark.'.length);
			// The first value of a name counts, as for every other field.
			if (marks.has(enrolmentId) || data.get(`was.${enrolmentId}`) === value) continue;
			marks.set(enrolmentId, value as Mark);
		}
		const result = await markAttendance(
			getDb(),
			locals.actor,
			params.id,
			params.sessionId,
			Object.fromEntries(marks),
			systemClock()
		);
		if (!result.ok) notFound();
		redirect(303, `/courses/${params.id}/attendance/${params.sessionId}?saved`);
	},
	/** Opens check-in (a new secret: codes shown before stop working) and shows its code. */
	open: async ({ locals, params, url }) => {
		requireSignedIn(locals.actor, url);
		const result = await openCheckIn(
			getDb(),
			locals.actor,
			params.id,
			params.sessionId,
			systemClock()
		);
		if (result.ok) redirect(303, `/courses/${params.id}/attendance/${params.sessionId}#check-in`);
		if (result.problem === 'unknown_session') notFound();
		return fail(400, { checkInProblem: m.attendance_check_in_not_now() });
	}
};
