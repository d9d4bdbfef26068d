import { fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { requireSignedIn } from '$lib/server/access/require';
import { systemClock } from '$lib/server/clock';
import { config } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { newFormKey } from '$lib/server/forms/form-key';
import { FormKeyExpiredError } from '$lib/server/forms/repeat-safe';
import { formatCalendarDate } from '$lib/server/i18n/format';
import { recordMeeting, type MeetingRefusal } from '$lib/server/savings/meeting';
import { checkMeetingSheet, readMeetingSheet } from '$lib/server/savings/meeting-sheet';
import {
	MIN_SLOTS,
	SLOT_KINDS,
	issuesByField,
	parseMeetingSheetForm,
	type FieldIssue,
	type ParsedSheetForm,
	type SlotKind
} from '$lib/server/savings/meeting-sheet-form';
import { todayIn } from '$lib/server/savings/today';
import { standaloneScript } from '$lib/standalone-script-address';
import type { Actions, PageServerLoad } from './$types';
import {
	checkedView,
	defaultValues,
	problemMessages,
	sheetView,
	withNewSlot,
	type CheckedView,
	type OpenCycleStart
} from './sheet-view';

// No framework: the sheet's own small script (meeting-sheet-script.ts) sums, keeps and sends it.
export const csr = false;

/** What the form shows: what was typed, problems beside their fields, the check step's totals. */
export interface SheetState {
	formKey: string;
	values: Record<string, string>;
	slots: Record<SlotKind, number>;
	errors: Record<string, string>;
	problems: Array<{ field: string; label: string; message: string }>;
	/** About the whole sheet, above it. */
	message: string | null;
	checked: CheckedView | null;
}

const today = () => todayIn(config().TIME_ZONE, systemClock());

export const load: PageServerLoad = async ({ locals, params, url }) => {
	requireSignedIn(locals.actor, url);
	const start = await readMeetingSheet(getDb(), locals.actor, params.id);
	if (!start.cycle) return { sheet: null, initial: null, script: null };
	const open = start as OpenCycleStart;
	const initial: SheetState = {
		formKey: newFormKey(systemClock()),
		values: defaultValues(open, today()),
		slots: { ...MIN_SLOTS },
		errors: {},
		problems: [],
		message: null,
		checked: null
	};
	return {
		sheet: sheetView(open, params.id),
		initial,
		script: standaloneScript('meeting-sheet', getLocale())
	};
};

/** The posted form's fields, the first value of each name. */
async function formFields(request: Request): Promise<Record<string, string>> {
	const data = await request.formData();
	const fields: Record<string, string> = {};
	for (const [name, value] of data) if (typeof value === 'string') fields[name] ??= value;
	return fields;
}

/** Reads the posted sheet for an officer who may record; a 404 for anyone else. */
async function readPosted(locals: App.Locals, params: { id: string }, request: Request) {
	const start = await readMeetingSheet(getDb(), locals.actor, params.id);
	const fields = await formFields(request);
	if (!start.cycle) {
		return { start: null, fields, parsed: null } as const;
	}
	const open = start as OpenCycleStart;
	const parsed = parseMeetingSheetForm(fields, {
		currency: open.cycle.rules.currency,
		locale: getLocale(),
		memberIds: open.members.map((member) => member.id),
		rules: open.cycle.rules
	});
	return { start: open, fields, parsed } as const;
}

function state(
	fields: Record<string, string>,
	parsed: ParsedSheetForm,
	change: Partial<SheetState> = {}
): SheetState {
	return {
		formKey: fields.formKey ?? '',
		values: parsed.values,
		slots: parsed.slots,
		errors: {},
		problems: [],
		message: null,
		checked: null,
		...change
	};
}

function refused(
	status: 400 | 409,
	fields: Record<string, string>,
	parsed: ParsedSheetForm,
	start: OpenCycleStart,
	errors: Record<string, FieldIssue>,
	message: string
) {
	const { byField, list } = problemMessages(errors, start);
	return fail(status, state(fields, parsed, { errors: byField, problems: list, message }));
}

/** A refusal from the books, in words; nothing was recorded. */
function refusal(
	result: MeetingRefusal,
	fields: Record<string, string>,
	parsed: ParsedSheetForm,
	start: OpenCycleStart
) {
	switch (result.problem) {
		case 'sheet':
			return refused(
				400,
				fields,
				parsed,
				start,
				issuesByField(result.issues, parsed.origins),
				m.savings_meeting_not_recorded()
			);
		case 'meeting_exists':
			return refused(
				409,
				fields,
				parsed,
				start,
				{},
				m.savings_meeting_exists({ date: formatCalendarDate(parsed.sheet!.heldOn) })
			);
		case 'too_few_members':
			return refused(409, fields, parsed, start, {}, m.savings_meeting_too_few());
		case 'no_open_cycle':
			return refused(409, fields, parsed, start, {}, m.savings_meeting_no_cycle());
	}
}

const noCycle = (fields: Record<string, string>) =>
	fail(409, {
		formKey: fields.formKey ?? '',
		values: {},
		slots: { ...MIN_SLOTS },
		errors: {},
		problems: [],
		message: m.savings_meeting_no_cycle(),
		checked: null
	} satisfies SheetState);

export const actions: Actions = {
	/** The check step: the sheet read and checked against the books; nothing is recorded. */
	check: async ({ locals, params, request, url }) => {
		requireSignedIn(locals.actor, url);
		const { start, fields, parsed } = await readPosted(locals, params, request);
		if (!start) return noCycle(fields);
		// "Add a line": the same sheet, one line longer, nothing checked yet.
		const add = fields.add as SlotKind;
		if (SLOT_KINDS.includes(add)) {
			const values = { ...parsed.values };
			const slots = withNewSlot(values, parsed.slots, add, start.cycle.rules.maxTermMonths);
			return state(fields, { ...parsed, values }, { slots });
		}
		if (!parsed.sheet)
			return refused(400, fields, parsed, start, parsed.errors, m.savings_meeting_not_recorded());
		const checked = await checkMeetingSheet(
			getDb(),
			locals.actor,
			params.id,
			parsed.sheet,
			today()
		);
		if (!checked.ok) return refusal(checked, fields, parsed, start);
		return state(fields, parsed, { checked: checkedView(checked.totals, start) });
	},

	/** Records the whole meeting once, however often the sheet is sent. */
	record: async ({ locals, params, request, url }) => {
		requireSignedIn(locals.actor, url);
		const { start, fields, parsed } = await readPosted(locals, params, request);
		if (!start) return noCycle(fields);
		if (!parsed.sheet)
			return refused(400, fields, parsed, start, parsed.errors, m.savings_meeting_not_recorded());
		const now = systemClock();
		let result: Awaited<ReturnType<typeof recordMeeting>>;
		try {
			result = await recordMeeting(getDb(), locals.actor, params.id, parsed.sheet, {
				formKey: fields.formKey ?? '',
				now,
				today: today()
			});
		} catch (error) {
			if (!(error instanceof FormKeyExpiredError)) throw error;
			// Sent again with a fresh key, it is recorded once: a meeting already recorded on this
			// day is then refused as one.
			return fail(
				400,
				state({ ...fields, formKey: newFormKey(now) }, parsed, { message: m.form_key_expired() })
			);
		}
		if (!result.ok) return refusal(result, fields, parsed, start);
		const outcome = result.repeated ? 'repeated' : 'recorded';
		redirect(303, `/savings/${params.id}/meetings/${result.summary.meetingId}?${outcome}=1`);
	}
};
