import { CURRENCIES, MAX_AMOUNT, type Currency } from '$lib/money';
import type { LatePenalty, SavingsRulesTable } from '../db/schema';
import type { ChargeMethod } from './service-charge';

/*
 * A cycle's constitution: what the group fixed when the cycle began, and each change after, as a
 * new version (savings_rules). Amounts are minor units of the cycle's currency.
 */
export interface SavingsRules {
	currency: Currency;
	sharePrice: bigint;
	minShares: number;
	maxShares: number;
	socialFundPerMeeting: bigint;
	/** Percent a month in hundredths: 500 is 5%. */
	rateBp: number;
	chargeMethod: ChargeMethod;
	loanMultiple: number;
	maxTermMonths: number;
	fineLate: bigint;
	fineAbsent: bigint;
	/** What an "other" fine usually is; the secretary may type another amount. */
	fineOther: bigint;
	/** The smallest amount handed out in cash at share-out. */
	cashUnit: bigint;
	socialFundAtShareOut: 'keep' | 'split';
	latePenalty: LatePenalty;
	latePenaltyBp: number;
	latePenaltyAmount: bigint;
	/** How many other members must guarantee each loan. */
	guarantors: number;
	leaverTakes: 'savings' | 'savings_and_profit';
}

/** The method's defaults (VSL Associates' field guide), for the amounts the group must choose. */
export function defaultRules(currency: Currency, sharePrice: bigint): SavingsRules {
	return {
		currency,
		sharePrice,
		minShares: 1,
		maxShares: 5,
		socialFundPerMeeting: 0n,
		rateBp: 500,
		chargeMethod: 'flat',
		loanMultiple: 3,
		maxTermMonths: 3,
		fineLate: 0n,
		fineAbsent: 0n,
		fineOther: 0n,
		cashUnit: CURRENCIES[currency].cashUnit,
		socialFundAtShareOut: 'keep',
		latePenalty: 'none',
		latePenaltyBp: 0,
		latePenaltyAmount: 0n,
		guarantors: 0,
		leaverTakes: 'savings'
	};
}

/** A service charge above this is allowed, with a warning: it is more than most groups charge. */
export const HIGH_RATE_BP = 1_000;

export type RulesField = keyof SavingsRules;
export type RulesProblem = 'out_of_range' | 'below_minimum';

const between = (value: number, low: number, high: number) =>
	Number.isInteger(value) && value >= low && value <= high;
const amountIn = (value: bigint, low: bigint) => value >= low && value <= MAX_AMOUNT;

/**
 * What is wrong with a set of rules, field by field (empty when none is). The database checks the
 * same ranges; this says which field, so the form can put the message beside it.
 */
export function rulesProblems(rules: SavingsRules): Partial<Record<RulesField, RulesProblem>> {
	const problems: Partial<Record<RulesField, RulesProblem>> = {};
	const check = (field: RulesField, ok: boolean, problem: RulesProblem = 'out_of_range') => {
		if (!ok && !problems[field]) problems[field] = problem;
	};
	check('sharePrice', amountIn(rules.sharePrice, 1n));
	check('minShares', between(rules.minShares, 0, 100));
	check('maxShares', between(rules.maxShares, Math.max(rules.minShares, 1), 100), 'below_minimum');
	check('socialFundPerMeeting', amountIn(rules.socialFundPerMeeting, 0n));
	check('rateBp', between(rules.rateBp, 100, 2_000));
	check('loanMultiple', between(rules.loanMultiple, 1, 10));
	check('maxTermMonths', between(rules.maxTermMonths, 1, 24));
	check('fineLate', amountIn(rules.fineLate, 0n));
	check('fineAbsent', amountIn(rules.fineAbsent, 0n));
	check('fineOther', amountIn(rules.fineOther, 0n));
	check('cashUnit', amountIn(rules.cashUnit, 1n));
	check('latePenaltyBp', rules.latePenalty !== 'percent' || between(rules.latePenaltyBp, 1, 2_000));
	check(
		'latePenaltyAmount',
		rules.latePenalty !== 'fixed' || amountIn(rules.latePenaltyAmount, 1n)
	);
	check('guarantors', between(rules.guarantors, 0, 3));
	return problems;
}

type RulesColumns = Omit<
	SavingsRulesTable,
	'id' | 'cycle_id' | 'version' | 'reason' | 'changed_by' | 'created_at'
>;

export function rulesColumns(rules: SavingsRules): RulesColumns {
	return {
		currency: rules.currency,
		share_price: rules.sharePrice,
		min_shares: rules.minShares,
		max_shares: rules.maxShares,
		social_fund_per_meeting: rules.socialFundPerMeeting,
		rate_bp: rules.rateBp,
		charge_method: rules.chargeMethod,
		loan_multiple: rules.loanMultiple,
		max_term_months: rules.maxTermMonths,
		fine_late: rules.fineLate,
		fine_absent: rules.fineAbsent,
		fine_other: rules.fineOther,
		cash_unit: rules.cashUnit,
		social_fund_at_share_out: rules.socialFundAtShareOut,
		late_penalty: rules.latePenalty,
		late_penalty_bp: rules.latePenalty === 'percent' ? rules.latePenaltyBp : 0,
		late_penalty_amount: rules.latePenalty === 'fixed' ? rules.latePenaltyAmount : 0n,
		guarantors: rules.guarantors,
		leaver_takes: rules.leaverTakes
	};
}

export function rulesFromRow(row: RulesColumns): SavingsRules {
	return {
		currency: row.currency,
		sharePrice: row.share_price,
		minShares: row.min_shares,
		maxShares: row.max_shares,
		socialFundPerMeeting: row.social_fund_per_meeting,
		rateBp: row.rate_bp,
		chargeMethod: row.charge_method,
		loanMultiple: row.loan_multiple,
		maxTermMonths: row.max_term_months,
		fineLate: row.fine_late,
		fineAbsent: row.fine_absent,
		fineOther: row.fine_other,
		cashUnit: row.cash_unit,
		socialFundAtShareOut: row.social_fund_at_share_out,
		latePenalty: row.late_penalty,
		latePenaltyBp: row.late_penalty_bp,
		latePenaltyAmount: row.late_penalty_amount,
		guarantors: row.guarantors,
		leaverTakes: row.leaver_takes
	};
}
