import type { Currency } from '$lib/money';
import type { Locale } from '$lib/paraglide/runtime';
import {
	FUNDS,
	MAX_SLOTS,
	PLACES,
	formReader,
	parseWholeNumber,
	type FieldIssue,
	type FormFields
} from './meeting-sheet-form';
import type { OpeningBalances } from './opening';

/*
 * The opening balances form as a plain form posts it, read into OpeningBalances. Pure, like the
 * meeting sheet's reader: fields `rows.<memberId>.shares`, `loans.<slot>.owed` (and memberId,
 * issuedOn, termMonths), `cash.<fund>.<place>.amount`, `heldOn`, `note`; what was typed is kept.
 */

export interface OpeningFormOptions {
	currency: Currency;
	locale: Locale;
	memberIds: readonly string[];
}

export interface ParsedOpeningForm {
	values: Record<string, string>;
	/** How many loan lines the form shows. */
	loanSlots: number;
	errors: Record<string, FieldIssue>;
	/** Without its form key, which the route adds. */
	opening: Omit<OpeningBalances, 'formKey'> | null;
	/** From a path on the opening ('shares.2', 'loans.0', 'cash.3') to its fields' prefix. */
	origins: Record<string, string>;
}

export const MIN_OPENING_LOANS = 2;
/** The longest term a loan brought in from paper may have (opening.ts). */
export const MAX_OPENING_TERM = 24;

export const openingCashField = (fund: string, place: string) => `cash.${fund}.${place}.amount`;

export function parseOpeningForm(
	fields: FormFields,
	options: OpeningFormOptions
): ParsedOpeningForm {
	const read = formReader(fields, options.currency, options.locale);
	const members = new Set(options.memberIds);
	const origins: Record<string, string> = {};

	const said = parseWholeNumber(fields['slots.loans'] ?? '');
	let loanSlots = said.ok ? said.value : 0;
	for (const name of Object.keys(fields)) {
		const match = /^loans\.(\d+)\./.exec(name);
		if (match && (fields[name] ?? '').trim() !== '')
			loanSlots = Math.max(loanSlots, Number(match[1]) + 1);
	}
	loanSlots = Math.min(Math.max(loanSlots, MIN_OPENING_LOANS), MAX_SLOTS);

	const heldOn = read.date('heldOn');
	const note = read.words('note');

	const shares = options.memberIds.map((memberId, index) => {
		origins[`shares.${index}`] = `rows.${memberId}`;
		return {
			memberId,
			shares: read.whole(`rows.${memberId}.shares`, 100_000, 'too_large', 0) ?? 0
		};
	});

	const loans: OpeningBalances['loans'] = [];
	for (let slot = 0; slot < loanSlots; slot++) {
		const at = (name: string) => `loans.${slot}.${name}`;
		const names = ['memberId', 'owed', 'issuedOn', 'termMonths'].map(at);
		if ([at('memberId'), at('owed')].every((name) => (fields[name] ?? '').trim() === '')) {
			names.forEach((name) => read.text(name));
			continue;
		}
		origins[`loans.${loans.length}`] = `loans.${slot}`;
		const memberId = read.text(at('memberId')).trim();
		if (!members.has(memberId)) read.refuse(at('memberId'), 'choose_member');
		loans.push({
			memberId,
			owed: read.money(at('owed')) ?? 0n,
			issuedOn: read.date(at('issuedOn')) ?? '',
			termMonths: read.whole(at('termMonths'), MAX_OPENING_TERM, 'out_of_range') ?? 0
		});
	}

	const cash: OpeningBalances['cash'] = [];
	for (const fund of FUNDS) {
		for (const place of PLACES) {
			const name = openingCashField(fund, place);
			origins[`cash.${cash.length}`] = `cash.${fund}.${place}`;
			cash.push({ fund, place, amount: read.money(name, 0n) ?? 0n });
		}
	}

	const ok = Object.keys(read.errors).length === 0 && heldOn !== null;
	return {
		values: read.values,
		loanSlots,
		errors: read.errors,
		origins,
		opening: ok ? { heldOn, note, shares, loans, cash } : null
	};
}
