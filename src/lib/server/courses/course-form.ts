import {
	DEFAULT_ATTENDANCE_THRESHOLD,
	DEFAULT_OFFER_HOLD_HOURS,
	priorityChoice,
	readPriority,
	type CourseForm,
	type CourseSessionRow,
	type NewCourseForm
} from '$lib/schemas/course';
import { countryForLanguage } from '$lib/schemas/help';
import { readWholeNumber } from '$lib/schemas/savings-rules';
import type { Country, CourseTimeZone } from '../db/schema';
import { MAX_SESSIONS, TIME_ZONES, type CourseInput } from './course-input';

/*
 * The course form as a plain form posts it (no JavaScript needed), and back. Pure. The sessions
 * are lines of three fields, `sessions.<n>.date`, `.start` and `.end`; the form always shows the
 * lines typed and at least one empty one, and "Add another session" sends the form to be shown
 * again one line longer. Empty lines are left out; the lines typed are kept in their order, so a
 * problem found in the third line typed is shown beside it when the form comes back.
 */

/** The fields of the course form other than its sessions, as the schema names them. */
const FIELDS = [
	'formKey',
	'title',
	'summary',
	'outcomes',
	'language',
	'level',
	'provider',
	'where',
	'country',
	'area',
	'address',
	'timeZone',
	'capacity',
	'enrolmentOpens',
	'enrolmentCloses',
	'prerequisiteId',
	'priority',
	'offerHoldHours',
	'attendanceThreshold'
] as const;

/** Lines a new form shows; a form comes back with the lines typed and one empty one. */
export const MIN_SESSION_LINES = 2;
/**
 * Lines read from a post: more than a course may have (so that sending too many is said, not
 * silently cut), few enough that a hostile post cannot make the server read thousands.
 */
export const MAX_SESSION_LINES = MAX_SESSIONS + 10;

const SESSION_FIELD = /^sessions\.(\d{1,3})\.(date|start|end)$/;

export interface PostedCourseForm {
	/**
	 * Every field as typed (the first value of each name), sessions as their non-empty lines. It is
	 * typed as the form the schema checks, which is what it is given to: nothing in it is trusted
	 * before that (a language may be any text).
	 */
	fields: Partial<NewCourseForm> & { sessions: CourseSessionRow[] };
	/** How many session lines the form showed when it was sent. */
	linesShown: number;
}

/** Reads the posted course form: the first value of each field, files and extra values ignored. */
export function readCourseForm(data: FormData): PostedCourseForm {
	const text = (name: string) => {
		const value = data.get(name);
		return typeof value === 'string' ? value : undefined;
	};
	const fields: Partial<Record<(typeof FIELDS)[number], string>> = {};
	for (const name of FIELDS) {
		const value = text(name);
		if (value !== undefined) fields[name] = value;
	}
	const lines = new Map<number, CourseSessionRow>();
	const seen = new Set<string>();
	for (const [name, value] of data) {
		const match = SESSION_FIELD.exec(name);
		// The first value of a name counts, as for every other field.
		if (!match || typeof value !== 'string' || seen.has(name)) continue;
		seen.add(name);
		const index = Number(match[1]);
		if (index >= MAX_SESSION_LINES) continue;
		const line = lines.get(index) ?? { date: '', start: '', end: '' };
		line[match[2] as keyof CourseSessionRow] = value;
		lines.set(index, line);
	}
	const sessions = [...lines.entries()]
		.sort(([a], [b]) => a - b)
		.map(([, line]) => line)
		.filter((line) => [line.date, line.start, line.end].some((part) => part.trim() !== ''));
	const shown = readWholeNumber(text('sessionLines') ?? '') ?? 0;
	return {
		fields: { ...fields, sessions } as PostedCourseForm['fields'],
		linesShown: Math.min(shown, MAX_SESSIONS)
	};
}

/**
 * How many session lines to show: every line typed, and at least one empty one while a course may
 * have more; one more than before when the member asked for another.
 */
export function sessionLinesToShow(typed: number, shownBefore: number, adding: boolean): number {
	const wanted = Math.max(typed + 1, MIN_SESSION_LINES, shownBefore + (adding ? 1 : 0));
	return Math.max(typed, Math.min(wanted, MAX_SESSIONS));
}

/** A number typed in any of the six languages' digits; NaN (which the service refuses) if not. */
const numberOf = (text: string) => readWholeNumber(text) ?? Number.NaN;

/** The checked form as the course service takes it. */
export function courseInputOf(form: CourseForm): CourseInput {
	const online = form.where === 'online';
	const { circleId, savingsGroupId } = readPriority(form.priority);
	return {
		title: form.title,
		summary: form.summary,
		outcomes: form.outcomes,
		language: form.language,
		level: form.level,
		provider: form.provider,
		online,
		country: form.country,
		area: form.area,
		address: form.address.trim() === '' ? null : form.address,
		timeZone: form.timeZone,
		capacity: numberOf(form.capacity),
		enrolmentOpens: form.enrolmentOpens,
		enrolmentCloses: form.enrolmentCloses,
		prerequisiteId: form.prerequisiteId === '' ? null : form.prerequisiteId.toLowerCase(),
		priorityCircleId: circleId,
		prioritySavingsGroupId: savingsGroupId,
		offerHoldHours: numberOf(form.offerHoldHours),
		attendanceThreshold: numberOf(form.attendanceThreshold),
		sessions: form.sessions.map((line) => ({
			date: line.date.trim(),
			start: line.start.trim(),
			end: line.end.trim()
		}))
	};
}

/** The clock a course most likely keeps, from its country. */
export const COUNTRY_TIME_ZONE: Readonly<Record<Country, CourseTimeZone>> = {
	TH: 'Asia/Bangkok',
	KH: 'Asia/Phnom_Penh',
	LA: 'Asia/Vientiane',
	MM: 'Asia/Yangon',
	VN: 'Asia/Ho_Chi_Minh'
};

/**
 * A new course's form: in the writer's language and its country's clock, taught at a place,
 * enrolment opening `today`, with the usual hold for offers and attendance to finish.
 */
export function newCourseValues(language: string, today: string): CourseForm {
	const country = countryForLanguage(language);
	return {
		title: '',
		summary: '',
		outcomes: '',
		language: language as CourseForm['language'],
		level: 'start',
		provider: '',
		where: 'place',
		country,
		area: '',
		address: '',
		timeZone: COUNTRY_TIME_ZONE[country],
		capacity: '',
		enrolmentOpens: today,
		enrolmentCloses: '',
		prerequisiteId: '',
		priority: '',
		offerHoldHours: String(DEFAULT_OFFER_HOLD_HOURS),
		attendanceThreshold: String(DEFAULT_ATTENDANCE_THRESHOLD),
		sessions: []
	};
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** The day ('YYYY-MM-DD') and time ('HH:MM') an instant falls on, on a clock `offset` minutes ahead of UTC. */
function localParts(instant: Date, offsetMinutes: number): { date: string; time: string } {
	const local = new Date(instant.getTime() + offsetMinutes * MINUTE).toISOString();
	return { date: local.slice(0, 10), time: local.slice(11, 16) };
}

/** What a course holds, as its form shows it: days and times on the course's own clock. */
export interface StoredCourse {
	title: string;
	summary: string;
	outcomes: string;
	language: string;
	level: string;
	provider: string;
	online: boolean;
	country: string;
	area: string;
	address: string | null;
	time_zone: string;
	capacity: number;
	enrolment_opens_at: Date;
	enrolment_closes_at: Date;
	prerequisite_id: string | null;
	priority_circle_id: string | null;
	priority_savings_group_id: string | null;
	offer_hold_hours: number;
	attendance_threshold: number;
}

/**
 * A stored course as its form shows it, so that sending the form unchanged writes the same
 * course: enrolment closes at the end of the day shown, sessions in the order they are held.
 */
export function courseFormValues(
	course: StoredCourse,
	sessions: ReadonlyArray<{ starts_at: Date; ends_at: Date }>
): CourseForm {
	const offset = TIME_ZONES[course.time_zone as CourseTimeZone] ?? 420;
	const sorted = [...sessions].sort((a, b) => a.starts_at.getTime() - b.starts_at.getTime());
	return {
		title: course.title,
		summary: course.summary,
		outcomes: course.outcomes,
		language: course.language as CourseForm['language'],
		level: course.level as CourseForm['level'],
		provider: course.provider,
		where: course.online ? 'online' : 'place',
		country: course.country as CourseForm['country'],
		area: course.area,
		address: course.address ?? '',
		timeZone: course.time_zone as CourseForm['timeZone'],
		capacity: String(course.capacity),
		enrolmentOpens: localParts(course.enrolment_opens_at, offset).date,
		// Stored as the moment enrolment ends: midnight after the last day.
		enrolmentCloses: localParts(new Date(course.enrolment_closes_at.getTime() - DAY), offset).date,
		prerequisiteId: course.prerequisite_id ?? '',
		priority: course.priority_circle_id
			? priorityChoice('circle', course.priority_circle_id)
			: course.priority_savings_group_id
				? priorityChoice('savings', course.priority_savings_group_id)
				: '',
		offerHoldHours: String(course.offer_hold_hours),
		attendanceThreshold: String(course.attendance_threshold),
		sessions: sorted.map((session) => {
			const start = localParts(session.starts_at, offset);
			return {
				date: start.date,
				start: start.time,
				end: localParts(session.ends_at, offset).time
			};
		})
	};
}

/** The day it is at `now` on a course's clock, as a date field shows it ('YYYY-MM-DD'). */
export function todayOn(timeZone: CourseTimeZone, now: Date): string {
	return localParts(now, TIME_ZONES[timeZone]).date;
}
