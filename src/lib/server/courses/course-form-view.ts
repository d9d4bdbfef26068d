import { setError, type SuperValidated } from 'sveltekit-superforms';
import { LANGUAGE_NAMES } from '$lib/i18n/languages';
import { m } from '$lib/paraglide/messages';
import { locales } from '$lib/paraglide/runtime';
import { countryName } from '$lib/referrals/country-name';
import {
	COURSE_LEVELS,
	COURSE_LIMITS,
	COURSE_TIME_ZONES,
	DEFAULT_ATTENDANCE_THRESHOLD,
	DEFAULT_OFFER_HOLD_HOURS,
	priorityChoice,
	type CourseForm
} from '$lib/schemas/course';
import { COUNTRIES } from '$lib/schemas/help';
import { readWholeNumber } from '$lib/schemas/savings-rules';
import type { CourseTimeZone } from '../db/schema';
import { formatDate, formatNumber } from '../i18n/format';
import type { CourseChoices } from './course-editing';
import { COUNTRY_TIME_ZONE } from './course-form';
import { MAX_SESSIONS, TIME_ZONES, type CourseField, type CourseFields } from './course-input';

/*
 * The course form's words and choices in the writer's language, made on the server so that no
 * message catalogue ships to the phone, and the course service's refusals put into words beside
 * the field they are about.
 */

/** The words of CourseForm.svelte and its parts. */
export function courseFormWords() {
	const range = (limits: { min: number; max: number }) => ({
		min: formatNumber(limits.min),
		max: formatNumber(limits.max)
	});
	return {
		aboutHeading: m.course_form_about_heading(),
		titleLabel: m.course_form_title_label(),
		titleHint: m.course_form_title_hint(),
		summaryLabel: m.course_form_summary_label(),
		summaryHint: m.course_form_summary_hint(),
		outcomesLabel: m.course_form_outcomes_label(),
		outcomesHint: m.course_form_outcomes_hint(),
		languageLabel: m.course_form_language_label(),
		levelLegend: m.course_form_level_legend(),
		providerLabel: m.course_form_provider_label(),
		providerHint: m.course_form_provider_hint(),
		placeHeading: m.course_form_place_heading(),
		whereLegend: m.course_form_where_legend(),
		countryLabel: m.course_form_country_label(),
		areaLabel: m.course_form_area_label(),
		areaHint: m.course_form_area_hint(),
		addressLabel: m.course_form_address_label(),
		addressHint: m.course_form_address_hint(),
		timeZoneLabel: m.course_form_time_zone_label(),
		timeZoneHint: m.course_form_time_zone_hint(),
		seatsHeading: m.course_form_seats_heading(),
		capacityLabel: m.course_form_capacity_label(),
		capacityHint: m.course_form_capacity_hint(range(COURSE_LIMITS.capacity)),
		opensLabel: m.course_form_opens_label(),
		opensHint: m.course_form_opens_hint(),
		closesLabel: m.course_form_closes_label(),
		closesHint: m.course_form_closes_hint(),
		holdLabel: m.course_form_hold_label(),
		holdHint: m.course_form_hold_hint({
			hours: formatNumber(DEFAULT_OFFER_HOLD_HOURS),
			...range(COURSE_LIMITS.offerHoldHours)
		}),
		thresholdLabel: m.course_form_threshold_label(),
		thresholdHint: m.course_form_threshold_hint({
			percent: formatNumber(DEFAULT_ATTENDANCE_THRESHOLD)
		}),
		linksHeading: m.course_form_links_heading(),
		prerequisiteLabel: m.course_form_prerequisite_label(),
		prerequisiteHint: m.course_form_prerequisite_hint(),
		priorityLabel: m.course_form_priority_label(),
		priorityHint: m.course_form_priority_hint(),
		linksStaffOnly: m.course_form_links_staff_only(),
		sessionsHeading: m.course_form_sessions_heading(),
		sessionsHint: m.course_form_sessions_hint(),
		sessionDate: m.course_form_session_date(),
		sessionStart: m.course_form_session_start(),
		sessionEnd: m.course_form_session_end(),
		addSession: m.course_form_add_session(),
		sessionsFull: m.course_form_sessions_too_many({ max: formatNumber(MAX_SESSIONS) }),
		fixErrors: m.form_fix_errors(),
		/** "Session 1" to "Session 30", numbered in the writer's digits. */
		sessionLegends: Array.from({ length: MAX_SESSIONS }, (_, i) =>
			m.course_form_session_legend({ number: formatNumber(i + 1) })
		)
	};
}

export type CourseFormWords = ReturnType<typeof courseFormWords>;

export interface Option {
	value: string;
	label: string;
	hint?: string;
}

/** A clock's offset from UTC as people write it: "UTC+7", "UTC+6:30", in the reader's digits. */
function offsetLabel(minutes: number): string {
	const hours = Math.floor(minutes / 60);
	const rest = minutes % 60;
	return `+${formatNumber(hours)}${rest ? `:${formatNumber(rest)}` : ''}`;
}

const COUNTRY_OF_ZONE = Object.fromEntries(
	Object.entries(COUNTRY_TIME_ZONE).map(([country, zone]) => [zone, country])
) as Record<CourseTimeZone, (typeof COUNTRIES)[number]>;

/** The fixed choices of the course form: languages, levels, countries and clocks. */
export function courseFormOptions() {
	return {
		maxSessions: MAX_SESSIONS,
		languages: locales.map((locale) => ({ value: locale, label: LANGUAGE_NAMES[locale] })),
		levels: COURSE_LEVELS.map((level) => ({
			value: level,
			label: LEVEL_WORDS[level].label(),
			hint: LEVEL_WORDS[level].hint()
		})),
		where: [
			{ value: 'place', label: m.course_form_where_place() },
			{ value: 'online', label: m.course_form_where_online() }
		],
		countries: COUNTRIES.map((country) => ({ value: country, label: countryName(country) })),
		timeZones: COURSE_TIME_ZONES.map((zone) => ({
			value: zone,
			label: m.course_form_time_zone_option({
				country: countryName(COUNTRY_OF_ZONE[zone]),
				offset: offsetLabel(TIME_ZONES[zone])
			})
		}))
	};
}

const LEVEL_WORDS = {
	idea: { label: m.course_form_level_idea, hint: m.course_form_level_idea_hint },
	start: { label: m.course_form_level_start, hint: m.course_form_level_start_hint },
	grow: { label: m.course_form_level_grow, hint: m.course_form_level_grow_hint }
} as const;

/** The level of a course in words, as the form offers it. */
export const courseLevelLabel = (level: (typeof COURSE_LEVELS)[number]) =>
	LEVEL_WORDS[level].label();

export interface LinkOptions {
	prerequisites: Option[];
	priorities: Array<{ label: string; options: Option[] }>;
	noPrerequisite: string;
	noPriority: string;
}

/** The lists a coordinator chooses a course's links from, in words. */
export function courseLinkOptions(choices: CourseChoices): LinkOptions {
	return {
		noPrerequisite: m.course_form_prerequisite_none(),
		noPriority: m.course_form_priority_none(),
		prerequisites: choices.courses.map((course) => {
			const when = course.firstSessionAt ? formatDate(course.firstSessionAt) : null;
			const label = when
				? m.course_form_course_option({ title: course.title, date: when })
				: course.title;
			return {
				value: course.id,
				label: course.state === 'draft' ? m.course_form_draft_option({ course: label }) : label
			};
		}),
		priorities: [
			{
				label: m.course_form_priority_circles(),
				options: choices.circles.map((circle) => ({
					value: priorityChoice('circle', circle.id),
					label: circle.name
				}))
			},
			{
				label: m.course_form_priority_savings(),
				options: choices.savingsGroups.map((group) => ({
					value: priorityChoice('savings', group.id),
					label: group.name
				}))
			}
		].filter((group) => group.options.length > 0)
	};
}

/** The form field a problem of the course service is shown beside. */
const FIELD_OF: Record<CourseField, keyof CourseForm> = {
	title: 'title',
	summary: 'summary',
	outcomes: 'outcomes',
	language: 'language',
	level: 'level',
	provider: 'provider',
	country: 'country',
	area: 'area',
	address: 'address',
	timeZone: 'timeZone',
	capacity: 'capacity',
	enrolmentOpens: 'enrolmentOpens',
	enrolmentCloses: 'enrolmentCloses',
	prerequisiteId: 'prerequisiteId',
	priorityCircleId: 'priority',
	prioritySavingsGroupId: 'priority',
	offerHoldHours: 'offerHoldHours',
	attendanceThreshold: 'attendanceThreshold',
	sessions: 'sessions'
};

const TEXT_LIMITS: Partial<Record<CourseField, number>> = {
	title: COURSE_LIMITS.title,
	summary: COURSE_LIMITS.summary,
	outcomes: COURSE_LIMITS.outcomes,
	provider: COURSE_LIMITS.provider,
	area: COURSE_LIMITS.area,
	address: COURSE_LIMITS.address
};

const NUMBER_LIMITS: Partial<Record<CourseField, { min: number; max: number }>> = {
	capacity: COURSE_LIMITS.capacity,
	offerHoldHours: COURSE_LIMITS.offerHoldHours,
	attendanceThreshold: COURSE_LIMITS.attendanceThreshold
};

/** A problem the course service found in one field, in words, given what was typed. */
export function courseProblemMessage(
	field: CourseField,
	problem: CourseFields[CourseField],
	typed: CourseForm
): string {
	const text = TEXT_LIMITS[field];
	if (text !== undefined) {
		if (problem === 'required')
			return field === 'address' ? m.course_form_address_needed() : m.field_required();
		if (problem === 'too_long') return m.course_form_too_long({ max: formatNumber(text) });
		return m.course_form_hidden_characters();
	}
	const limits = NUMBER_LIMITS[field];
	if (limits !== undefined) {
		if (problem !== 'out_of_range') return m.course_form_whole_number();
		// In range, yet refused: fewer seats than people who already have one.
		const value = readWholeNumber(String(typed[FIELD_OF[field]]));
		if (field === 'capacity' && value !== null && value >= limits.min && value <= limits.max)
			return m.course_form_capacity_taken();
		return m.course_form_number_range({
			min: formatNumber(limits.min),
			max: formatNumber(limits.max)
		});
	}
	switch (field) {
		case 'enrolmentOpens':
			return m.course_form_date_invalid();
		case 'enrolmentCloses':
			if (problem !== 'out_of_range') return m.course_form_date_invalid();
			return typed.enrolmentCloses < typed.enrolmentOpens
				? m.course_form_closes_before_opens()
				: m.course_form_closes_after_start();
		case 'prerequisiteId':
			return m.course_form_prerequisite_unknown();
		case 'priorityCircleId':
		case 'prioritySavingsGroupId':
			return m.course_form_priority_unknown();
		case 'sessions':
			if (problem === 'required') return m.course_form_sessions_required();
			if (problem === 'out_of_range')
				return m.course_form_sessions_too_many({ max: formatNumber(MAX_SESSIONS) });
			return m.course_form_sessions_overlap();
		default:
			return m.course_form_choose();
	}
}

type AnyForm = SuperValidated<Record<string, unknown>, string>;

/** Whether the form already shows a problem beside this field (the schema's, found first). */
function hasError(form: AnyForm, field: keyof CourseForm): boolean {
	const errors = (form.errors as Record<string, unknown>)[field];
	if (field === 'sessions') return errors !== undefined && errors !== null;
	return Array.isArray(errors) && errors.length > 0;
}

/**
 * Puts the course service's problems beside their fields, where the form's own check did not
 * already say something there (its message is the more precise one).
 */
export function showCourseProblems(form: AnyForm, fields: CourseFields, typed: CourseForm): void {
	const problems = Object.entries(fields) as Array<[CourseField, CourseFields[CourseField]]>;
	for (const [field, problem] of problems) {
		const target = FIELD_OF[field];
		if (hasError(form, target)) continue;
		const message = courseProblemMessage(field, problem, typed);
		setError(form, target === 'sessions' ? 'sessions._errors' : target, message);
	}
}
