import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { getLocale, locales } from '$lib/paraglide/runtime';
import type { CourseLevel, CourseTimeZone } from '$lib/server/db/schema';
import { formKey } from './form-key';
import { COUNTRIES } from './help';
import { readWholeNumber } from './savings-rules';

// The form that writes a course, checked on the server. Every field is read as the text that was
// typed (numbers too, in the digits of any of the six languages), so that a refused form comes
// back exactly as it was sent. What the form can tell on its own (a field left empty, a number
// that is not one, a session that ends before it starts) is checked here, beside the field; the
// rest (enrolment dates against the sessions, overlapping sessions, a course that no longer
// exists) is the course service's to say (server/courses/course-input.ts). Messages are functions,
// so each is written in the language of whoever submits.

export const COURSE_LEVELS = ['idea', 'start', 'grow'] as const satisfies readonly CourseLevel[];
export const COURSE_TIME_ZONES = [
	'Asia/Bangkok',
	'Asia/Phnom_Penh',
	'Asia/Vientiane',
	'Asia/Yangon',
	'Asia/Ho_Chi_Minh'
] as const satisfies readonly CourseTimeZone[];
/** Where a course meets: at a place, or online. */
export const COURSE_WHERE = ['place', 'online'] as const;

/** The limits the course service keeps (server/courses/course-input.ts), said beside the field. */
export const COURSE_LIMITS = {
	title: 120,
	summary: 2000,
	outcomes: 2000,
	provider: 120,
	area: 120,
	address: 500,
	capacity: { min: 1, max: 500 },
	offerHoldHours: { min: 1, max: 168 },
	attendanceThreshold: { min: 1, max: 100 }
} as const;

export const DEFAULT_OFFER_HOLD_HOURS = 48;
export const DEFAULT_ATTENDANCE_THRESHOLD = 80;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

const required = () => m.field_required();
/** A number in the reader's own digits. */
const number = (value: number) => new Intl.NumberFormat(getLocale()).format(value);
const choose = () => m.course_form_choose();

/** Counts characters as PostgreSQL's char_length does (code points), not UTF-16 units. */
const atMost = (max: number) =>
	v.check<string, () => string>(
		(text) => [...text].length <= max,
		() => m.course_form_too_long({ max: number(max) })
	);

const optionalText = (max: number) => v.optional(v.pipe(v.string(), v.trim(), atMost(max)), '');
const requiredText = (max: number) =>
	v.optional(v.pipe(v.string(), v.trim(), v.nonEmpty(required), atMost(max)), '');

/** A day of the calendar, as a date field sends it ('YYYY-MM-DD'). */
export function isCalendarDay(text: string): boolean {
	if (!DATE.test(text)) return false;
	const day = new Date(`${text}T00:00:00Z`);
	return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === text;
}

/** A time of day, as a time field sends it ('HH:MM', 24 hours). */
export const isTimeOfDay = (text: string) => TIME.test(text);

const day = v.optional(
	v.pipe(
		v.string(),
		v.trim(),
		v.nonEmpty(required),
		v.maxLength(20, () => m.course_form_date_invalid()),
		v.check(
			(text) => text === '' || isCalendarDay(text),
			() => m.course_form_date_invalid()
		)
	),
	''
);

const time = v.optional(
	v.pipe(
		v.string(),
		v.trim(),
		v.nonEmpty(required),
		v.maxLength(20, () => m.course_form_time_invalid()),
		v.check(
			(text) => text === '' || isTimeOfDay(text),
			() => m.course_form_time_invalid()
		)
	),
	''
);

/** A whole number in a range, typed in the digits of any of the six languages. */
const wholeNumber = ({ min, max }: { min: number; max: number }) =>
	v.optional(
		v.pipe(
			v.string(),
			v.trim(),
			v.nonEmpty(required),
			v.maxLength(20, () => m.course_form_whole_number()),
			v.check(
				(text) => text === '' || readWholeNumber(text) !== null,
				() => m.course_form_whole_number()
			),
			v.check(
				(text) => {
					const value = readWholeNumber(text);
					return value === null || (value >= min && value <= max);
				},
				() => m.course_form_number_range({ min: number(min), max: number(max) })
			)
		),
		''
	);

/**
 * One line of the sessions: its day, and when it starts and ends on the course's clock. A line
 * left empty is not sent at all (server/courses/course-form.ts leaves it out).
 */
export const courseSessionSchema = v.pipe(
	v.object({ date: day, start: time, end: time }),
	v.forward(
		v.partialCheck(
			[['start'], ['end']],
			(row) => !isTimeOfDay(row.start) || !isTimeOfDay(row.end) || row.end > row.start,
			() => m.course_form_end_before_start()
		),
		['end']
	)
);

/** '' for none, or the id of a course among those offered. */
const prerequisiteId = v.optional(
	v.pipe(
		v.string(),
		v.trim(),
		v.check((text) => text === '' || UUID.test(text), choose)
	),
	''
);

/** '' for nobody, 'circle:<id>' or 'savings:<id>': one choice, so never both. */
const PRIORITY =
	/^(circle|savings):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const priority = v.optional(
	v.pipe(
		v.string(),
		v.trim(),
		v.check((text) => text === '' || PRIORITY.test(text), choose)
	),
	''
);

/** The circle or savings group a priority choice names. */
export function readPriority(text: string): {
	circleId: string | null;
	savingsGroupId: string | null;
} {
	const match = PRIORITY.exec(text);
	if (!match) return { circleId: null, savingsGroupId: null };
	const id = match[2].toLowerCase();
	return match[1] === 'circle'
		? { circleId: id, savingsGroupId: null }
		: { circleId: null, savingsGroupId: id };
}

export const priorityChoice = (kind: 'circle' | 'savings', id: string) => `${kind}:${id}`;

const courseEntries = {
	title: requiredText(COURSE_LIMITS.title),
	summary: optionalText(COURSE_LIMITS.summary),
	outcomes: optionalText(COURSE_LIMITS.outcomes),
	language: v.picklist(locales, choose),
	level: v.picklist(COURSE_LEVELS, choose),
	provider: requiredText(COURSE_LIMITS.provider),
	where: v.picklist(COURSE_WHERE, choose),
	country: v.picklist(COUNTRIES, choose),
	area: requiredText(COURSE_LIMITS.area),
	address: optionalText(COURSE_LIMITS.address),
	timeZone: v.picklist(COURSE_TIME_ZONES, choose),
	capacity: wholeNumber(COURSE_LIMITS.capacity),
	enrolmentOpens: day,
	enrolmentCloses: day,
	prerequisiteId,
	priority,
	offerHoldHours: wholeNumber(COURSE_LIMITS.offerHoldHours),
	attendanceThreshold: wholeNumber(COURSE_LIMITS.attendanceThreshold),
	sessions: v.optional(v.array(courseSessionSchema), [])
};

/** A course at a place says where; an online one needs no address. */
const addressNeeded = (course: { where: string; address: string }) =>
	course.where === 'online' || course.address !== '';

export const courseSchema = v.pipe(
	v.object(courseEntries),
	v.forward(
		v.partialCheck([['where'], ['address']], addressNeeded, () => m.course_form_address_needed()),
		['address']
	)
);

/** A new course's form: its details, and the key that makes sending it twice one course. */
export const newCourseSchema = v.pipe(
	v.object({ formKey, ...courseEntries }),
	v.forward(
		v.partialCheck([['where'], ['address']], addressNeeded, () => m.course_form_address_needed()),
		['address']
	)
);

export type CourseForm = v.InferOutput<typeof courseSchema>;
export type NewCourseForm = v.InferOutput<typeof newCourseSchema>;
export type CourseSessionRow = CourseForm['sessions'][number];

/** Naming a course's trainer, by the nickname they sign in with. */
export const courseTrainerSchema = v.object({
	pseudonym: v.optional(
		v.pipe(
			v.string(),
			v.trim(),
			v.nonEmpty(required),
			v.maxLength(100, () => m.course_trainers_account_unknown())
		),
		''
	)
});

/** Taking a trainer off a course: which one, from the list. */
export const courseTrainerRemovalSchema = v.object({
	accountId: v.optional(v.pipe(v.string(), v.trim(), v.regex(UUID, choose)), '')
});
