import { fail, redirect } from '@sveltejs/kit';
import { sheetProblemMessage } from '$lib/i18n/savings-sheet-problem';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { requireSignedIn } from '$lib/server/access/require';
import { systemClock } from '$lib/server/clock';
import { config } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { newFormKey } from '$lib/server/forms/form-key';
import { FormKeyExpiredError } from '$lib/server/forms/repeat-safe';
import { formatMoney, formatNumber } from '$lib/server/i18n/format';
import { issuesByField, type FieldIssue } from '$lib/server/savings/meeting-sheet-form';
import { readMeetingSheet, type MeetingSheetStart } from '$lib/server/savings/meeting-sheet';
import { recordOpening } from '$lib/server/savings/opening';
import {
	MAX_OPENING_TERM,
	MIN_OPENING_LOANS,
	openingCashField,
	parseOpeningForm,
	type ParsedOpeningForm
} from '$lib/server/savings/opening-form';
import { todayIn } from '$lib/server/savings/today';
import type { Actions, PageServerLoad } from './$types';

// Plain forms, each sent whole: the page comes from the server, with no framework to fetch on a
// slow phone.
export const csr = false;

/** What the form shows: what was typed, and problems beside their fields. */
export interface OpeningState {
	formKey: string;
	values: Record<string, string>;
	loanSlots: number;
	errors: Record<string, string>;
	problems: Array<{ field: string; message: string }>;
	message: string | null;
}

type OpenStart = MeetingSheetStart & { cycle: NonNullable<MeetingSheetStart['cycle']> };

const memberLabel = (member: MeetingSheetStart['members'][number]) =>
	`${formatNumber(member.bookNumber)} · ${member.name ?? m.savings_meeting_former_member()}`;

function view(start: OpenStart) {
	const { rules } = start.cycle;
	const tills = [
		['loan', 'box', m.savings_meeting_till_loan_box()],
		['loan', 'bank', m.savings_meeting_till_loan_bank()],
		['social', 'box', m.savings_meeting_till_social_box()],
		['social', 'bank', m.savings_meeting_till_social_bank()]
	] as const;
	return {
		members: start.members.map((member) => ({ id: member.id, label: memberLabel(member) })),
		sharesHint: m.savings_opening_shares_hint({
			price: formatMoney({ amount: rules.sharePrice, currency: rules.currency })
		}),
		termHint: m.savings_opening_term_hint({ most: formatNumber(MAX_OPENING_TERM) }),
		tills: tills.map(([fund, place, label]) => ({ name: openingCashField(fund, place), label }))
	};
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	requireSignedIn(locals.actor, url);
	const start = await readMeetingSheet(getDb(), locals.actor, params.id);
	if (!start.cycle || start.started)
		return {
			opening: null,
			initial: null,
			closed: start.cycle ? m.savings_opening_started() : m.savings_meeting_no_cycle()
		};
	const open = start as OpenStart;
	const values: Record<string, string> = {
		heldOn: todayIn(config().TIME_ZONE, systemClock()),
		note: ''
	};
	for (let slot = 0; slot < MIN_OPENING_LOANS; slot++)
		values[`loans.${slot}.termMonths`] = String(open.cycle.rules.maxTermMonths);
	const initial: OpeningState = {
		formKey: newFormKey(systemClock()),
		values,
		loanSlots: MIN_OPENING_LOANS,
		errors: {},
		problems: [],
		message: null
	};
	return { opening: view(open), initial, closed: null };
};

function state(
	fields: Record<string, string>,
	parsed: ParsedOpeningForm,
	change: Partial<OpeningState> = {}
): OpeningState {
	return {
		formKey: fields.formKey ?? '',
		values: parsed.values,
		loanSlots: parsed.loanSlots,
		errors: {},
		problems: [],
		message: null,
		...change
	};
}

function refused(
	status: 400 | 409,
	fields: Record<string, string>,
	parsed: ParsedOpeningForm,
	start: OpenStart,
	errors: Record<string, FieldIssue>,
	message: string
) {
	const byField: Record<string, string> = {};
	const problems: OpeningState['problems'] = [];
	for (const [field, issue] of Object.entries(errors)) {
		const text = sheetProblemMessage(issue.problem, field, {
			form: 'opening',
			currency: start.cycle.rules.currency
		});
		byField[field] = text;
		problems.push({ field, message: text });
	}
	return fail(status, state(fields, parsed, { errors: byField, problems, message }));
}

export const actions: Actions = {
	default: async ({ locals, params, request, url }) => {
		requireSignedIn(locals.actor, url);
		// Only an officer who records gets further; anyone else a 404.
		const start = await readMeetingSheet(getDb(), locals.actor, params.id);
		const data = await request.formData();
		const fields: Record<string, string> = {};
		for (const [name, value] of data) if (typeof value === 'string') fields[name] ??= value;
		if (!start.cycle || start.started) {
			return fail(409, {
				formKey: fields.formKey ?? '',
				values: {},
				loanSlots: MIN_OPENING_LOANS,
				errors: {},
				problems: [],
				message: m.savings_opening_started()
			} satisfies OpeningState);
		}
		const open = start as OpenStart;
		const parsed = parseOpeningForm(fields, {
			currency: open.cycle.rules.currency,
			locale: getLocale(),
			memberIds: open.members.map((member) => member.id)
		});
		if (fields.add === 'loans') {
			const values = { ...parsed.values };
			values[`loans.${parsed.loanSlots}.termMonths`] ??= String(open.cycle.rules.maxTermMonths);
			return state(
				fields,
				{ ...parsed, values },
				{ loanSlots: Math.min(parsed.loanSlots + 1, 30) }
			);
		}
		if (!parsed.opening)
			return refused(400, fields, parsed, open, parsed.errors, m.savings_meeting_not_recorded());
		const now = systemClock();
		let result: Awaited<ReturnType<typeof recordOpening>>;
		try {
			result = await recordOpening(
				getDb(),
				locals.actor,
				params.id,
				{ ...parsed.opening, formKey: fields.formKey ?? '' },
				now
			);
		} catch (error) {
			if (!(error instanceof FormKeyExpiredError)) throw error;
			return fail(
				400,
				state({ ...fields, formKey: newFormKey(now) }, parsed, { message: m.form_key_expired() })
			);
		}
		if (!result.ok) {
			if (result.problem === 'already_started')
				return refused(409, fields, parsed, open, {}, m.savings_opening_started());
			return refused(
				400,
				fields,
				parsed,
				open,
				issuesByField(result.issues, parsed.origins),
				m.savings_meeting_not_recorded()
			);
		}
		redirect(303, `/savings/${params.id}/meetings/${result.meetingId}?recorded=1`);
	}
};
