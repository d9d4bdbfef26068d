import { fail, redirect } from '@sveltejs/kit';
import { setError, superValidate, type Infer, type SuperValidated } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { pseudonymProblem } from '$lib/accounts/pseudonym-rules';
import { pseudonymMessage } from '$lib/accounts/rule-messages';
import { moneyProblemMessage } from '$lib/i18n/money-problem';
import { parseMoney, type Currency } from '$lib/money';
import { m } from '$lib/paraglide/messages';
import { getLocale, type Locale } from '$lib/paraglide/runtime';
import {
	FIRST_OFFICERS,
	newSavingsGroupSchema,
	SAVINGS_CURRENCIES,
	type NewSavingsGroupForm
} from '$lib/schemas/savings-setup';
import type { Actor } from '$lib/server/access/actor';
import { requireAccess, requireSignedIn } from '$lib/server/access/require';
import { systemClock } from '$lib/server/clock';
import { config } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { newFormKey, renewRefusedFormKey } from '$lib/server/forms/form-key';
import { FormKeyExpiredError } from '$lib/server/forms/repeat-safe';
import { formatMoney, formatNumber } from '$lib/server/i18n/format';
import { addMonths, isCalendarDate } from '$lib/server/savings/calendar-date';
import { readCircleForSavings } from '$lib/server/savings/circle-start';
import { defaultRules } from '$lib/server/savings/savings-rules';
import {
	createSavingsGroup,
	MAX_MEMBERS,
	MIN_MEMBERS,
	type MemberProblem,
	type NewSavingsMember
} from '$lib/server/savings/setup';
import { todayIn } from '$lib/server/savings/today';
import type { Actions, PageServerLoad } from './$types';

// Plain forms, each sent whole: the page comes from the server, with no framework to fetch on a
// slow phone.
export const csr = false;

type Form = SuperValidated<Infer<typeof newSavingsGroupSchema>>;
type Field = keyof NewSavingsGroupForm;

/** The currency people in each language most likely keep their savings in. */
const LOCAL_CURRENCY: Record<Locale, Currency> = {
	en: 'THB',
	th: 'THB',
	km: 'KHR',
	lo: 'LAK',
	my: 'MMK',
	vi: 'VND'
};

/** A group started from a circle (`?circle=`), which its facilitator may start; else staff only. */
async function circleOf(actor: Actor, url: URL) {
	const circleId = url.searchParams.get('circle');
	if (circleId !== null) return readCircleForSavings(getDb(), actor, circleId);
	requireAccess(actor, 'savings:create');
	return null;
}

export const load: PageServerLoad = async ({ locals, url }) => {
	requireSignedIn(locals.actor, url);
	const circle = await circleOf(locals.actor, url);
	const now = systemClock();
	const blank = Object.fromEntries(
		FIRST_OFFICERS.flatMap((role) => [
			[`${role}Name`, ''],
			[`${role}Nickname`, ''],
			[`${role}Member`, '']
		])
	);
	const form = await superValidate(
		{
			...blank,
			formKey: newFormKey(now),
			name: '',
			meets: 'weekly',
			openBooks: true,
			practice: false,
			startsOn: todayIn(config().TIME_ZONE, now),
			currency: LOCAL_CURRENCY[getLocale()],
			sharePrice: '',
			members: ''
		} as NewSavingsGroupForm,
		valibot(newSavingsGroupSchema),
		{ errors: false }
	);
	return { form, circle, words: words(circle), ...choices() };
};

/** The page's words in the member's language, made here so that no catalogue ships to the phone. */
function words(circle: { name: string } | null) {
	return {
		chair: m.savings_new_chair(),
		chair_member: m.savings_new_chair_member(),
		chair_name: m.savings_new_chair_name(),
		chair_nickname: m.savings_new_chair_nickname(),
		currency_label: m.savings_new_currency_label(),
		cycle_heading: m.savings_new_cycle_heading(),
		group_heading: m.savings_new_group_heading(),
		meets_fortnightly: m.savings_new_meets_fortnightly(),
		meets_legend: m.savings_new_meets_legend(),
		meets_monthly: m.savings_new_meets_monthly(),
		meets_weekly: m.savings_new_meets_weekly(),
		members_heading: m.savings_new_members_heading(),
		members_hint: m.savings_new_members_hint(),
		members_hint_circle: m.savings_new_members_hint_circle(),
		members_label: m.savings_new_members_label(),
		name_hint: m.savings_new_name_hint(),
		name_label: m.savings_new_name_label(),
		nickname_hint: m.savings_new_nickname_hint(),
		nobody_yet: m.savings_new_nobody_yet(),
		officers_heading: m.savings_new_officers_heading(),
		officers_hint: m.savings_new_officers_hint(),
		officers_hint_circle: m.savings_new_officers_hint_circle(),
		open_books_hint: m.savings_new_open_books_hint(),
		open_books_label: m.savings_new_open_books_label(),
		practice_hint: m.savings_new_practice_hint(),
		practice_label: m.savings_new_practice_label(),
		secretary: m.savings_new_secretary(),
		secretary_member: m.savings_new_secretary_member(),
		secretary_name: m.savings_new_secretary_name(),
		secretary_nickname: m.savings_new_secretary_nickname(),
		share_price_label: m.savings_new_share_price_label(),
		starts_hint: m.savings_new_starts_hint(),
		starts_label: m.savings_new_starts_label(),
		submit: m.savings_new_submit(),
		title: m.savings_new_title(),
		treasurer: m.savings_new_treasurer(),
		treasurer_member: m.savings_new_treasurer_member(),
		treasurer_name: m.savings_new_treasurer_name(),
		treasurer_nickname: m.savings_new_treasurer_nickname(),
		intro: circle
			? m.savings_new_for_circle({ circle: circle.name })
			: m.savings_new_intro({ min: formatNumber(MIN_MEMBERS), max: formatNumber(MAX_MEMBERS) }),
		share_price_hint: m.savings_new_share_price_hint({
			example: formatMoney({ amount: 5_000n, currency: 'THB' })
		})
	};
}

/** The currencies by name in the member's language, and the rules every new cycle starts with. */
function choices() {
	const names = new Intl.DisplayNames(getLocale(), { type: 'currency' });
	const rules = defaultRules('THB', 1n);
	return {
		currencies: SAVINGS_CURRENCIES.map((code) => ({
			code,
			label: `${names.of(code) ?? code} (${code})`
		})),
		defaults: m.savings_new_rules_defaults({
			min: formatNumber(rules.minShares),
			max: formatNumber(rules.maxShares),
			rate: formatNumber(rules.rateBp / 100),
			multiple: formatNumber(rules.loanMultiple),
			months: formatNumber(rules.maxTermMonths)
		})
	};
}

/** Where a member of the list came from on the form, to put a refusal beside it. */
type Origin =
	{ role: (typeof FIRST_OFFICERS)[number]; typed: string } | { line: number; typed: string };

export const actions: Actions = {
	default: async ({ request, locals, url }) => {
		requireSignedIn(locals.actor, url);
		const circle = await circleOf(locals.actor, url);
		const now = systemClock();
		const form = await superValidate(request, valibot(newSavingsGroupSchema));
		const refuse = () => {
			renewRefusedFormKey(form, now);
			return fail(400, { form, circle, ...choices() });
		};
		if (!form.valid) return refuse();
		const data = form.data;

		const today = todayIn(config().TIME_ZONE, now);
		if (!isCalendarDate(data.startsOn)) setError(form, 'startsOn', m.savings_new_date_invalid());
		else if (data.startsOn > addMonths(today, 12))
			setError(form, 'startsOn', m.savings_new_date_too_late());

		const price = parseMoney(data.sharePrice, data.currency, getLocale());
		if (!price.ok) setError(form, 'sharePrice', moneyProblemMessage(price.problem, data.currency));
		else if (price.money.amount <= 0n)
			setError(form, 'sharePrice', m.savings_new_share_price_zero());

		const members: NewSavingsMember[] = [];
		const origins: Origin[] = [];
		for (const role of FIRST_OFFICERS) {
			if (circle) {
				const memberId = data[`${role}Member`];
				if (memberId === '') continue;
				members.push({ name: '', officer: role, circleMemberId: memberId });
				origins.push({ role, typed: '' });
				continue;
			}
			const name = data[`${role}Name`];
			const nickname = data[`${role}Nickname`];
			if (name === '') {
				if (nickname !== '') setError(form, `${role}Name`, m.savings_new_officer_name_needed());
				continue;
			}
			members.push({ name, officer: role, pseudonym: nickname === '' ? undefined : nickname });
			origins.push({ role, typed: name });
		}
		const lines = data.members
			.split(/\r?\n/)
			.map((line) => line.trim())
			.filter((line) => line !== '');
		for (const [index, line] of lines.entries()) {
			members.push({ name: line, officer: null });
			origins.push({ line: index + 1, typed: line });
		}
		// Members of a circle join the group themselves; a stand-alone group starts with all of them.
		if (!circle && members.length < MIN_MEMBERS)
			setError(
				form,
				'members',
				m.savings_new_too_few({
					min: formatNumber(MIN_MEMBERS),
					missing: formatNumber(MIN_MEMBERS - members.length)
				})
			);
		if (members.length > MAX_MEMBERS)
			setError(form, 'members', m.savings_new_too_many({ max: formatNumber(MAX_MEMBERS) }));
		if (Object.keys(form.errors).length > 0 || !price.ok) return refuse();

		let result: Awaited<ReturnType<typeof createSavingsGroup>>;
		try {
			result = await createSavingsGroup(
				getDb(),
				locals.actor,
				{
					name: data.name,
					meets: data.meets,
					openBooks: data.openBooks,
					practice: data.practice,
					circleId: circle?.id ?? null,
					startsOn: data.startsOn,
					rules: defaultRules(data.currency, price.money.amount),
					members,
					formKey: data.formKey
				},
				now
			);
		} catch (error) {
			if (!(error instanceof FormKeyExpiredError)) throw error;
			setError(form, 'formKey', m.form_key_expired());
			return refuse();
		}
		if (!result.ok) {
			explainRefusal(form, result, origins, circle !== null);
			return refuse();
		}
		// A resend lands on the same group, as the first send did.
		redirect(303, `/savings/${result.id}`);
	}
};

/** Puts the service's refusal beside the field it is about, in the member's language. */
function explainRefusal(
	form: Form,
	refusal: Exclude<Awaited<ReturnType<typeof createSavingsGroup>>, { ok: true }>,
	origins: Origin[],
	fromCircle: boolean
) {
	switch (refusal.problem) {
		case 'rules':
			// Only the share price is typed here; the other rules are the method's defaults.
			setError(form, 'sharePrice', m.savings_new_share_price_range());
			return;
		case 'too_many_members':
			setError(form, 'members', m.savings_new_too_many({ max: formatNumber(MAX_MEMBERS) }));
			return;
		case 'no_recorder':
			setError(
				form,
				fromCircle ? 'secretaryMember' : 'secretaryNickname',
				fromCircle ? m.savings_new_no_recorder_circle() : m.savings_new_no_recorder()
			);
			return;
		case 'member': {
			const origin = origins[refusal.index];
			const message = memberMessage(refusal.member, origin.typed);
			if ('line' in origin) {
				setError(form, 'members', m.savings_new_line({ line: formatNumber(origin.line), message }));
				return;
			}
			const field: Field = fromCircle
				? `${origin.role}Member`
				: refusal.member === 'account_unknown' || refusal.member === 'account_twice'
					? `${origin.role}Nickname`
					: `${origin.role}Name`;
			setError(form, field, message);
		}
	}
}

function memberMessage(problem: MemberProblem, typed: string): string {
	switch (problem) {
		case 'name_invalid': {
			const why = pseudonymProblem(typed);
			return why ? pseudonymMessage(why) : m.savings_new_name_invalid();
		}
		case 'name_taken':
			return m.savings_new_name_taken();
		case 'account_unknown':
			return m.savings_new_nickname_unknown();
		case 'account_twice':
			return m.savings_new_account_twice();
		case 'not_in_circle':
			return m.savings_new_not_in_circle();
	}
}
