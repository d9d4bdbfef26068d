import { fail, redirect } from '@sveltejs/kit';
import { message, setError, superValidate, type SuperValidated } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import type { Currency } from '$lib/money';
import { m } from '$lib/paraglide/messages';
import {
	SAVINGS_OFFICERS,
	addSavingsMemberSchema,
	appointSavingsOfficerSchema,
	officerLabel,
	savingsLeavingSchema,
	savingsLinkCodeSchema
} from '$lib/schemas/savings-members';
import { isStaff } from '$lib/server/access/actor';
import { notFound, requireSignedIn } from '$lib/server/access/require';
import { pseudonymMessage } from '$lib/accounts/rule-messages';
import { systemClock } from '$lib/server/clock';
import { config } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { newFormKey, renewRefusedFormKey } from '$lib/server/forms/form-key';
import { FormKeyExpiredError } from '$lib/server/forms/repeat-safe';
import {
	formatCalendarDate,
	formatDateTime,
	formatMoney,
	formatNumber
} from '$lib/server/i18n/format';
import { addMemberOnce, type AddMemberProblem } from '$lib/server/savings/adding-members';
import { readSavingsGroupHeader } from '$lib/server/savings/group-header';
import { memberLeaves, type LeavingProblem } from '$lib/server/savings/leaving';
import { previewLeaving } from '$lib/server/savings/leaving-preview';
import { issueLinkCodeOnce } from '$lib/server/savings/link-code-once';
import { readMembersTable } from '$lib/server/savings/passbook';
import { MAX_MEMBERS, appointOfficer } from '$lib/server/savings/setup';
import { todayIn } from '$lib/server/savings/today';
import type { Actions, PageServerLoad } from './$types';

// Plain forms, each sent whole: the page comes from the server, with no framework to fetch on a
// slow phone.
export const csr = false;

// Each form has its action's name as its superforms id, so the page shows a result, and what
// was typed, in the form it came from (src/lib/forms/form-result.ts).

const money = (amount: bigint | null, currency: Currency | null) =>
	amount === null ? null : currency ? formatMoney({ amount, currency }) : formatNumber(amount);

/** A member's name as the page shows it: "former member" once their account was erased. */
const nameOf = (name: string | null) => name ?? m.savings_members_former_member();

export const load: PageServerLoad = async ({ locals, params, url, parent }) => {
	requireSignedIn(locals.actor, url);
	const db = getDb();
	const table = await readMembersTable(db, locals.actor, params.id);
	const { savings } = await parent();
	const now = systemClock();
	const { currency } = table;
	const members = table.members.map((row) => ({
		id: row.id,
		bookNumber: formatNumber(row.bookNumber),
		name: nameOf(row.name),
		erased: row.name === null,
		officer: row.officer ? officerLabel(row.officer) : null,
		active: row.status === 'active',
		left: row.leftOn ? m.savings_members_left_on({ date: formatCalendarDate(row.leftOn) }) : null,
		hasAccount: row.hasAccount,
		mine: row.id === savings.me?.memberId,
		shares: row.shares === null ? null : formatNumber(row.shares),
		savings: money(row.savings, currency),
		owed: money(row.owed, currency),
		owes: (row.owed ?? 0n) > 0n,
		canOpen: savings.may.viewAllBooks || row.id === savings.me?.memberId,
		openLabel:
			row.id === savings.me?.memberId
				? m.savings_members_open_own_book()
				: m.savings_members_open_book({ name: nameOf(row.name) })
	}));
	const active = members.filter((row) => row.active);

	const addedId = url.searchParams.get('added');
	const added = addedId ? members.find((row) => row.id === addedId) : undefined;

	// The confirmation step of a member leaving: ?leave=<member id>, a plain link or GET form.
	const leavingId = url.searchParams.get('leave');
	const leaving =
		savings.may.record && leavingId && active.some((row) => row.id === leavingId)
			? await leavingConfirmation(db, locals.actor, params.id, leavingId, now)
			: null;

	const manage = savings.may.manage;
	return {
		labels: pageLabels(),
		currency,
		members,
		activeCount: m.savings_members_count({
			count: formatNumber(active.length),
			max: formatNumber(MAX_MEMBERS)
		}),
		full: active.length >= MAX_MEMBERS,
		totals: {
			shares: formatNumber(table.totals.shares),
			savings: money(table.totals.savings, currency),
			owed: money(table.totals.owed, currency)
		},
		added: added ? m.savings_members_added({ name: added.name }) : null,
		officers: SAVINGS_OFFICERS.map((value) => ({ value, label: officerLabel(value) })),
		choices: {
			active: active.map(({ id, name, bookNumber }) => ({ id, label: `${bookNumber}. ${name}` })),
			linkable: active
				.filter((row) => !row.hasAccount && !row.erased)
				.map(({ id, name, bookNumber }) => ({ id, label: `${bookNumber}. ${name}` }))
		},
		staff: isStaff(locals.actor),
		leaving,
		addForm: manage
			? await superValidate(
					{ formKey: newFormKey(now), name: '', officer: '' as const, pseudonym: '' },
					valibot(addSavingsMemberSchema),
					{ id: 'add', errors: false }
				)
			: null,
		appointForm: manage
			? await superValidate(
					{ memberId: '', officer: '' as const },
					valibot(appointSavingsOfficerSchema),
					{ id: 'appoint', errors: false }
				)
			: null,
		linkForm: manage
			? await superValidate(
					{ formKey: newFormKey(now), memberId: '' },
					valibot(savingsLinkCodeSchema),
					{ id: 'linkCode', errors: false }
				)
			: null
	};
};

async function leavingConfirmation(
	db: ReturnType<typeof getDb>,
	actor: App.Locals['actor'],
	groupId: string,
	memberId: string,
	now: Date
) {
	const preview = await previewLeaving(db, actor, groupId, memberId);
	const show = (amount: bigint) => money(amount, preview.currency) ?? formatNumber(amount);
	const name = nameOf(preview.member.name);
	return {
		memberId: preview.member.id,
		name,
		heading: m.savings_members_leave_heading({ name }),
		confirm: m.savings_members_leave_confirm({ name }),
		meetingId: preview.meeting?.id ?? '',
		meeting: preview.meeting
			? m.savings_members_leave_meeting({ date: formatCalendarDate(preview.meeting.heldOn) })
			: null,
		lines: [
			{ label: m.savings_members_leave_savings(), value: show(preview.savings) },
			...(preview.takesProfit
				? [{ label: m.savings_members_leave_profit(), value: show(preview.profit) }]
				: []),
			{ label: m.savings_members_leave_owed(), value: show(preview.owed) }
		],
		paidOut: m.savings_members_leave_paid_out({ name, amount: show(preview.paidOut) }),
		why: preview.takesProfit
			? m.savings_members_leave_why_profit()
			: m.savings_members_leave_why_savings({ amount: show(preview.staysWithGroup) }),
		problem: preview.problem ? leavingProblem(preview.problem) : null,
		form: await superValidate(
			{
				formKey: newFormKey(now),
				memberId: preview.member.id,
				meetingId: preview.meeting?.id ?? ''
			},
			valibot(savingsLeavingSchema),
			{ id: 'leave', errors: false }
		)
	};
}

/** The page's words, made here in the reader's language: the page's script need not carry them. */
function pageLabels() {
	return {
		title: m.savings_members_title(),
		totalsHeading: m.savings_members_totals_heading(),
		totalsHint: m.savings_members_totals_hint(),
		shares: m.savings_members_shares(),
		savings: m.savings_members_savings(),
		owed: m.savings_members_owed(),
		list: {
			bookNumber: m.savings_members_book_number(),
			you: m.savings_members_you(),
			shares: m.savings_members_shares(),
			savings: m.savings_members_savings(),
			owed: m.savings_members_owed(),
			hidden: m.savings_members_figures_hidden()
		},
		cancel: m.savings_members_leave_cancel(),
		manageHeading: m.savings_members_manage_heading(),
		addHeading: m.savings_members_add_heading(),
		addIntro: m.savings_members_add_intro(),
		full: m.savings_members_group_full({ max: formatNumber(MAX_MEMBERS) }),
		nameLabel: m.savings_members_name_label(),
		nameHint: m.savings_members_name_hint(),
		officerLabel: m.savings_members_officer_label(),
		noOfficer: m.savings_members_no_officer(),
		nicknameLabel: m.savings_members_nickname_label(),
		nicknameHint: m.savings_members_nickname_hint(),
		addSubmit: m.savings_members_add_submit(),
		appointHeading: m.savings_members_appoint_heading(),
		appointIntro: m.savings_members_appoint_intro(),
		memberLabel: m.savings_members_member_label(),
		chooseMember: m.savings_members_choose_member(),
		newOfficerLabel: m.savings_members_new_officer_label(),
		appointSubmit: m.savings_members_appoint_submit(),
		codeHeading: m.savings_members_code_heading(),
		codeIntro: m.savings_members_code_intro(),
		codeHowTo: m.savings_members_code_how_to(),
		codeOnce: m.savings_members_code_once(),
		codeSubmit: m.savings_members_code_submit(),
		codeNobody: m.savings_members_code_nobody(),
		leaveHeading: m.savings_members_leave_section_heading(),
		leaveIntro: m.savings_members_leave_intro(),
		leaveNext: m.savings_members_leave_next()
	};
}

function leavingProblem(problem: LeavingProblem): string {
	switch (problem) {
		case 'not_latest_meeting':
			return m.savings_members_leave_no_meeting();
		case 'not_member':
			return m.savings_members_leave_not_member();
		case 'owes_more_than_saved':
			return m.savings_members_leave_owes_more();
		case 'not_enough_cash':
			return m.savings_members_leave_not_enough_cash();
	}
}

function addProblem(problem: AddMemberProblem): { field: 'name' | 'pseudonym' | ''; text: string } {
	switch (problem) {
		case 'name_invalid':
			return { field: 'name', text: pseudonymMessage('characters') };
		case 'name_taken':
			return { field: 'name', text: m.savings_members_name_taken() };
		case 'account_unknown':
			return { field: 'pseudonym', text: m.savings_members_account_unknown() };
		case 'account_twice':
			return { field: 'pseudonym', text: m.savings_members_account_twice() };
		case 'not_in_circle':
			return { field: 'pseudonym', text: m.savings_members_account_unknown() };
		case 'group_full':
			return {
				field: '',
				text: m.savings_members_group_full({ max: formatNumber(MAX_MEMBERS) })
			};
	}
}

/**
 * The form actions first ask whether this actor may use them here: anyone else gets the 404 the
 * page gives them, whatever they sent.
 */
async function allowed(locals: App.Locals, groupId: string, url: URL, may: 'manage' | 'record') {
	requireSignedIn(locals.actor, url);
	const header = await readSavingsGroupHeader(getDb(), locals.actor, groupId);
	if (!header.may[may]) notFound();
	return header;
}

/** A form sent back to be fixed; one refused for its key goes back with a fresh one. */
function refuse<F extends SuperValidated<{ formKey: string }>>(form: F, status = 400) {
	renewRefusedFormKey(form, systemClock());
	return fail(status, { form });
}

export const actions: Actions = {
	add: async ({ request, locals, params, url }) => {
		await allowed(locals, params.id, url, 'manage');
		const form = await superValidate(request, valibot(addSavingsMemberSchema), { id: 'add' });
		if (!form.valid) return refuse(form);
		const now = systemClock();
		let result;
		try {
			result = await addMemberOnce(
				getDb(),
				locals.actor,
				params.id,
				{
					name: form.data.name,
					officer: form.data.officer || null,
					pseudonym: form.data.pseudonym,
					joinedOn: todayIn(config().TIME_ZONE, now),
					formKey: form.data.formKey
				},
				now
			);
		} catch (error) {
			if (!(error instanceof FormKeyExpiredError)) throw error;
			setError(form, 'formKey', m.form_key_expired());
			return refuse(form);
		}
		if (!result.ok) {
			const { field, text } = addProblem(result.problem);
			setError(form, field, text);
			return refuse(form, result.problem === 'name_invalid' ? 400 : 409);
		}
		// A resend lands on the same answer, as the first send did.
		redirect(303, `/savings/${params.id}/members?added=${result.id}#members`);
	},

	appoint: async ({ request, locals, params, url }) => {
		await allowed(locals, params.id, url, 'manage');
		const form = await superValidate(request, valibot(appointSavingsOfficerSchema), {
			id: 'appoint'
		});
		if (!form.valid) return fail(400, { form });
		const result = await appointOfficer(getDb(), locals.actor, params.id, {
			memberId: form.data.memberId,
			officer: form.data.officer || null
		});
		if (!result.ok) {
			if (result.problem === 'not_member')
				return setError(form, 'memberId', m.savings_members_choose_member());
			return setError(form, 'officer', m.savings_members_no_recorder(), { status: 409 });
		}
		return message(form, m.savings_members_appointed());
	},

	/** Its answer carries the new code, shown once. */
	linkCode: async ({ request, locals, params, url }) => {
		await allowed(locals, params.id, url, 'manage');
		const form = await superValidate(request, valibot(savingsLinkCodeSchema), { id: 'linkCode' });
		if (!form.valid) return refuse(form);
		const now = systemClock();
		let result;
		try {
			result = await issueLinkCodeOnce(getDb(), locals.actor, params.id, form.data, now);
		} catch (error) {
			if (!(error instanceof FormKeyExpiredError)) throw error;
			setError(form, 'formKey', m.form_key_expired());
			return refuse(form);
		}
		if (!result.ok) {
			setError(form, 'memberId', m.savings_members_code_not_linkable());
			return refuse(form, 409);
		}
		const table = await readMembersTable(getDb(), locals.actor, params.id);
		const row = table.members.find((member) => member.id === form.data.memberId);
		// The page keeps this form: a fresh key, so the next code is not taken for a resend.
		form.data.formKey = newFormKey(now);
		return {
			form,
			linkCode: {
				code: result.code,
				name: nameOf(row?.name ?? null),
				expires: m.savings_members_code_expires({ date: formatDateTime(result.expiresAt) })
			}
		};
	},

	leave: async ({ request, locals, params, url }) => {
		await allowed(locals, params.id, url, 'record');
		const form = await superValidate(request, valibot(savingsLeavingSchema), { id: 'leave' });
		if (!form.valid) return refuse(form);
		const now = systemClock();
		let result;
		try {
			result = await memberLeaves(getDb(), locals.actor, params.id, form.data, now);
		} catch (error) {
			if (!(error instanceof FormKeyExpiredError)) throw error;
			setError(form, 'formKey', m.form_key_expired());
			return refuse(form);
		}
		if (!result.ok) {
			setError(form, '', leavingProblem(result.problem));
			return refuse(form, 409);
		}
		const table = await readMembersTable(getDb(), locals.actor, params.id);
		const row = table.members.find((member) => member.id === form.data.memberId);
		const amount = money(result.paidOut, table.currency) ?? formatNumber(result.paidOut);
		return message(form, m.savings_members_left({ name: nameOf(row?.name ?? null), amount }));
	}
};
