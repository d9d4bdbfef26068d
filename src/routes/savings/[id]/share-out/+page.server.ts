import { fail } from '@sveltejs/kit';
import { message, setError, superValidate, type SuperValidated } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { m } from '$lib/paraglide/messages';
import {
	approveShareOutSchema,
	nextCycleSchema,
	payOutSchema,
	shareOutStepSchema,
	writeOffSchema
} from '$lib/schemas/savings-share-out';
import { guaranteeChargeSchema } from '$lib/schemas/savings-guarantee';
import { requireAccess, requireSignedIn } from '$lib/server/access/require';
import { systemClock } from '$lib/server/clock';
import { config } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { newFormKey, renewRefusedFormKey } from '$lib/server/forms/form-key';
import { formatCalendarDate } from '$lib/server/i18n/format';
import { FormKeyExpiredError } from '$lib/server/forms/repeat-safe';
import { readCycleShareOut } from '$lib/server/savings/cycle-share-out';
import {
	decideGuaranteeCharge,
	type GuaranteeChargeProblem
} from '$lib/server/savings/guarantee-charge';
import {
	readReinvestable,
	startNextCycle,
	type ReinvestIssue
} from '$lib/server/savings/next-cycle';
import {
	parseReinvestForm,
	reinvestField,
	type ParsedReinvestForm,
	type ReinvestFieldProblem
} from '$lib/server/savings/next-cycle-form';
import { loadSavingsGroup } from '$lib/server/savings/savings-group-access';
import {
	approveShareOut,
	closeCycle,
	payOut,
	reopenCycle,
	startShareOut,
	type ShareOutProblem
} from '$lib/server/savings/sharing-out';
import { todayIn } from '$lib/server/savings/today';
import { writeOffLoan, type WriteOffProblem } from '$lib/server/savings/write-off';
import type { Actions, PageServerLoad } from './$types';
import { reinvestView } from './reinvest-view';
import { shareOutView } from './share-out-view';

// Plain forms, and a Print button that the head's script serves: the page comes from the server,
// with no framework to fetch on a slow phone.
export const csr = false;

// Each form has its action's name as its superforms id; the page shows a refusal in the form it
// came from (src/lib/forms/form-result.ts). Every form carries the key it was rendered with: sent
// twice (a double tap, a resend after a time-out) it does its work once. A refusal from a service
// is a sentence and a 409; nothing is changed.

export const load: PageServerLoad = async ({ locals, params, url, parent }) => {
	requireSignedIn(locals.actor, url);
	const { savings } = await parent();
	const read = await readCycleShareOut(getDb(), locals.actor, params.id);
	const now = systemClock();
	const view = shareOutView(read, { mayRecord: savings.may.record, now });
	const key = () => newFormKey(now);
	return {
		view,
		keys: {
			start: key(),
			reopen: key(),
			close: key(),
			approve: { chair: key(), secretary: key() },
			pay: Object.fromEntries(view.payouts.map((line) => [line.id, key()])),
			writeOff: Object.fromEntries(view.unpaidLoans.map((loan) => [loan.id, key()])),
			guarantee: Object.fromEntries(view.guarantees.map((loan) => [loan.id, key()]))
		},
		nextForm: view.may.next
			? await superValidate(
					{ formKey: key(), startsOn: todayIn(config().TIME_ZONE, now) },
					valibot(nextCycleSchema),
					{ id: 'next', errors: false }
				)
			: null,
		reinvest: view.may.next
			? reinvestView(await readReinvestable(getDb(), locals.actor, params.id), read.cycle.rules)
			: null,
		downloads: {
			ledger: savings.may.viewAllBooks,
			shareOut: view.calculation !== null,
			earlier: read.cycles
				.filter((cycle) => cycle.number !== read.cycle.number)
				.map((cycle) => ({
					number: cycle.number,
					label: m.savings_share_heading({ cycle: String(cycle.number) })
				}))
		},
		labels: {
			title: m.savings_nav_share_out(),
			stepsLabel: m.savings_share_steps_label(),
			done: m.savings_share_step_done(),
			calculationHeading: m.savings_share_calc_heading(),
			payoutsHeading: m.savings_share_payouts_heading(),
			approvalsHeading: m.savings_share_approvals_heading(),
			pay: m.savings_share_pay(),
			you: m.savings_share_you(),
			writeOffHeading: m.savings_writeoff_heading(),
			writeOffIntro: m.savings_writeoff_intro(),
			writeOffNoGuarantors: m.savings_writeoff_deducted_default(),
			guaranteeHeading: m.share_out_guarantee_heading(),
			guaranteeIntro: m.share_out_guarantee_intro(),
			guaranteeAgreed: m.share_out_guarantee_agreed(),
			guaranteeUndo: m.share_out_guarantee_undo(),
			reason: m.savings_writeoff_reason(),
			reasonHint: m.savings_writeoff_reason_hint(),
			startHeading: m.savings_share_start_heading(),
			startIntro: m.savings_share_start_intro(),
			start: m.savings_share_start(),
			reopenIntro: m.savings_share_reopen_intro(),
			reopen: m.savings_share_reopen(),
			closeHeading: m.savings_share_close_heading(),
			closeIntro: m.savings_share_close_intro(),
			close: m.savings_share_close({ cycle: String(view.cycleNumber) }),
			nextHeading: m.savings_share_next_heading(),
			nextIntro: m.savings_share_next_intro(),
			reinvestHeading: m.next_cycle_reinvest_heading(),
			reinvestRule: m.next_cycle_reinvest_rule(),
			reinvestChanged: m.next_cycle_reinvest_members_changed(),
			startsOn: m.savings_share_starts_on(),
			startsOnHint: m.savings_share_starts_on_hint(),
			next: m.savings_share_next(),
			downloadsHeading: m.savings_share_downloads_heading(),
			ledgerCsv: m.savings_share_download_ledger(),
			shareOutCsv: m.savings_share_download_share_out(),
			csvHint: m.savings_share_download_hint(),
			print: m.savings_share_print(),
			printHint: m.savings_share_print_hint()
		}
	};
};

const SHARE_OUT_PROBLEM: Record<ShareOutProblem, () => string> = {
	no_meetings: () => m.savings_share_problem_no_meetings(),
	money_in_bank: () => m.savings_share_problem_money_in_bank(),
	no_shares: () => m.savings_share_problem_no_shares(),
	not_sharing_out: () => m.savings_share_problem_not_sharing_out(),
	already_approved: () => m.savings_share_problem_already_approved(),
	not_that_officer: () => m.savings_share_problem_not_that_officer(),
	not_approved: () => m.savings_share_problem_not_approved(),
	already_paid: () => m.savings_share_problem_already_paid(),
	nothing_to_pay: () => m.savings_share_problem_nothing_to_pay(),
	not_all_paid: () => m.savings_share_problem_not_all_paid()
};

const WRITE_OFF_PROBLEM: Record<
	Exclude<WriteOffProblem, 'reason_needed' | 'agreement_needed'>,
	() => string
> = {
	not_latest_meeting: () => m.savings_writeoff_problem_not_latest_meeting(),
	not_found: () => m.savings_writeoff_problem_not_found(),
	nothing_owed: () => m.savings_writeoff_problem_nothing_owed()
};

const GUARANTEE_PROBLEM: Record<
	Exclude<GuaranteeChargeProblem, 'agreement_needed'>,
	() => string
> = {
	not_sharing_out: () => m.savings_share_problem_not_sharing_out(),
	already_approved: () => m.share_out_guarantee_problem_already_approved(),
	not_found: () => m.share_out_guarantee_problem_not_found(),
	no_guarantors: () => m.share_out_guarantee_problem_no_guarantors(),
	no_shortfall: () => m.share_out_guarantee_problem_no_shortfall(),
	already_decided: () => m.share_out_guarantee_problem_already_decided(),
	not_decided: () => m.share_out_guarantee_problem_not_decided()
};

type KeyedForm = { data: { formKey: string }; errors: { formKey?: string[] } };

/** Bad input: sent back with what was typed, a fresh key if the key was the problem. */
function invalid<F extends KeyedForm>(form: F) {
	renewRefusedFormKey(form, systemClock());
	return fail(400, { form });
}

/** A key too old to be taken: the form goes back with a fresh one, to be sent again. */
function expired<T extends { formKey: string }>(form: SuperValidated<T, string>) {
	form.valid = false;
	(form.errors as KeyedForm['errors']).formKey = [m.form_key_expired()];
	form.data.formKey = newFormKey(systemClock());
	return fail(400, { form });
}

/**
 * Runs a service call for a form: a key too old is sent back to be sent again, a refusal becomes
 * the sentence for it (409, nothing changed), and success a short message.
 */
async function run<T extends { formKey: string }, P extends string>(
	form: SuperValidated<T, string>,
	work: () => Promise<{ ok: true } | { ok: false; problem: P }>,
	sentence: (problem: P) => string,
	done: string
) {
	try {
		const result = await work();
		if (!result.ok) return setError(form, '', sentence(result.problem), { status: 409 });
	} catch (error) {
		if (!(error instanceof FormKeyExpiredError)) throw error;
		return expired(form);
	}
	return message(form, done);
}

/**
 * Every form here is for the group's recording officers: anyone else gets a 404 before their
 * form is read, whatever they sent (the services check again, inside their transactions).
 */
async function requireRecorder(locals: App.Locals, groupId: string, url: URL) {
	requireSignedIn(locals.actor, url);
	const { resource } = await loadSavingsGroup(getDb(), locals.actor, groupId);
	requireAccess(locals.actor, 'savings:record', resource);
}

const shareOutSentence = (problem: ShareOutProblem) => SHARE_OUT_PROBLEM[problem]();

const NEXT_CYCLE_PROBLEM = {
	cycle_still_open: () => m.savings_share_problem_cycle_still_open(),
	rules: () => m.savings_share_problem_rules()
};

/** Why a member's shares from their payout were refused, beside the field. */
const REINVEST_PROBLEM: Record<ReinvestFieldProblem | ReinvestIssue['problem'], () => string> = {
	whole_number: () => m.savings_meeting_problem_whole_number(),
	out_of_range: () => m.savings_meeting_problem_whole_number(),
	negative: () => m.savings_meeting_problem_below_zero(),
	too_many: () => m.next_cycle_reinvest_problem_over(),
	over_payout: () => m.next_cycle_reinvest_problem_over(),
	not_paid: () => m.next_cycle_reinvest_problem_not_paid()
};

/**
 * The next-cycle form refused, nothing recorded: the shares typed kept, each problem beside its
 * field (the page shows one for a member no longer listed at the top), a fresh key if the key
 * was the problem.
 */
function nextRefused(
	status: 400 | 409,
	form: SuperValidated<{ formKey: string; startsOn: string }, string>,
	parsed: ParsedReinvestForm,
	errors: Record<string, string>
) {
	form.valid = false;
	if (Object.keys(errors).length > 0) form.errors._errors = [m.next_cycle_reinvest_not_recorded()];
	if (form.errors.formKey) form.data.formKey = newFormKey(systemClock());
	return fail(status, { form, reinvest: { values: parsed.values, errors } });
}

export const actions: Actions = {
	start: async ({ request, locals, params, url }) => {
		await requireRecorder(locals, params.id, url);
		const form = await superValidate(request, valibot(shareOutStepSchema), { id: 'start' });
		if (!form.valid) return invalid(form);
		return run(
			form,
			() =>
				startShareOut(getDb(), locals.actor, params.id, {
					formKey: form.data.formKey,
					now: systemClock()
				}),
			shareOutSentence,
			m.savings_share_done_started()
		);
	},

	reopen: async ({ request, locals, params, url }) => {
		await requireRecorder(locals, params.id, url);
		const form = await superValidate(request, valibot(shareOutStepSchema), { id: 'reopen' });
		if (!form.valid) return invalid(form);
		return run(
			form,
			() =>
				reopenCycle(getDb(), locals.actor, params.id, {
					formKey: form.data.formKey,
					now: systemClock()
				}),
			(problem) =>
				problem === 'already_approved'
					? m.savings_share_problem_reopen_approved()
					: shareOutSentence(problem),
			m.savings_share_done_reopened()
		);
	},

	approve: async ({ request, locals, params, url }) => {
		await requireRecorder(locals, params.id, url);
		const form = await superValidate(request, valibot(approveShareOutSchema), { id: 'approve' });
		if (!form.valid) return invalid(form);
		return run(
			form,
			() =>
				approveShareOut(getDb(), locals.actor, params.id, {
					...form.data,
					now: systemClock()
				}),
			shareOutSentence,
			m.savings_share_done_approved()
		);
	},

	pay: async ({ request, locals, params, url }) => {
		await requireRecorder(locals, params.id, url);
		const form = await superValidate(request, valibot(payOutSchema), { id: 'pay' });
		if (!form.valid) return invalid(form);
		return run(
			form,
			() =>
				payOut(getDb(), locals.actor, params.id, {
					...form.data,
					now: systemClock()
				}),
			shareOutSentence,
			m.savings_share_done_paid()
		);
	},

	close: async ({ request, locals, params, url }) => {
		await requireRecorder(locals, params.id, url);
		const form = await superValidate(request, valibot(shareOutStepSchema), { id: 'close' });
		if (!form.valid) return invalid(form);
		return run(
			form,
			() =>
				closeCycle(getDb(), locals.actor, params.id, {
					formKey: form.data.formKey,
					now: systemClock()
				}),
			shareOutSentence,
			m.savings_share_done_closed()
		);
	},

	writeOff: async ({ request, locals, params, url }) => {
		await requireRecorder(locals, params.id, url);
		const form = await superValidate(request, valibot(writeOffSchema), { id: 'writeOff' });
		if (!form.valid) return invalid(form);
		if (!form.data.groupAgreed) {
			return setError(form, 'groupAgreed', m.savings_writeoff_problem_agreement_needed());
		}
		try {
			const result = await writeOffLoan(getDb(), locals.actor, params.id, form.data, systemClock());
			if (!result.ok) {
				if (result.problem === 'reason_needed')
					return setError(form, 'reason', m.savings_writeoff_problem_reason_needed());
				if (result.problem === 'agreement_needed')
					return setError(form, 'groupAgreed', m.savings_writeoff_problem_agreement_needed());
				return setError(form, '', WRITE_OFF_PROBLEM[result.problem](), { status: 409 });
			}
		} catch (error) {
			if (!(error instanceof FormKeyExpiredError)) throw error;
			return expired(form);
		}
		return message(form, m.savings_writeoff_done());
	},

	guarantee: async ({ request, locals, params, url }) => {
		await requireRecorder(locals, params.id, url);
		const form = await superValidate(request, valibot(guaranteeChargeSchema), { id: 'guarantee' });
		if (!form.valid) return invalid(form);
		const charge = form.data.charge === 'charge';
		if (charge && !form.data.groupAgreed) {
			return setError(form, 'groupAgreed', m.share_out_guarantee_problem_agreement_needed());
		}
		return run(
			form,
			() =>
				decideGuaranteeCharge(
					getDb(),
					locals.actor,
					params.id,
					{ ...form.data, charge },
					systemClock()
				),
			(problem) =>
				problem === 'agreement_needed'
					? m.share_out_guarantee_problem_agreement_needed()
					: GUARANTEE_PROBLEM[problem](),
			charge ? m.share_out_guarantee_done_charged() : m.share_out_guarantee_done_undone()
		);
	},

	next: async ({ request, locals, params, url }) => {
		await requireRecorder(locals, params.id, url);
		const db = getDb();
		const data = await request.formData();
		const form = await superValidate(data, valibot(nextCycleSchema), { id: 'next' });
		const fields: Record<string, string> = {};
		for (const [name, value] of data) if (typeof value === 'string') fields[name] ??= value;
		const parsed = parseReinvestForm(fields);
		const refused = (errors: Record<string, string>, status: 400 | 409 = 400) =>
			nextRefused(status, form, parsed, errors);
		const fieldErrors = Object.fromEntries(
			Object.entries(parsed.errors).map(([field, problem]) => [field, REINVEST_PROBLEM[problem]()])
		);
		if (!form.valid || !parsed.reinvest) return refused(fieldErrors);
		// The last cycle, as the reader may see it (a 404 for anyone outside the group).
		const last = await readCycleShareOut(db, locals.actor, params.id);
		if (last.latestMeeting && form.data.startsOn <= last.latestMeeting.heldOn) {
			form.errors.startsOn = [
				m.savings_share_starts_on_too_early({
					date: formatCalendarDate(last.latestMeeting.heldOn)
				})
			];
			return refused({});
		}
		let result: Awaited<ReturnType<typeof startNextCycle>>;
		try {
			// The new cycle keeps the rules the last one ended with; the group may change them on
			// the rules page before its first meeting.
			result = await startNextCycle(db, locals.actor, params.id, {
				startsOn: form.data.startsOn,
				rules: last.cycle.rules,
				reinvest: parsed.reinvest,
				formKey: form.data.formKey,
				now: systemClock()
			});
		} catch (error) {
			if (!(error instanceof FormKeyExpiredError)) throw error;
			form.errors.formKey = [m.form_key_expired()];
			return refused({});
		}
		if (!result.ok && result.problem === 'reinvest') {
			const errors = Object.fromEntries(
				result.issues.map((issue) => [
					reinvestField(issue.memberId),
					REINVEST_PROBLEM[issue.problem]()
				])
			);
			return refused(errors);
		}
		if (!result.ok) {
			form.errors._errors = [NEXT_CYCLE_PROBLEM[result.problem]()];
			return refused({}, 409);
		}
		return message(form, m.savings_share_done_next());
	}
};
