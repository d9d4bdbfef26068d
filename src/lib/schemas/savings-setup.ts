import * as v from 'valibot';
import { CURRENCIES, type Currency } from '$lib/money';
import { m } from '$lib/paraglide/messages';
import { formKey } from './form-key';

// The form that sets up a savings group. Names, nicknames, dates and the share price are read
// here as text and checked in the action, where the service says which of them it refuses.

const required = () => m.field_required();

const text = (max: number) =>
	v.optional(
		v.pipe(
			v.string(),
			v.trim(),
			v.maxLength(max, () => m.savings_new_too_long())
		),
		''
	);

export const SAVINGS_MEETS = ['weekly', 'fortnightly', 'monthly'] as const;
export const SAVINGS_CURRENCIES = Object.keys(CURRENCIES) as Currency[];
/** The officers appointed on the set-up form; box keeper and key holders come later. */
export const FIRST_OFFICERS = ['chair', 'secretary', 'treasurer'] as const;
export type FirstOfficer = (typeof FIRST_OFFICERS)[number];

export const newSavingsGroupSchema = v.object({
	formKey,
	name: v.pipe(
		v.string(),
		v.trim(),
		v.nonEmpty(required),
		v.maxLength(60, () => m.savings_new_name_too_long())
	),
	meets: v.picklist(SAVINGS_MEETS, required),
	openBooks: v.optional(v.boolean(), false),
	practice: v.optional(v.boolean(), false),
	startsOn: v.pipe(v.string(), v.trim(), v.nonEmpty(required)),
	currency: v.picklist(SAVINGS_CURRENCIES, required),
	sharePrice: v.pipe(
		v.string(),
		v.trim(),
		v.maxLength(40, () => m.money_problem_too_large())
	),
	chairName: text(100),
	chairNickname: text(100),
	chairMember: text(40),
	secretaryName: text(100),
	secretaryNickname: text(100),
	secretaryMember: text(40),
	treasurerName: text(100),
	treasurerNickname: text(100),
	treasurerMember: text(40),
	/** One name per line: people without an account, for whom the officers record. */
	members: text(4000)
});

export type NewSavingsGroupForm = v.InferOutput<typeof newSavingsGroupSchema>;

/** A code an officer gave someone added without an account, to link their account. */
export const savingsLinkCodeSchema = v.object({
	code: v.pipe(
		v.string(),
		v.trim(),
		v.nonEmpty(required),
		v.maxLength(40, () => m.savings_home_code_unknown())
	)
});

/** Which savings group a form on /savings is about (join, notices seen). */
export const savingsGroupChoiceSchema = v.object({
	groupId: v.pipe(v.string(), v.trim(), v.nonEmpty(required), v.maxLength(40, required))
});
