import { fail, redirect } from '@sveltejs/kit';
import { setError, superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { moneyProblemMessage } from '$lib/i18n/money-problem';
import { parseMoney } from '$lib/money';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { correctionSchema } from '$lib/schemas/savings-meeting';
import { notFound, requireSignedIn } from '$lib/server/access/require';
import { systemClock } from '$lib/server/clock';
import { getDb } from '$lib/server/db';
import { newFormKey, renewRefusedFormKey } from '$lib/server/forms/form-key';
import { FormKeyExpiredError } from '$lib/server/forms/repeat-safe';
import { correctEntry, type CorrectionProblem } from '$lib/server/savings/correction';
import { savingsRefOf } from '$lib/server/savings/group-header';
import { readMeeting, type MeetingRecord } from '$lib/server/savings/meeting-record';
import { parseWholeNumber } from '$lib/server/savings/meeting-sheet-form';
import type { Actions, PageServerLoad } from './$types';
import { meetingView } from './meeting-view';

// Plain forms, each sent whole: the page comes from the server, with no framework to fetch on a
// slow phone. The sheet forgets what it kept on the phone itself, once it is recorded.
export const csr = false;

export const load: PageServerLoad = async ({ locals, params, url, parent }) => {
	requireSignedIn(locals.actor, url);
	// The group as the layout loaded it: looked up once a request, checked again by the read.
	const { savings } = await parent();
	const record = await readMeeting(getDb(), locals.actor, savingsRefOf(savings), params.meetingId);
	const correcting = url.searchParams.get('correct');
	const view = meetingView(record, { correcting });
	const open = allEntries(record).some((entry) => entry.id === correcting && entry.correct);
	// The figure as recorded, to change into the right one.
	const shown = [...view.members.flatMap((line) => line.entries), ...view.grants, ...view.group];
	const value = shown.find((entry) => entry.correcting)?.correcting?.value ?? '';
	return {
		meeting: view,
		// A fresh key for the correction form opened on this page: one correction per key.
		correction: open
			? await superValidate(
					{
						formKey: newFormKey(systemClock()),
						entryId: correcting!,
						action: 'restate' as const,
						value,
						reason: ''
					},
					valibot(correctionSchema),
					{ errors: false, id: 'correct' }
				)
			: null,
		notice: url.searchParams.has('recorded')
			? record.kind === 'opening'
				? m.savings_opening_recorded()
				: m.savings_meeting_recorded()
			: url.searchParams.has('repeated')
				? m.savings_meeting_repeated()
				: url.searchParams.has('corrected')
					? m.savings_correct_done()
					: null
	};
};

const allEntries = (record: MeetingRecord) => [
	...record.members.flatMap((line) => line.entries),
	...record.grants,
	...record.group
];

function problemMessage(problem: CorrectionProblem): {
	field: 'reason' | 'value' | 'formKey';
	message: string;
} {
	switch (problem) {
		case 'reason_needed':
			return { field: 'reason', message: m.savings_correct_problem_reason_needed() };
		case 'cannot_correct':
			return { field: 'formKey', message: m.savings_correct_problem_cannot_correct() };
		case 'already_corrected':
			return { field: 'formKey', message: m.savings_correct_problem_already_corrected() };
		case 'is_a_correction':
			return { field: 'formKey', message: m.savings_correct_problem_is_a_correction() };
		case 'cycle_closed':
			return { field: 'formKey', message: m.savings_correct_problem_cycle_closed() };
		case 'cannot_restate':
			return { field: 'value', message: m.savings_correct_problem_cannot_restate() };
		case 'out_of_range':
			return { field: 'value', message: m.savings_correct_problem_out_of_range() };
		case 'owed_below_zero':
			return { field: 'value', message: m.savings_correct_problem_owed_below_zero() };
	}
}

export const actions: Actions = {
	/** Corrects one line: a reversing entry, and the right one beside it unless only cancelled. */
	correct: async ({ locals, params, request, url }) => {
		requireSignedIn(locals.actor, url);
		// Whoever may not see the meeting gets a 404 before anything they sent is read.
		const record = await readMeeting(getDb(), locals.actor, params.id, params.meetingId);
		const form = await superValidate(request, valibot(correctionSchema), { id: 'correct' });
		const now = systemClock();
		const refuse = (status: 400 | 409 = 400) => {
			renewRefusedFormKey(form, now);
			return fail(status, { form });
		};
		if (!form.valid) return refuse();
		const entry = allEntries(record).find((e) => e.id === form.data.entryId);
		if (!entry) notFound();

		let restated: { shares: number } | { amount: bigint } | undefined;
		if (form.data.action === 'restate') {
			if (entry.correct === 'shares') {
				const shares = parseWholeNumber(form.data.value);
				if (!shares.ok) {
					setError(
						form,
						'value',
						shares.problem === 'negative'
							? m.savings_meeting_problem_below_zero()
							: shares.problem === 'empty'
								? m.savings_meeting_problem_whole_number()
								: shares.problem === 'too_large'
									? m.savings_correct_problem_out_of_range()
									: m.savings_meeting_problem_whole_number()
					);
					return refuse();
				}
				restated = { shares: shares.value };
			} else if (entry.correct === 'amount') {
				const amount = parseMoney(form.data.value, record.currency, getLocale());
				if (!amount.ok) {
					setError(form, 'value', moneyProblemMessage(amount.problem, record.currency));
					return refuse();
				}
				restated = { amount: amount.money.amount };
			} else {
				setError(form, 'value', m.savings_correct_problem_cannot_restate());
				return refuse();
			}
		}

		let result: Awaited<ReturnType<typeof correctEntry>>;
		try {
			result = await correctEntry(
				getDb(),
				locals.actor,
				params.id,
				{ entryId: entry.id, reason: form.data.reason, restated, formKey: form.data.formKey },
				now
			);
		} catch (error) {
			if (!(error instanceof FormKeyExpiredError)) throw error;
			setError(form, 'formKey', m.form_key_expired());
			return refuse();
		}
		if (!result.ok) {
			const { field, message } = problemMessage(result.problem);
			setError(form, field, message);
			return refuse(field === 'formKey' ? 409 : 400);
		}
		redirect(303, `/savings/${params.id}/meetings/${params.meetingId}?corrected=1`);
	}
};
