import type { Currency, MoneyProblem } from '$lib/money';
import { m } from '$lib/paraglide/messages';

/** Why an amount someone typed was refused, in their language, to show beside the field. */
export function moneyProblemMessage(problem: MoneyProblem, currency: Currency): string {
	switch (problem) {
		case 'empty':
			return m.money_problem_empty();
		case 'not_a_number':
			return m.money_problem_not_a_number();
		case 'mixed_scripts':
			return m.money_problem_mixed_scripts();
		case 'wrong_currency':
			return m.money_problem_wrong_currency({ currency });
		case 'ambiguous':
			return m.money_problem_ambiguous();
		case 'bad_separators':
			return m.money_problem_bad_separators();
		case 'too_many_decimals':
			return m.money_problem_too_many_decimals({ currency });
		case 'negative':
			return m.money_problem_negative();
		case 'too_large':
			return m.money_problem_too_large();
	}
}
