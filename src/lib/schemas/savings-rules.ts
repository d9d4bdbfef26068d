import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { CURRENCIES } from '$lib/money';
import { formKey } from './form-key';

// The form that changes a savings group's constitution, checked on the server. Every number is
// typed as text and read by the page's action (digits of any of the six languages), so that what
// was typed comes back exactly as typed when something in it is refused.

const required = () => m.field_required();
const typed = v.optional(v.pipe(v.string(), v.trim(), v.maxLength(40, required)), '');

export const CHARGE_METHODS = ['flat', 'declining'] as const;
export const SOCIAL_FUND_AT_SHARE_OUT = ['keep', 'split'] as const;
export const LATE_PENALTIES = ['none', 'percent', 'fixed'] as const;
export const LEAVER_TAKES = ['savings', 'savings_and_profit'] as const;
const CURRENCY_CODES = Object.keys(CURRENCIES) as (keyof typeof CURRENCIES)[];

const pick = <T extends readonly [string, ...string[]]>(options: T) =>
	v.picklist(options, () => m.savings_rules_choose());

export const savingsRulesSchema = v.object({
	formKey,
	currency: pick(CURRENCY_CODES as unknown as readonly [string, ...string[]]),
	sharePrice: typed,
	minShares: typed,
	maxShares: typed,
	socialFundPerMeeting: typed,
	rate: typed,
	chargeMethod: pick(CHARGE_METHODS),
	loanMultiple: typed,
	maxTermMonths: typed,
	fineLate: typed,
	fineAbsent: typed,
	fineOther: typed,
	cashUnit: typed,
	socialFundAtShareOut: pick(SOCIAL_FUND_AT_SHARE_OUT),
	latePenalty: pick(LATE_PENALTIES),
	latePenaltyRate: typed,
	latePenaltyAmount: typed,
	guarantors: typed,
	leaverTakes: pick(LEAVER_TAKES),
	/** Ticked to keep a service charge above 10% a month, after the warning. */
	highRateAgreed: v.optional(v.boolean(), false),
	reason: v.optional(
		v.pipe(
			v.string(),
			v.trim(),
			v.maxLength(500, () => m.savings_rules_reason_too_long())
		),
		''
	)
});

/** The zero of each script whose digits people type (Latin, Thai, Lao, Khmer, Burmese). */
const DIGIT_ZEROS = [0x30, 0x0e50, 0x0ed0, 0x17e0, 0x1040];

/** Latin digits for the digits of any one script, or null when `text` holds anything else. */
function latinDigits(text: string): string | null {
	let latin = '';
	const scripts = new Set<number>();
	for (const char of text) {
		const code = char.codePointAt(0)!;
		const zero = DIGIT_ZEROS.find((start) => code >= start && code <= start + 9);
		if (zero === undefined) return null;
		scripts.add(zero);
		latin += String(code - zero);
	}
	return latin !== '' && scripts.size === 1 ? latin : null;
}

/** A whole number typed in any of the six languages' digits ("12", "๑๒"), or null. */
export function readWholeNumber(text: string): number | null {
	const latin = latinDigits(text.normalize('NFC').trim());
	if (latin === null || latin.length > 6) return null;
	return Number(latin);
}

/**
 * A percentage typed as "5", "2.5" or "2,5" (either mark: a percent has no thousands), in any
 * script's digits, as hundredths of a percent (basis points): 250 for 2.5%. Null for anything
 * else, or for more than two decimals.
 */
export function readPercent(text: string): number | null {
	const trimmed = text.normalize('NFC').trim().replace(/\s*%$/, '');
	const [whole, fraction = '', ...more] = trimmed.split(/[.,]/);
	if (more.length > 0 || fraction.length > 2) return null;
	const wholeDigits = latinDigits(whole);
	const fractionDigits = fraction === '' ? '' : latinDigits(fraction);
	if (wholeDigits === null || fractionDigits === null || wholeDigits.length > 4) return null;
	return Number(wholeDigits) * 100 + Number(fractionDigits.padEnd(2, '0'));
}
