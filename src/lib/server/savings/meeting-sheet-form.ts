import { decimalString, parseMoney, type Currency, type MoneyProblem } from '$lib/money';
import type { Locale } from '$lib/paraglide/runtime';
import type { Attendance, CashPlace, SavingsFund } from '../db/schema';
import { isCalendarDate } from './calendar-date';
import type { MeetingSheet, SheetLoan, SheetProblem } from './meeting-plan';
import type { OpeningIssue } from './opening';

/*
 * The meeting sheet as a plain form posts it (no JavaScript needed), read into a MeetingSheet.
 * Pure. Field names are flat: `rows.<memberId>.shares`, `loans.<slot>.principal`,
 * `counts.<start|end>.<fund>.<place>`. Amounts are read as the member types them, in their
 * language's digits and marks (parseMoney); what was typed is kept, field by field, to show again
 * beside any problem. This only reads: every amount, limit and total is worked out again on the
 * server by planMeeting, never taken from the phone.
 */

/** The form's fields by name, each as typed (the first value of a name). */
export type FormFields = Readonly<Record<string, string>>;

/** Why a field's text was refused before the sheet could be checked against the books. */
export type FieldProblem =
	| MoneyProblem
	/** Shares or months: digits only, no decimals. */
	| 'whole_number'
	/** A member must be chosen from the list. */
	| 'choose_member'
	/** One of the choices offered must be chosen. */
	| 'choose_one'
	| 'date_invalid'
	| 'too_long';

/** A problem beside a field: the form's own, or the service's once the form was read. */
export interface FieldIssue {
	problem: FieldProblem | SheetProblem | OpeningIssue['problem'];
	/** For a loan over the limit: the most this member may borrow today. */
	limit?: bigint;
}

export const ATTENDANCE: readonly Attendance[] = ['present', 'late', 'absent', 'represented'];
export const FUNDS: readonly SavingsFund[] = ['loan', 'social'];
export const PLACES: readonly CashPlace[] = ['box', 'bank'];
export const MOMENTS = ['start', 'end'] as const;

/** The repeatable parts of the sheet, and how many lines of each the form shows. */
export type SlotKind = 'loans' | 'grants' | 'other' | 'transfers';
export type SheetSlots = Record<SlotKind, number>;
export const SLOT_KINDS: readonly SlotKind[] = ['loans', 'grants', 'other', 'transfers'];
export const MIN_SLOTS: Readonly<SheetSlots> = { loans: 2, grants: 1, other: 1, transfers: 1 };
/** More lines than any meeting needs; a form asking for more is shown this many. */
export const MAX_SLOTS = 30;
/** Notes, purposes and reasons: a sentence or two. */
export const MAX_TEXT = 500;

export interface SheetFormOptions {
	currency: Currency;
	/** The member's language: how they write amounts (decimal mark, digits). */
	locale: Locale;
	/** The active members, in book order: the sheet has a row for each. */
	memberIds: readonly string[];
	rules: { maxShares: number; maxTermMonths: number; guarantors: number };
}

export interface ParsedSheetForm {
	/** Every field of the sheet as typed, by name, to show again. */
	values: Record<string, string>;
	slots: SheetSlots;
	/** Problems by field name; empty when the sheet could be read. */
	errors: Record<string, FieldIssue>;
	/** The sheet, when every field could be read. */
	sheet: MeetingSheet | null;
	/**
	 * Where each part of the sheet came from: 'rows.3' -> 'rows.<memberId>', 'loans.0' ->
	 * 'loans.2' (empty lines are skipped), 'counts.1' -> 'counts.end.social.box'.
	 */
	origins: Record<string, string>;
}

export const rowField = (memberId: string, field: RowField) => `rows.${memberId}.${field}`;
export type RowField = 'attendance' | 'shares' | 'socialFund' | 'fineOther' | 'repaid';
export const ROW_FIELDS: readonly RowField[] = [
	'attendance',
	'shares',
	'socialFund',
	'fineOther',
	'repaid'
];
export const countField = (moment: 'start' | 'end', fund: SavingsFund, place: CashPlace) =>
	`counts.${moment}.${fund}.${place}`;

/** Languages that write a decimal comma (as parseMoney reads them): 1.234,50. */
const DECIMAL_COMMA: readonly Locale[] = ['lo', 'vi'];

/**
 * An amount as a member would type it, to fill a field with: no sign, no thousands marks, the
 * language's decimal mark, and no decimals when they are zero ("10", "12.50", "12,50").
 */
export function plainAmount(amount: bigint, currency: Currency, locale: Locale): string {
	const [whole, fraction] = decimalString({ amount, currency }).split('.');
	if (fraction === undefined || /^0+$/.test(fraction)) return whole;
	return `${whole}${DECIMAL_COMMA.includes(locale) ? ',' : '.'}${fraction}`;
}

/** The zero of each script whose digits people type (Latin, Thai, Lao, Khmer, Burmese). */
const DIGIT_ZEROS = [0x30, 0x0e50, 0x0ed0, 0x17e0, 0x1040];
const MINUS_SIGNS = ['-', '\u2212'];

export type WholeNumber =
	| { ok: true; value: number }
	| { ok: false; problem: 'empty' | 'not_a_number' | 'mixed_scripts' | 'negative' | 'too_large' };

/**
 * A count (shares, months) as typed, in the digits of any of the six languages, one script per
 * number: "3", "๓", "໓", "៣", "၃". A minus sign is refused as below zero; anything else as not a
 * whole number.
 */
export function parseWholeNumber(text: string, max = 1_000_000): WholeNumber {
	let rest = text.normalize('NFC').trim();
	if (rest === '') return { ok: false, problem: 'empty' };
	const minus = MINUS_SIGNS.some((sign) => rest.startsWith(sign));
	if (minus) rest = rest.slice(1).trimStart();
	let latin = '';
	const scripts = new Set<number>();
	for (const char of rest) {
		const code = char.codePointAt(0)!;
		const zero = DIGIT_ZEROS.find((start) => code >= start && code <= start + 9);
		if (zero === undefined) return { ok: false, problem: 'not_a_number' };
		scripts.add(zero);
		latin += String(code - zero);
	}
	if (latin === '') return { ok: false, problem: 'not_a_number' };
	if (scripts.size > 1) return { ok: false, problem: 'mixed_scripts' };
	const value = Number(latin);
	if (minus && value !== 0) return { ok: false, problem: 'negative' };
	if (value > max) return { ok: false, problem: 'too_large' };
	return { ok: true, value };
}

/** How many lines of each kind to show: what the form said, at least what was typed in. */
export function readSlots(fields: FormFields): SheetSlots {
	const slots = { ...MIN_SLOTS };
	for (const kind of SLOT_KINDS) {
		const said = parseWholeNumber(fields[`slots.${kind}`] ?? '');
		let count = said.ok ? said.value : 0;
		for (const name of Object.keys(fields)) {
			const match = new RegExp(`^${kind}\\.(\\d+)\\.`).exec(name);
			if (match && (fields[name] ?? '').trim() !== '')
				count = Math.max(count, Number(match[1]) + 1);
		}
		slots[kind] = Math.min(Math.max(count, MIN_SLOTS[kind]), MAX_SLOTS);
	}
	return slots;
}

/**
 * A reader over the form: each `take` records the field's text in `values` and any problem in
 * `errors`, so the page can show both again.
 */
export function formReader(fields: FormFields, currency: Currency, locale: Locale) {
	const values: Record<string, string> = {};
	const errors: Record<string, FieldIssue> = {};
	const text = (name: string) => {
		const value = fields[name] ?? '';
		values[name] = value;
		return value;
	};
	const refuse = (name: string, problem: FieldIssue['problem']) => {
		errors[name] ??= { problem };
		return null;
	};
	return {
		values,
		errors,
		text,
		refuse,
		/** Free text, trimmed; too long is refused. */
		words(name: string): string {
			const value = text(name).trim();
			if (value.length > MAX_TEXT) refuse(name, 'too_long');
			return value;
		},
		/** An amount; an empty field is `empty` (zero, when the caller says so). */
		money(name: string, empty: bigint | null = null): bigint | null {
			const value = text(name);
			if (value.trim() === '' && empty !== null) return empty;
			const parsed = parseMoney(value, currency, locale);
			return parsed.ok ? parsed.money.amount : refuse(name, parsed.problem);
		},
		whole(name: string, max: number, tooMany: FieldIssue['problem'], empty: number | null = null) {
			const value = text(name);
			if (value.trim() === '' && empty !== null) return empty;
			const parsed = parseWholeNumber(value);
			if (!parsed.ok)
				return refuse(name, parsed.problem === 'not_a_number' ? 'whole_number' : parsed.problem);
			if (parsed.value > max) return refuse(name, tooMany);
			return parsed.value;
		},
		choice<T extends string>(name: string, choices: readonly T[], fallback?: T): T | null {
			const value = text(name).trim();
			if (value === '' && fallback !== undefined) {
				values[name] = fallback;
				return fallback;
			}
			return (choices as readonly string[]).includes(value)
				? (value as T)
				: refuse(name, 'choose_one');
		},
		date(name: string): string | null {
			const value = text(name).trim();
			return isCalendarDate(value) ? value : refuse(name, 'date_invalid');
		}
	};
}

/** Reads the sheet; `sheet` is null when a field could not be read (see `errors`). */
export function parseMeetingSheetForm(
	fields: FormFields,
	options: SheetFormOptions
): ParsedSheetForm {
	const read = formReader(fields, options.currency, options.locale);
	const { rules } = options;
	const members = new Set(options.memberIds);
	const slots = readSlots(fields);
	const origins: Record<string, string> = {};
	const member = (name: string) => {
		const id = read.text(name).trim();
		return members.has(id) ? id : read.refuse(name, 'choose_member');
	};
	const blank = (...names: string[]) => names.every((name) => (fields[name] ?? '').trim() === '');
	/** An empty line is skipped, and shown again as it was. */
	const keep = (...names: string[]) => names.forEach((name) => read.text(name));

	const heldOn = read.date('heldOn');
	const note = read.words('note');

	const rows: MeetingSheet['rows'] = options.memberIds.map((memberId, index) => {
		origins[`rows.${index}`] = `rows.${memberId}`;
		const field = (name: RowField) => rowField(memberId, name);
		return {
			memberId,
			attendance: read.choice(field('attendance'), ATTENDANCE, 'present') ?? 'present',
			shares: read.whole(field('shares'), rules.maxShares, 'shares_above_max', 0) ?? 0,
			socialFund: read.money(field('socialFund'), 0n) ?? 0n,
			fineOther: read.money(field('fineOther'), 0n) ?? 0n,
			repaid: read.money(field('repaid'), 0n) ?? 0n
		};
	});

	const loans: SheetLoan[] = [];
	for (let slot = 0; slot < slots.loans; slot++) {
		const at = (name: string) => `loans.${slot}.${name}`;
		const guarantorFields = Array.from({ length: rules.guarantors }, (_, n) =>
			at(`guarantor.${n}`)
		);
		if (blank(at('memberId'), at('principal'), at('purpose'))) {
			keep(at('memberId'), at('principal'), at('termMonths'), at('purpose'), ...guarantorFields);
			continue;
		}
		origins[`loans.${loans.length}`] = `loans.${slot}`;
		const guarantorIds = guarantorFields.flatMap((name) => {
			if (read.text(name).trim() === '') return [];
			const id = member(name);
			return id === null ? [] : [id];
		});
		loans.push({
			memberId: member(at('memberId')) ?? '',
			principal: read.money(at('principal')) ?? 0n,
			termMonths: read.whole(at('termMonths'), rules.maxTermMonths, 'term_too_long') ?? 0,
			purpose: read.words(at('purpose')),
			guarantorIds
		});
	}

	const grants: MeetingSheet['grants'] = [];
	for (let slot = 0; slot < slots.grants; slot++) {
		const at = (name: string) => `grants.${slot}.${name}`;
		if (blank(at('memberId'), at('amount'), at('reason'))) {
			keep(at('memberId'), at('amount'), at('reason'));
			continue;
		}
		origins[`grants.${grants.length}`] = `grants.${slot}`;
		grants.push({
			memberId: member(at('memberId')),
			amount: read.money(at('amount')) ?? 0n,
			reason: read.words(at('reason'))
		});
	}

	const other: MeetingSheet['other'] = [];
	for (let slot = 0; slot < slots.other; slot++) {
		const at = (name: string) => `other.${slot}.${name}`;
		if (blank(at('amount'), at('note'))) {
			keep(at('direction'), at('amount'), at('note'));
			continue;
		}
		origins[`other.${other.length}`] = `other.${slot}`;
		other.push({
			direction: read.choice(at('direction'), ['income', 'cost'] as const, 'income') ?? 'income',
			amount: read.money(at('amount')) ?? 0n,
			note: read.words(at('note'))
		});
	}

	const transfers: MeetingSheet['transfers'] = [];
	for (let slot = 0; slot < slots.transfers; slot++) {
		const at = (name: string) => `transfers.${slot}.${name}`;
		if (blank(at('amount'))) {
			keep(at('fund'), at('to'), at('amount'));
			continue;
		}
		origins[`transfers.${transfers.length}`] = `transfers.${slot}`;
		transfers.push({
			fund: read.choice(at('fund'), FUNDS, 'loan') ?? 'loan',
			to: read.choice(at('to'), PLACES, 'bank') ?? 'bank',
			amount: read.money(at('amount')) ?? 0n
		});
	}

	const counts: MeetingSheet['counts'] = [];
	for (const moment of MOMENTS) {
		for (const fund of FUNDS) {
			for (const place of PLACES) {
				const name = countField(moment, fund, place);
				if (blank(name)) {
					keep(name);
					continue;
				}
				const amount = read.money(name);
				origins[`counts.${counts.length}`] = name;
				counts.push({ moment, fund, place, amount: amount ?? 0n });
			}
		}
	}

	const ok = Object.keys(read.errors).length === 0;
	return {
		values: read.values,
		slots,
		errors: read.errors,
		origins,
		sheet:
			ok && heldOn !== null ? { heldOn, rows, loans, grants, other, transfers, counts, note } : null
	};
}

/**
 * The field a problem on the sheet belongs beside: planMeeting says 'rows.3.shares', the form
 * calls it 'rows.<memberId>.shares'. A problem with a whole part ('rows', 'counts') stays as it is.
 */
export function issueField(path: string, origins: Readonly<Record<string, string>>): string {
	const [part, index, ...rest] = path.split('.');
	const origin = index === undefined ? undefined : origins[`${part}.${index}`];
	if (origin === undefined) return path;
	return [origin, ...rest].join('.');
}

/** Problems from planMeeting, by the form's field names. */
export function issuesByField(
	issues: ReadonlyArray<{ path: string; problem: FieldIssue['problem']; limit?: bigint }>,
	origins: Readonly<Record<string, string>>
): Record<string, FieldIssue> {
	const errors: Record<string, FieldIssue> = {};
	for (const issue of issues) {
		const field = issueField(issue.path, origins);
		errors[field] ??=
			issue.limit === undefined
				? { problem: issue.problem }
				: { problem: issue.problem, limit: issue.limit };
	}
	return errors;
}
