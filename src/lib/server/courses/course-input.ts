import { isLocale } from '$lib/paraglide/runtime';
import type { Country, CourseLevel, CourseTimeZone } from '../db/schema';
import { isUuid } from '../db/ids';
import { isBlank } from '../forms/blank';
import { hasHiddenCharacters } from '../forms/hidden-characters';

/** A course's details as a form sends them: days as 'YYYY-MM-DD', times as 'HH:MM', local to the course. */
export interface CourseInput {
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
	timeZone: string;
	capacity: number;
	/** Enrolment opens at the start of this day and closes at the end of that one. */
	enrolmentOpens: string;
	enrolmentCloses: string;
	prerequisiteId: string | null;
	priorityCircleId: string | null;
	prioritySavingsGroupId: string | null;
	offerHoldHours?: number;
	attendanceThreshold?: number;
	sessions: Array<{ date: string; start: string; end: string }>;
}

export type CourseField = Exclude<keyof CourseInput, 'online'>;
export type FieldProblem =
	| 'required'
	| 'invalid'
	| 'too_long'
	| 'out_of_range'
	| 'unknown'
	/** A session that has attendance marks cannot be removed. */
	| 'attended';
export type CourseFields = Partial<Record<CourseField, FieldProblem>>;

export const COURSE_LEVELS: readonly CourseLevel[] = ['idea', 'start', 'grow'];
export const COUNTRIES: readonly Country[] = ['TH', 'KH', 'LA', 'MM', 'VN'];
/** The region's clocks and their offsets from UTC, in minutes: none keeps summer time. */
export const TIME_ZONES: Record<CourseTimeZone, number> = {
	'Asia/Bangkok': 420,
	'Asia/Phnom_Penh': 420,
	'Asia/Vientiane': 420,
	'Asia/Yangon': 390,
	'Asia/Ho_Chi_Minh': 420
};
export const MAX_SESSIONS = 30;
export const MAX_CAPACITY = 500;

/** The checked values, ready for the database. */
export interface CourseValues {
	title: string;
	summary: string;
	outcomes: string;
	language: string;
	level: CourseLevel;
	provider: string;
	online: boolean;
	country: Country;
	area: string;
	address: string | null;
	time_zone: CourseTimeZone;
	capacity: number;
	enrolment_opens_at: Date;
	enrolment_closes_at: Date;
	prerequisite_id: string | null;
	priority_circle_id: string | null;
	priority_savings_group_id: string | null;
	offer_hold_hours: number;
	attendance_threshold: number;
	sessions: Array<{ starts_at: Date; ends_at: Date }>;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Midnight at the start of a day on the course's clock, or null for a day that does not exist. */
export function startOfDay(date: string, offsetMinutes: number): Date | null {
	const match = DATE.exec(date);
	if (!match) return null;
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const utc = Date.UTC(year, month - 1, day);
	const check = new Date(utc);
	if (
		check.getUTCFullYear() !== year ||
		check.getUTCMonth() !== month - 1 ||
		check.getUTCDate() !== day
	)
		return null;
	return new Date(utc - offsetMinutes * 60_000);
}

function atTime(day: Date, time: string): Date | null {
	const match = TIME.exec(time);
	if (!match) return null;
	return new Date(day.getTime() + (Number(match[1]) * 60 + Number(match[2])) * 60_000);
}

const text = (
	value: unknown,
	max: number,
	required: boolean
): [string | null, FieldProblem | null] => {
	if (typeof value !== 'string') return [null, required ? 'required' : null];
	const trimmed = value.trim();
	if (isBlank(trimmed)) return [null, required ? 'required' : null];
	if (hasHiddenCharacters(trimmed)) return [null, 'invalid'];
	if ([...trimmed].length > max) return [null, 'too_long'];
	return [trimmed, null];
};

const whole = (value: unknown, min: number, max: number): FieldProblem | null =>
	typeof value !== 'number' || !Number.isInteger(value)
		? 'invalid'
		: value < min || value > max
			? 'out_of_range'
			: null;

const optionalId = (value: unknown): FieldProblem | null =>
	value === null || value === undefined || isUuid(value) ? null : 'invalid';

/**
 * Checks a course's details, field by field. Anything a form could send is answered with a
 * problem per field, never an exception; only when there is none are the values returned.
 */
export function checkCourseInput(
	input: CourseInput
): { ok: true; values: CourseValues } | { ok: false; fields: CourseFields } {
	const fields: CourseFields = {};
	const at = <T>(field: CourseField, [value, problem]: [T, FieldProblem | null]) => {
		if (problem) fields[field] = problem;
		return value;
	};
	const title = at('title', text(input?.title, 120, true));
	const summary = at('summary', text(input?.summary, 2000, false)) ?? '';
	const outcomes = at('outcomes', text(input?.outcomes, 2000, false)) ?? '';
	const provider = at('provider', text(input?.provider, 120, true));
	const area = at('area', text(input?.area, 120, true));
	const online = input?.online === true;
	const address = at('address', text(input?.address, 500, !online));
	if (typeof input?.language !== 'string' || !isLocale(input.language)) fields.language = 'invalid';
	if (!COURSE_LEVELS.includes(input?.level as CourseLevel)) fields.level = 'invalid';
	if (!COUNTRIES.includes(input?.country as Country)) fields.country = 'invalid';
	const knownZone =
		typeof input?.timeZone === 'string' && Object.hasOwn(TIME_ZONES, input.timeZone);
	const offset = knownZone ? TIME_ZONES[input.timeZone as CourseTimeZone] : undefined;
	if (!knownZone) fields.timeZone = 'invalid';
	const capacityProblem = whole(input?.capacity, 1, MAX_CAPACITY);
	if (capacityProblem) fields.capacity = capacityProblem;
	const holdHours = input?.offerHoldHours ?? 48;
	const holdProblem = whole(holdHours, 1, 168);
	if (holdProblem) fields.offerHoldHours = holdProblem;
	const threshold = input?.attendanceThreshold ?? 80;
	const thresholdProblem = whole(threshold, 1, 100);
	if (thresholdProblem) fields.attendanceThreshold = thresholdProblem;
	for (const field of ['prerequisiteId', 'priorityCircleId', 'prioritySavingsGroupId'] as const) {
		const problem = optionalId(input?.[field]);
		if (problem) fields[field] = problem;
	}
	if (input?.priorityCircleId && input?.prioritySavingsGroupId)
		fields.prioritySavingsGroupId = 'invalid';

	const tz = offset ?? 420;
	const opensAt =
		typeof input?.enrolmentOpens === 'string' ? startOfDay(input.enrolmentOpens, tz) : null;
	const closesDay =
		typeof input?.enrolmentCloses === 'string' ? startOfDay(input.enrolmentCloses, tz) : null;
	if (!opensAt) fields.enrolmentOpens = 'invalid';
	if (!closesDay) fields.enrolmentCloses = 'invalid';
	const closesAt = closesDay && new Date(closesDay.getTime() + 24 * 60 * 60_000);

	const sessions: CourseValues['sessions'] = [];
	if (!Array.isArray(input?.sessions) || input.sessions.length === 0) fields.sessions = 'required';
	else if (input.sessions.length > MAX_SESSIONS) fields.sessions = 'out_of_range';
	else {
		for (const session of input.sessions) {
			const day = typeof session?.date === 'string' ? startOfDay(session.date, tz) : null;
			const startsAt = day && typeof session.start === 'string' ? atTime(day, session.start) : null;
			const endsAt = day && typeof session.end === 'string' ? atTime(day, session.end) : null;
			if (!startsAt || !endsAt || endsAt <= startsAt) {
				fields.sessions = 'invalid';
				break;
			}
			sessions.push({ starts_at: startsAt, ends_at: endsAt });
		}
		sessions.sort((a, b) => a.starts_at.getTime() - b.starts_at.getTime());
		const overlapping = sessions.some((s, i) => i > 0 && s.starts_at < sessions[i - 1].ends_at);
		if (!fields.sessions && overlapping) fields.sessions = 'invalid';
	}
	if (opensAt && closesAt && closesAt <= opensAt) fields.enrolmentCloses = 'out_of_range';
	// Enrolment closes on the day of the first session at the latest.
	if (!fields.sessions && closesDay && closesDay > startOfDayOf(sessions[0].starts_at, tz))
		fields.enrolmentCloses = 'out_of_range';

	if (Object.keys(fields).length > 0) return { ok: false, fields };
	return {
		ok: true,
		values: {
			title: title!,
			summary,
			outcomes,
			language: input.language,
			level: input.level as CourseLevel,
			provider: provider!,
			online,
			country: input.country as Country,
			area: area!,
			address: address ?? null,
			time_zone: input.timeZone as CourseTimeZone,
			capacity: input.capacity,
			enrolment_opens_at: opensAt!,
			enrolment_closes_at: closesAt!,
			prerequisite_id: input.prerequisiteId ?? null,
			priority_circle_id: input.priorityCircleId ?? null,
			priority_savings_group_id: input.prioritySavingsGroupId ?? null,
			offer_hold_hours: holdHours,
			attendance_threshold: threshold,
			sessions
		}
	};
}

/** The start of the day (on the course's clock) that an instant falls in. */
function startOfDayOf(instant: Date, offsetMinutes: number): Date {
	const local = instant.getTime() + offsetMinutes * 60_000;
	const day = Math.floor(local / (24 * 60 * 60_000)) * 24 * 60 * 60_000;
	return new Date(day - offsetMinutes * 60_000);
}
