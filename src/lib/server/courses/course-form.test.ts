import { superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { describe, expect, it } from 'vitest';
import { m } from '$lib/paraglide/messages';
import { courseSchema, newCourseSchema, type CourseForm } from '$lib/schemas/course';
import { newFormKey } from '../forms/form-key';
import { checkCourseInput, MAX_SESSIONS } from './course-input';
import {
	courseFormValues,
	courseInputOf,
	MAX_SESSION_LINES,
	MIN_SESSION_LINES,
	newCourseValues,
	readCourseForm,
	sessionLinesToShow,
	todayOn
} from './course-form';
import { courseProblemMessage, showCourseProblems } from './course-form-view';

const CIRCLE = '0b6f6a57-3f0e-4c38-9a4c-4b7c1e2d9a10';
const COURSE = '5d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

/** A filled course form, as a browser posts it. */
function posted(fields: Record<string, string> = {}, lines: string[][] = []): FormData {
	const data = new FormData();
	const filled: Record<string, string> = {
		title: ' Start your business ',
		summary: 'Five mornings on planning.',
		outcomes: 'Write a plan.',
		language: 'th',
		level: 'start',
		provider: 'Provider organisation',
		where: 'place',
		country: 'TH',
		area: 'Chiang Rai',
		address: 'Community hall',
		timeZone: 'Asia/Bangkok',
		capacity: '20',
		enrolmentOpens: '2030-01-01',
		enrolmentCloses: '2030-01-09',
		prerequisiteId: '',
		priority: '',
		offerHoldHours: '48',
		attendanceThreshold: '80',
		sessionLines: '3',
		...fields
	};
	for (const [name, value] of Object.entries(filled)) data.append(name, value);
	lines.forEach(([date, start, end], i) => {
		data.append(`sessions.${i}.date`, date);
		data.append(`sessions.${i}.start`, start);
		data.append(`sessions.${i}.end`, end);
	});
	return data;
}

const THREE = [
	['2030-01-10', '09:00', '12:00'],
	['2030-01-11', '09:00', '12:00'],
	['2030-01-12', '13:30', '16:00']
];

const validated = (data: FormData) =>
	superValidate(readCourseForm(data).fields, valibot(courseSchema), { id: 'course' });

describe('reading the course form', () => {
	it('reads each field as typed, and the session lines in order, leaving empty lines out', () => {
		const data = posted({}, [THREE[0], ['', ' ', ''], THREE[1], ['', '', ''], THREE[2]]);
		const { fields, linesShown } = readCourseForm(data);
		expect(fields.title).toBe(' Start your business ');
		expect(fields.capacity).toBe('20');
		expect(fields.sessions).toEqual([
			{ date: '2030-01-10', start: '09:00', end: '12:00' },
			{ date: '2030-01-11', start: '09:00', end: '12:00' },
			{ date: '2030-01-12', start: '13:30', end: '16:00' }
		]);
		expect(linesShown).toBe(3);
	});

	it('keeps a line with only part of it typed, so that it comes back to be finished', () => {
		const data = posted({}, [['2030-01-10', '', '']]);
		expect(readCourseForm(data).fields.sessions).toEqual([
			{ date: '2030-01-10', start: '', end: '' }
		]);
	});

	it('takes the first value of a name, ignores files, and reads no line past the limit', () => {
		const data = posted({}, [THREE[0]]);
		data.append('title', 'second title');
		data.append('sessions.0.date', '2031-05-05');
		data.set('summary', new File(['x'], 'x.txt'));
		data.append(`sessions.${MAX_SESSION_LINES}.date`, '2030-02-01');
		data.append('sessions.9999.date', '2030-02-01');
		data.append('sessions.x.date', '2030-02-01');
		const { fields } = readCourseForm(data);
		expect(fields.title).toBe(' Start your business ');
		expect(fields.summary).toBeUndefined();
		expect(fields.sessions).toEqual([{ date: '2030-01-10', start: '09:00', end: '12:00' }]);
	});

	it('puts lines in the order of their numbers, whatever order they were sent in', () => {
		const data = new FormData();
		data.append('sessions.2.date', '2030-01-12');
		data.append('sessions.0.date', '2030-01-10');
		data.append('sessions.10.date', '2030-01-20');
		expect(readCourseForm(data).fields.sessions.map((line) => line.date)).toEqual([
			'2030-01-10',
			'2030-01-12',
			'2030-01-20'
		]);
	});

	it('reads a count of lines shown that is missing or nonsense as none', () => {
		expect(readCourseForm(posted({ sessionLines: 'lots' })).linesShown).toBe(0);
		expect(readCourseForm(posted({ sessionLines: '99999' })).linesShown).toBe(MAX_SESSIONS);
		expect(readCourseForm(new FormData()).linesShown).toBe(0);
	});
});

describe('how many session lines the form shows', () => {
	it('shows two empty lines on a new form, and one empty line after those typed', () => {
		expect(sessionLinesToShow(0, 0, false)).toBe(MIN_SESSION_LINES);
		expect(sessionLinesToShow(3, 0, false)).toBe(4);
		expect(sessionLinesToShow(1, 3, false)).toBe(3);
	});

	it('shows one more line than before when asked for another', () => {
		expect(sessionLinesToShow(2, 2, true)).toBe(3);
		expect(sessionLinesToShow(1, 3, true)).toBe(4);
		expect(sessionLinesToShow(0, 0, true)).toBe(MIN_SESSION_LINES);
	});

	it('never shows more lines than a course may have, nor fewer than were typed', () => {
		expect(sessionLinesToShow(MAX_SESSIONS, MAX_SESSIONS, true)).toBe(MAX_SESSIONS);
		expect(sessionLinesToShow(MAX_SESSIONS - 1, MAX_SESSIONS - 1, true)).toBe(MAX_SESSIONS);
		expect(sessionLinesToShow(MAX_SESSIONS + 5, 0, false)).toBe(MAX_SESSIONS + 5);
	});
});

describe('the course form, checked', () => {
	it('accepts a filled form and gives the course service what it takes', async () => {
		const form = await validated(posted({ capacity: '๒๕' }, THREE));
		expect(form.valid).toBe(true);
		const input = courseInputOf(form.data);
		expect(input).toMatchObject({
			title: 'Start your business',
			online: false,
			address: 'Community hall',
			capacity: 25,
			offerHoldHours: 48,
			attendanceThreshold: 80,
			prerequisiteId: null,
			priorityCircleId: null,
			prioritySavingsGroupId: null
		});
		expect(input.sessions).toHaveLength(3);
		expect(checkCourseInput(input).ok).toBe(true);
	});

	it('refuses an empty title, no seats and a session that ends before it starts, beside each, keeping what was typed', async () => {
		const lines = [THREE[0], ['2030-01-11', '12:00', '09:00']];
		const form = await validated(posted({ title: '  ', capacity: '0' }, lines));
		expect(form.valid).toBe(false);
		expect(form.errors.title).toEqual([m.field_required()]);
		expect(form.errors.capacity).toEqual([m.course_form_number_range({ min: '1', max: '500' })]);
		expect(form.errors.sessions?.[1]?.end).toEqual([m.course_form_end_before_start()]);
		expect(form.errors.sessions?.[0]).toBeUndefined();
		expect(form.data.capacity).toBe('0');
		expect(form.data.sessions[1]).toEqual({ date: '2030-01-11', start: '12:00', end: '09:00' });
	});

	it('says which part of a session line is not a day or a time', async () => {
		const form = await validated(posted({}, [['2030-02-30', '9am', '']]));
		expect(form.errors.sessions?.[0]).toEqual({
			date: [m.course_form_date_invalid()],
			start: [m.course_form_time_invalid()],
			end: [m.field_required()]
		});
	});

	it('asks where a course at a place meets, and not an online one', async () => {
		const atPlace = await validated(posted({ address: '' }, THREE));
		expect(atPlace.errors.address).toEqual([m.course_form_address_needed()]);
		const online = await validated(posted({ address: '', where: 'online' }, THREE));
		expect(online.valid).toBe(true);
		expect(courseInputOf(online.data)).toMatchObject({ online: true, address: null });
	});

	it('refuses choices that are not offered, and numbers that are not whole numbers', async () => {
		const form = await validated(
			posted(
				{
					language: 'fr',
					level: 'expert',
					timeZone: 'Europe/Paris',
					prerequisiteId: 'not-a-course',
					priority: `group:${CIRCLE}`,
					offerHoldHours: '1.5',
					attendanceThreshold: '101'
				},
				THREE
			)
		);
		expect(form.errors.language).toEqual([m.course_form_choose()]);
		expect(form.errors.level).toEqual([m.course_form_choose()]);
		expect(form.errors.timeZone).toEqual([m.course_form_choose()]);
		expect(form.errors.prerequisiteId).toEqual([m.course_form_choose()]);
		expect(form.errors.priority).toEqual([m.course_form_choose()]);
		expect(form.errors.offerHoldHours).toEqual([m.course_form_whole_number()]);
		expect(form.errors.attendanceThreshold).toEqual([
			m.course_form_number_range({ min: '1', max: '100' })
		]);
	});

	it('reads one choice of priority as a circle or a savings group, never both', async () => {
		const circle = await validated(posted({ priority: `circle:${CIRCLE}` }, THREE));
		expect(courseInputOf(circle.data)).toMatchObject({
			priorityCircleId: CIRCLE,
			prioritySavingsGroupId: null
		});
		const savings = await validated(posted({ priority: `savings:${CIRCLE.toUpperCase()}` }, THREE));
		expect(courseInputOf(savings.data)).toMatchObject({
			priorityCircleId: null,
			prioritySavingsGroupId: CIRCLE
		});
	});

	it('a new course needs the key its form was rendered with', async () => {
		const data = posted({}, THREE);
		const refused = await superValidate(readCourseForm(data).fields, valibot(newCourseSchema));
		expect(refused.errors.formKey).toEqual([m.form_key_invalid()]);
		data.append('formKey', newFormKey(new Date()));
		const accepted = await superValidate(readCourseForm(data).fields, valibot(newCourseSchema));
		expect(accepted.valid).toBe(true);
	});
});

describe("the course service's problems, in words beside their fields", () => {
	it('says whether enrolment closes before it opens or after the first session', async () => {
		const before = await validated(
			posted({ enrolmentOpens: '2030-01-05', enrolmentCloses: '2030-01-04' }, THREE)
		);
		const after = await validated(posted({ enrolmentCloses: '2030-01-11' }, THREE));
		for (const [form, message] of [
			[before, m.course_form_closes_before_opens()],
			[after, m.course_form_closes_after_start()]
		] as const) {
			const checked = checkCourseInput(courseInputOf(form.data));
			expect(checked.ok).toBe(false);
			if (checked.ok) continue;
			showCourseProblems(form, checked.fields, form.data);
			expect(form.errors.enrolmentCloses).toEqual([message]);
		}
	});

	it('says overlapping sessions above the lines, and too many sessions', async () => {
		const overlapping = await validated(posted({}, [THREE[0], ['2030-01-10', '11:00', '13:00']]));
		const checked = checkCourseInput(courseInputOf(overlapping.data));
		expect(checked).toMatchObject({ ok: false, fields: { sessions: 'invalid' } });
		if (!checked.ok) showCourseProblems(overlapping, checked.fields, overlapping.data);
		expect(overlapping.errors.sessions?._errors).toEqual([m.course_form_sessions_overlap()]);

		const none = await validated(posted({}, []));
		const empty = checkCourseInput(courseInputOf(none.data));
		if (!empty.ok) showCourseProblems(none, empty.fields, none.data);
		expect(none.errors.sessions?._errors).toEqual([m.course_form_sessions_required()]);
	});

	it('keeps the form’s own, more precise message where there is one', async () => {
		const form = await validated(posted({ title: '' }, [['2030-01-10', '12:00', '09:00']]));
		const checked = checkCourseInput(courseInputOf(form.data));
		if (!checked.ok) showCourseProblems(form, checked.fields, form.data);
		expect(form.errors.title).toEqual([m.field_required()]);
		expect(form.errors.sessions?.[0]?.end).toEqual([m.course_form_end_before_start()]);
		expect(form.errors.sessions?._errors).toBeUndefined();
	});

	it('tells fewer seats than are taken apart from a number out of range', async () => {
		const typed = { ...newCourseValues('en', '2030-01-01'), capacity: '5' } as CourseForm;
		expect(courseProblemMessage('capacity', 'out_of_range', typed)).toBe(
			m.course_form_capacity_taken()
		);
		expect(courseProblemMessage('capacity', 'out_of_range', { ...typed, capacity: '900' })).toBe(
			m.course_form_number_range({ min: '1', max: '500' })
		);
		expect(courseProblemMessage('prerequisiteId', 'unknown', typed)).toBe(
			m.course_form_prerequisite_unknown()
		);
		expect(courseProblemMessage('prioritySavingsGroupId', 'unknown', typed)).toBe(
			m.course_form_priority_unknown()
		);
		expect(courseProblemMessage('title', 'invalid', typed)).toBe(m.course_form_hidden_characters());
	});
});

describe('a stored course, shown in its form', () => {
	it('shows days and times on the course’s own clock, and sent back unchanged writes the same course', async () => {
		const form = await validated(
			posted(
				{
					timeZone: 'Asia/Yangon',
					country: 'MM',
					prerequisiteId: COURSE,
					priority: `circle:${CIRCLE}`
				},
				[THREE[2], THREE[0]]
			)
		);
		const checked = checkCourseInput(courseInputOf(form.data));
		expect(checked.ok).toBe(true);
		if (!checked.ok) return;
		const { sessions, ...course } = checked.values;
		const shown = courseFormValues(course, sessions);
		expect(shown).toMatchObject({
			timeZone: 'Asia/Yangon',
			enrolmentOpens: '2030-01-01',
			enrolmentCloses: '2030-01-09',
			capacity: '20',
			prerequisiteId: COURSE,
			priority: `circle:${CIRCLE}`,
			sessions: [
				{ date: '2030-01-10', start: '09:00', end: '12:00' },
				{ date: '2030-01-12', start: '13:30', end: '16:00' }
			]
		});
		const again = checkCourseInput(courseInputOf(shown));
		expect(again).toEqual({ ok: true, values: checked.values });
	});

	it('a new form starts in the writer’s language, its country and clock, opening today', () => {
		expect(newCourseValues('km', '2030-01-01')).toMatchObject({
			language: 'km',
			country: 'KH',
			timeZone: 'Asia/Phnom_Penh',
			enrolmentOpens: '2030-01-01',
			offerHoldHours: '48',
			attendanceThreshold: '80',
			sessions: []
		});
		expect(newCourseValues('en', '2030-01-01')).toMatchObject({ country: 'TH' });
		// 17:15 UTC is 00:15 the next day in Bangkok (UTC+7), still 23:45 in Yangon (UTC+6:30).
		const late = new Date('2030-01-01T17:15:00Z');
		expect(todayOn('Asia/Bangkok', late)).toBe('2030-01-02');
		expect(todayOn('Asia/Yangon', late)).toBe('2030-01-01');
	});
});
