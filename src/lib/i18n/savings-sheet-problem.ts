import type { Currency, MoneyProblem } from '$lib/money';
import { m } from '$lib/paraglide/messages';
import { moneyProblemMessage } from './money-problem';

/** What a sentence about a sheet's problem may need: the rules' figures, a limit, formatted. */
export interface ProblemContext {
	/** Which form: the meeting sheet, or the opening balances. */
	form: 'meeting' | 'opening';
	currency: Currency;
	minShares?: number | string;
	maxShares?: number | string;
	maxTermMonths?: number | string;
	guarantors?: number | string;
	/** The most this member may borrow today, formatted. */
	limit?: string;
}

const MONEY_PROBLEMS: readonly string[] = [
	'empty',
	'not_a_number',
	'mixed_scripts',
	'wrong_currency',
	'ambiguous',
	'bad_separators',
	'too_many_decimals',
	'too_large'
];

/**
 * Why a field of the meeting sheet or the opening balances was refused, in the reader's language,
 * to show beside it. `field` is the field's name: a zero loan is "above zero", a share count or a
 * fine "not below zero".
 */
export function sheetProblemMessage(
	problem: string,
	field: string,
	context: ProblemContext
): string {
	if (MONEY_PROBLEMS.includes(problem))
		return moneyProblemMessage(problem as MoneyProblem, context.currency);
	switch (problem) {
		case 'negative':
			return /^(loans|grants|other|transfers)\./.test(field)
				? m.savings_meeting_problem_above_zero()
				: m.savings_meeting_problem_below_zero();
		case 'whole_number':
			return m.savings_meeting_problem_whole_number();
		case 'choose_member':
			return m.savings_meeting_problem_choose_member();
		case 'choose_one':
			return m.savings_meeting_problem_choose_one();
		case 'date_invalid':
			return /^loans\./.test(field)
				? m.savings_opening_problem_loan_date()
				: context.form === 'opening'
					? m.savings_opening_problem_date()
					: m.savings_meeting_problem_date();
		case 'too_long':
			return m.savings_meeting_problem_too_long();
		case 'date_too_early':
			return m.savings_meeting_problem_date_too_early();
		case 'date_in_future':
			return m.savings_meeting_problem_date_in_future();
		case 'missing_member':
		case 'unknown_member':
		case 'member_twice':
			return m.savings_meeting_problem_members_changed();
		case 'shares_below_min':
			return m.savings_meeting_problem_shares_below_min({ min: String(context.minShares ?? '') });
		case 'shares_above_max':
			return m.savings_meeting_problem_shares_above_max({
				most: String(context.maxShares ?? '')
			});
		case 'absent_pays':
			return m.savings_meeting_problem_absent_pays();
		case 'repaid_more_than_owed':
			return m.savings_meeting_problem_repaid_more();
		case 'loan_over_limit':
			return m.savings_meeting_problem_loan_over_limit({ limit: context.limit ?? '' });
		case 'term_too_long':
			return m.savings_meeting_problem_term({ most: String(context.maxTermMonths ?? '') });
		case 'guarantors_needed':
			return m.savings_meeting_problem_guarantors_needed({
				needed: String(context.guarantors ?? '')
			});
		case 'guarantor_invalid':
			return m.savings_meeting_problem_guarantor_invalid();
		case 'one_loan_per_meeting':
			return m.savings_meeting_problem_one_loan();
		case 'not_enough_cash':
			return m.savings_meeting_problem_not_enough_cash();
		case 'reason_needed':
			return m.savings_meeting_problem_reason_needed();
		case 'count_missing':
			return m.savings_meeting_problem_count_missing();
		case 'count_twice':
			return m.savings_meeting_problem_count_twice();
		case 'out_of_range':
			return m.savings_opening_problem_out_of_range();
		case 'note_needed':
			return m.savings_opening_problem_note_needed();
		default:
			return m.savings_meeting_problem_choose_one();
	}
}
