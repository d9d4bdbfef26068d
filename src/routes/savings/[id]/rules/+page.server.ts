import { fail, redirect } from '@sveltejs/kit';
import { setError, superValidate, type SuperValidated } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import type * as v from 'valibot';
import { moneyProblemMessage } from '$lib/i18n/money-problem';
import { CURRENCIES, decimalString, parseMoney, type Currency } from '$lib/money';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { readPercent, readWholeNumber, savingsRulesSchema } from '$lib/schemas/savings-rules';
import { notFound, requireSignedIn } from '$lib/server/access/require';
import { systemClock } from '$lib/server/clock';
import { getDb } from '$lib/server/db';
import { newFormKey, renewRefusedFormKey } from '$lib/server/forms/form-key';
import { FormKeyExpiredError } from '$lib/server/forms/repeat-safe';
import { formatDateTime, formatMoney, formatNumber } from '$lib/server/i18n/format';
import { changeSavingsRules } from '$lib/server/savings/constitution';
import { readSavingsGroupHeader } from '$lib/server/savings/group-header';
import { readRulesHistory, type RulesVersion } from '$lib/server/savings/rules-history';
import { chargeOn } from '$lib/server/savings/service-charge';
import {
	HIGH_RATE_BP,
	type RulesField,
	type SavingsRules
} from '$lib/server/savings/savings-rules';
import type { Actions, PageServerLoad } from './$types';

// Plain forms, each sent whole: the page comes from the server, with no framework to fetch on a
// slow phone.
export const csr = false;

type RulesForm = SuperValidated<v.InferOutput<typeof savingsRulesSchema>>;

const CURRENCY_CODES = Object.keys(CURRENCIES) as Currency[];

/** A currency's name in the reader's language: "Thai baht", "riel Cambodge"... */
const currencyName = (currency: Currency) =>
	new Intl.DisplayNames([getLocale()], { type: 'currency' }).of(currency) ?? currency;

/** Hundredths of a percent as the reader writes a percent: 250 is "2.5" (or "2,5"). */
function percentText(bp: number, mark = '.'): string {
	const whole = Math.floor(bp / 100);
	const fraction = String(bp % 100)
		.padStart(2, '0')
		.replace(/0$/, '');
	return bp % 100 === 0 ? String(whole) : `${whole}${mark}${fraction}`;
}

/** Hundredths of a percent, formatted in the reader's locale and digits: "2.5%". */
const percent = (bp: number) =>
	new Intl.NumberFormat(getLocale(), { style: 'percent', maximumFractionDigits: 2 }).format(
		bp / 10_000
	);

/** The decimal mark people type in the reader's language (as parseMoney reads it). */
const typedMark = () => (['lo', 'vi'].includes(getLocale()) ? ',' : '.');

/** An amount as it can be typed back into the form: "50", "50.50" (or "50,50"). */
function typedAmount(amount: bigint, currency: Currency): string {
	const text = decimalString({ amount, currency });
	const plain = text.replace(/\.0+$/, '');
	return plain.replace('.', typedMark());
}

/** The form's fields, as typed, for a set of rules. */
function typedRules(rules: SavingsRules) {
	const { currency } = rules;
	return {
		currency,
		sharePrice: typedAmount(rules.sharePrice, currency),
		minShares: String(rules.minShares),
		maxShares: String(rules.maxShares),
		socialFundPerMeeting: typedAmount(rules.socialFundPerMeeting, currency),
		rate: percentText(rules.rateBp, typedMark()),
		chargeMethod: rules.chargeMethod,
		loanMultiple: String(rules.loanMultiple),
		maxTermMonths: String(rules.maxTermMonths),
		fineLate: typedAmount(rules.fineLate, currency),
		fineAbsent: typedAmount(rules.fineAbsent, currency),
		fineOther: typedAmount(rules.fineOther, currency),
		cashUnit: typedAmount(rules.cashUnit, currency),
		socialFundAtShareOut: rules.socialFundAtShareOut,
		latePenalty: rules.latePenalty,
		latePenaltyRate:
			rules.latePenalty === 'percent' ? percentText(rules.latePenaltyBp, typedMark()) : '',
		latePenaltyAmount:
			rules.latePenalty === 'fixed' ? typedAmount(rules.latePenaltyAmount, currency) : '',
		guarantors: String(rules.guarantors),
		leaverTakes: rules.leaverTakes,
		highRateAgreed: false,
		reason: ''
	};
}

interface RuleLine {
	key: string;
	label: string;
	value: string;
	explain: string;
}

/** Every rule with its value and what it means, in plain words. */
function describeRules(rules: SavingsRules): RuleLine[] {
	const money = (amount: bigint) => formatMoney({ amount, currency: rules.currency });
	const rate = percent(rules.rateBp);
	const example = rules.sharePrice * 10n;
	const months = formatNumber(rules.maxTermMonths);
	const firstCharge = chargeOn(example, rules.rateBp);
	const penalty =
		rules.latePenalty === 'percent'
			? {
					value: m.savings_rules_penalty_percent_value({ rate: percent(rules.latePenaltyBp) }),
					explain: m.savings_rules_penalty_percent_explain({ rate: percent(rules.latePenaltyBp) })
				}
			: rules.latePenalty === 'fixed'
				? {
						value: m.savings_rules_penalty_fixed_value({ amount: money(rules.latePenaltyAmount) }),
						explain: m.savings_rules_penalty_fixed_explain({
							amount: money(rules.latePenaltyAmount)
						})
					}
				: {
						value: m.savings_rules_penalty_none(),
						explain: m.savings_rules_penalty_none_explain()
					};
	return [
		{
			key: 'currency',
			label: m.savings_rules_currency_label(),
			value: `${currencyName(rules.currency)} (${rules.currency})`,
			explain: m.savings_rules_currency_explain()
		},
		{
			key: 'sharePrice',
			label: m.savings_rules_share_price_label(),
			value: money(rules.sharePrice),
			explain: m.savings_rules_share_price_explain()
		},
		{
			key: 'shares',
			label: m.savings_rules_shares_label(),
			value: m.savings_rules_shares_value({
				min: formatNumber(rules.minShares),
				max: formatNumber(rules.maxShares)
			}),
			explain: m.savings_rules_shares_explain({
				min: formatNumber(rules.minShares),
				max: formatNumber(rules.maxShares),
				most: money(rules.sharePrice * BigInt(rules.maxShares))
			})
		},
		{
			key: 'socialFundPerMeeting',
			label: m.savings_rules_social_fund_label(),
			value: money(rules.socialFundPerMeeting),
			explain: m.savings_rules_social_fund_explain()
		},
		{
			key: 'rate',
			label: m.savings_rules_rate_label(),
			value: m.savings_rules_rate_value({ rate }),
			explain:
				rules.rateBp > HIGH_RATE_BP
					? `${m.savings_rules_rate_explain()} ${m.savings_rules_rate_high()}`
					: m.savings_rules_rate_explain()
		},
		{
			key: 'chargeMethod',
			label: m.savings_rules_method_label(),
			value:
				rules.chargeMethod === 'flat'
					? m.savings_rules_method_flat()
					: m.savings_rules_method_declining(),
			explain:
				rules.chargeMethod === 'flat'
					? m.savings_rules_method_flat_explain({
							rate,
							amount: money(example),
							months,
							charge: money(firstCharge * BigInt(rules.maxTermMonths))
						})
					: m.savings_rules_method_declining_explain({
							rate,
							amount: money(example),
							charge: money(firstCharge)
						})
		},
		{
			key: 'loanMultiple',
			label: m.savings_rules_multiple_label(),
			value: m.savings_rules_multiple_value({ multiple: formatNumber(rules.loanMultiple) }),
			explain: m.savings_rules_multiple_explain({
				multiple: formatNumber(rules.loanMultiple),
				savings: money(rules.sharePrice * 10n),
				limit: money(rules.sharePrice * 10n * BigInt(rules.loanMultiple))
			})
		},
		{
			key: 'maxTermMonths',
			label: m.savings_rules_term_label(),
			value: m.savings_rules_term_value({ months }),
			explain: m.savings_rules_term_explain({ months })
		},
		{
			key: 'fines',
			label: m.savings_rules_fines_label(),
			value: m.savings_rules_fines_value({
				late: money(rules.fineLate),
				absent: money(rules.fineAbsent),
				other: money(rules.fineOther)
			}),
			explain: m.savings_rules_fines_explain()
		},
		{
			key: 'latePenalty',
			label: m.savings_rules_penalty_label(),
			value: penalty.value,
			explain: penalty.explain
		},
		{
			key: 'guarantors',
			label: m.savings_rules_guarantors_label(),
			value:
				rules.guarantors === 0
					? m.savings_rules_guarantors_none()
					: m.savings_rules_guarantors_value({ count: formatNumber(rules.guarantors) }),
			explain: m.savings_rules_guarantors_explain()
		},
		{
			key: 'cashUnit',
			label: m.savings_rules_cash_unit_label(),
			value: money(rules.cashUnit),
			explain: m.savings_rules_cash_unit_explain({ unit: money(rules.cashUnit) })
		},
		{
			key: 'socialFundAtShareOut',
			label: m.savings_rules_social_share_out_label(),
			value:
				rules.socialFundAtShareOut === 'keep'
					? m.savings_rules_social_keep()
					: m.savings_rules_social_split(),
			explain: m.savings_rules_social_share_out_explain()
		},
		{
			key: 'leaverTakes',
			label: m.savings_rules_leaver_label(),
			value:
				rules.leaverTakes === 'savings'
					? m.savings_rules_leaver_savings()
					: m.savings_rules_leaver_profit(),
			explain: m.savings_rules_leaver_explain()
		}
	];
}

/** One version in the history: when, who, why, and what it changed from the one before. */
function historyEntry(version: RulesVersion, before: RulesVersion | undefined) {
	const now = describeRules(version.rules);
	const then = before ? describeRules(before.rules) : [];
	return {
		version: version.version,
		heading: m.savings_rules_version({
			version: formatNumber(version.version),
			date: formatDateTime(version.at)
		}),
		by: version.byMember
			? m.savings_rules_changed_by({
					name: version.changedBy ?? m.savings_members_former_member()
				})
			: m.savings_rules_first_version(),
		reason: version.reason,
		changes: before
			? now
					.filter((line) => then.find((old) => old.key === line.key)?.value !== line.value)
					.map((line) =>
						m.savings_rules_change({
							rule: line.label,
							before: then.find((old) => old.key === line.key)?.value ?? '',
							after: line.value
						})
					)
			: []
	};
}

export const load: PageServerLoad = async ({ locals, params, url, parent }) => {
	requireSignedIn(locals.actor, url);
	const history = await readRulesHistory(getDb(), locals.actor, params.id);
	const { savings } = await parent();
	const current = history.versions[0];
	const saved = Number(url.searchParams.get('saved'));
	const editable = Boolean(current && savings.may.record && history.cycle?.state === 'open');
	return {
		labels: pageLabels(),
		cycle: history.cycle
			? m.savings_rules_cycle({ number: formatNumber(history.cycle.number) })
			: null,
		rules: current ? describeRules(current.rules) : [],
		history: history.versions.map((version, index) =>
			historyEntry(version, history.versions[index + 1])
		),
		saved:
			Number.isInteger(saved) && saved > 1
				? m.savings_rules_saved({ version: formatNumber(saved) })
				: null,
		currencies: CURRENCY_CODES.map((code) => ({
			value: code,
			label: `${currencyName(code)} (${code})`
		})),
		currentRateHigh: Boolean(current && current.rules.rateBp > HIGH_RATE_BP),
		form: editable
			? await superValidate(
					{ ...typedRules(current!.rules), formKey: newFormKey(systemClock()) },
					valibot(savingsRulesSchema),
					{ id: 'rules', errors: false }
				)
			: null
	};
};

function pageLabels() {
	return {
		title: m.savings_rules_title(),
		intro: m.savings_rules_intro(),
		noCycle: m.savings_rules_no_cycle(),
		historyHeading: m.savings_rules_history_heading(),
		historyIntro: m.savings_rules_history_intro(),
		reasonHeading: m.savings_rules_reason_heading(),
		changeHeading: m.savings_rules_change_heading(),
		changeIntro: m.savings_rules_change_intro(),
		currency: m.savings_rules_currency_label(),
		currencyHint: m.savings_rules_currency_hint(),
		sharePrice: m.savings_rules_share_price_label(),
		minShares: m.savings_rules_min_shares_label(),
		maxShares: m.savings_rules_max_shares_label(),
		socialFund: m.savings_rules_social_fund_label(),
		rate: m.savings_rules_rate_field_label(),
		rateHint: m.savings_rules_rate_hint(),
		highRateAgreed: m.savings_rules_rate_agreed(),
		method: m.savings_rules_method_label(),
		methodFlat: m.savings_rules_method_flat(),
		methodFlatHint: m.savings_rules_method_flat_hint(),
		methodDeclining: m.savings_rules_method_declining(),
		methodDecliningHint: m.savings_rules_method_declining_hint(),
		loanMultiple: m.savings_rules_multiple_label(),
		maxTermMonths: m.savings_rules_term_field_label(),
		fineLate: m.savings_rules_fine_late_label(),
		fineAbsent: m.savings_rules_fine_absent_label(),
		fineOther: m.savings_rules_fine_other_label(),
		cashUnit: m.savings_rules_cash_unit_label(),
		socialShareOut: m.savings_rules_social_share_out_label(),
		socialKeep: m.savings_rules_social_keep(),
		socialSplit: m.savings_rules_social_split(),
		penalty: m.savings_rules_penalty_label(),
		penaltyNone: m.savings_rules_penalty_none(),
		penaltyPercent: m.savings_rules_penalty_percent_choice(),
		penaltyFixed: m.savings_rules_penalty_fixed_choice(),
		penaltyRate: m.savings_rules_penalty_rate_label(),
		penaltyAmount: m.savings_rules_penalty_amount_label(),
		guarantors: m.savings_rules_guarantors_field_label(),
		leaver: m.savings_rules_leaver_label(),
		leaverSavings: m.savings_rules_leaver_savings(),
		leaverProfit: m.savings_rules_leaver_profit(),
		reason: m.savings_rules_reason_label(),
		reasonHint: m.savings_rules_reason_hint(),
		submit: m.savings_rules_submit(),
		told: m.savings_rules_told()
	};
}

type FormField = Exclude<keyof RulesForm['data'], 'formKey'>;

/** The form's field that a rule the service refused is typed into. */
const FIELD_OF: Record<RulesField, FormField> = {
	currency: 'currency',
	sharePrice: 'sharePrice',
	minShares: 'minShares',
	maxShares: 'maxShares',
	socialFundPerMeeting: 'socialFundPerMeeting',
	rateBp: 'rate',
	chargeMethod: 'chargeMethod',
	loanMultiple: 'loanMultiple',
	maxTermMonths: 'maxTermMonths',
	fineLate: 'fineLate',
	fineAbsent: 'fineAbsent',
	fineOther: 'fineOther',
	cashUnit: 'cashUnit',
	socialFundAtShareOut: 'socialFundAtShareOut',
	latePenalty: 'latePenalty',
	latePenaltyBp: 'latePenaltyRate',
	latePenaltyAmount: 'latePenaltyAmount',
	guarantors: 'guarantors',
	leaverTakes: 'leaverTakes'
};

/** What to say beside a field whose value is out of the range the method allows. */
function rangeMessage(field: FormField): string {
	const whole = (min: number, max: number) =>
		m.savings_rules_whole_range({ min: formatNumber(min), max: formatNumber(max) });
	switch (field) {
		case 'minShares':
			return whole(0, 100);
		case 'maxShares':
			return m.savings_rules_max_shares_range({ max: formatNumber(100) });
		case 'rate':
			return m.savings_rules_rate_range({ min: formatNumber(1), max: formatNumber(20) });
		case 'latePenaltyRate':
			return m.savings_rules_rate_range({ min: '0.01', max: formatNumber(20) });
		case 'loanMultiple':
			return whole(1, 10);
		case 'maxTermMonths':
			return whole(1, 24);
		case 'guarantors':
			return whole(0, 3);
		case 'sharePrice':
		case 'cashUnit':
		case 'latePenaltyAmount':
			return m.savings_rules_amount_above_zero();
		default:
			return m.savings_rules_choose();
	}
}

/**
 * The rules as typed, or the form with a message beside every field that could not be read.
 * Nothing is checked against the method's ranges here: the service does that, field by field.
 */
function readRules(form: RulesForm): SavingsRules | null {
	const data = form.data;
	const currency = data.currency as Currency;
	const locale = getLocale();
	let ok = true;
	const refuse = (field: FormField, text: string) => {
		setError(form, field, text);
		ok = false;
	};
	const amount = (field: FormField, text: string, ignore = false): bigint => {
		if (ignore) return 0n;
		const parsed = parseMoney(text, currency, locale);
		if (parsed.ok) return parsed.money.amount;
		refuse(field, moneyProblemMessage(parsed.problem, currency));
		return 0n;
	};
	const whole = (field: FormField, text: string): number => {
		const value = readWholeNumber(text);
		if (value !== null) return value;
		refuse(field, rangeMessage(field));
		return 0;
	};
	const rate = (field: FormField, text: string, ignore = false): number => {
		if (ignore) return 0;
		const value = readPercent(text);
		if (value !== null) return value;
		refuse(field, rangeMessage(field));
		return 0;
	};
	const rules: SavingsRules = {
		currency,
		sharePrice: amount('sharePrice', data.sharePrice),
		minShares: whole('minShares', data.minShares),
		maxShares: whole('maxShares', data.maxShares),
		socialFundPerMeeting: amount('socialFundPerMeeting', data.socialFundPerMeeting),
		rateBp: rate('rate', data.rate),
		chargeMethod: data.chargeMethod as SavingsRules['chargeMethod'],
		loanMultiple: whole('loanMultiple', data.loanMultiple),
		maxTermMonths: whole('maxTermMonths', data.maxTermMonths),
		fineLate: amount('fineLate', data.fineLate),
		fineAbsent: amount('fineAbsent', data.fineAbsent),
		fineOther: amount('fineOther', data.fineOther),
		cashUnit: amount('cashUnit', data.cashUnit),
		socialFundAtShareOut: data.socialFundAtShareOut as SavingsRules['socialFundAtShareOut'],
		latePenalty: data.latePenalty as SavingsRules['latePenalty'],
		latePenaltyBp: rate('latePenaltyRate', data.latePenaltyRate, data.latePenalty !== 'percent'),
		latePenaltyAmount: amount(
			'latePenaltyAmount',
			data.latePenaltyAmount,
			data.latePenalty !== 'fixed'
		),
		guarantors: whole('guarantors', data.guarantors),
		leaverTakes: data.leaverTakes as SavingsRules['leaverTakes']
	};
	if (data.reason === '') refuse('reason', m.savings_rules_reason_needed());
	return ok ? rules : null;
}

export const actions: Actions = {
	default: async ({ request, locals, params, url }) => {
		requireSignedIn(locals.actor, url);
		// Someone who may not change the rules here is told nothing, whatever they sent.
		const header = await readSavingsGroupHeader(getDb(), locals.actor, params.id);
		if (!header.may.record) notFound();
		const form = await superValidate(request, valibot(savingsRulesSchema), { id: 'rules' });
		const refuse = (status = 400, extra: Record<string, unknown> = {}) => {
			renewRefusedFormKey(form, systemClock());
			return fail(status, { form, ...extra });
		};
		if (!form.valid) return refuse();
		const rules = readRules(form);
		if (!rules) return refuse();

		// Above 10% a month is allowed, once the group has been warned and says it agreed.
		const history = await readRulesHistory(getDb(), locals.actor, params.id);
		const currentRate = history.versions[0]?.rules.rateBp;
		if (rules.rateBp > HIGH_RATE_BP && rules.rateBp !== currentRate && !form.data.highRateAgreed) {
			setError(form, 'rate', m.savings_rules_rate_high_warning({ rate: percent(rules.rateBp) }));
			return refuse(400, { askHighRate: true });
		}

		const now = systemClock();
		let result;
		try {
			result = await changeSavingsRules(
				getDb(),
				locals.actor,
				params.id,
				{ rules, reason: form.data.reason, formKey: form.data.formKey },
				now
			);
		} catch (error) {
			if (!(error instanceof FormKeyExpiredError)) throw error;
			setError(form, 'formKey', m.form_key_expired());
			return refuse();
		}
		if (!result.ok) {
			switch (result.problem) {
				case 'rules':
					for (const [field, problem] of Object.entries(result.fields)) {
						const formField = FIELD_OF[field as RulesField];
						setError(
							form,
							formField,
							problem === 'below_minimum' && formField === 'maxShares'
								? m.savings_rules_max_below_min()
								: rangeMessage(formField)
						);
					}
					return refuse();
				case 'reason_needed':
					setError(form, 'reason', m.savings_rules_reason_needed());
					return refuse();
				case 'currency_fixed':
					setError(form, 'currency', m.savings_rules_currency_fixed());
					return refuse(409);
				case 'unchanged':
					setError(form, '', m.savings_rules_unchanged());
					return refuse();
				case 'no_open_cycle':
					setError(form, '', m.savings_rules_no_open_cycle());
					return refuse(409);
			}
		}
		// A resend (the same form key) lands here too, with the same version.
		redirect(303, `/savings/${params.id}/rules?saved=${result.version}#history`);
	}
};
