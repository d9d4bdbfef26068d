import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { formKey } from './form-key';

// Forms about asking for help: a message to the facilitators.
// Messages are functions, so each is written in the language of whoever submits.

/** The countries of the region (members' own, and services'), in the order they are offered. */
export const COUNTRIES = ['TH', 'KH', 'LA', 'MM', 'VN'] as const;
export type Country = (typeof COUNTRIES)[number];

/** Where a group's members most likely are, from the group's language; English gives the first. */
const COUNTRY_BY_LANGUAGE: Record<string, Country> = {
	th: 'TH',
	km: 'KH',
	lo: 'LA',
	my: 'MM',
	vi: 'VN'
};

/** The country a language is spoken in, or null for one that is not the region's own (English). */
export const languageCountry = (language: string): Country | null =>
	COUNTRY_BY_LANGUAGE[language] ?? null;

export const countryForLanguage = (language: string): Country =>
	languageCountry(language) ?? COUNTRIES[0];

export const isCountry = (value: unknown): value is Country => COUNTRIES.includes(value as Country);

/** The longest message in a support conversation, in characters (the database's limit). */
export const SUPPORT_MESSAGE_MAX_LENGTH = 2000;

const required = () => m.field_required();

/** Counts characters as PostgreSQL's char_length does (code points), not UTF-16 units. */
const atMost = (max: number, tooLong: () => string) =>
	v.check<string, () => string>((text) => [...text].length <= max, tooLong);

const text = (max: number, tooLong: () => string) =>
	v.pipe(v.string(), v.trim(), v.nonEmpty(required), atMost(max, tooLong));

/** A message to the facilitators, or their answer: the form key makes a double tap one message. */
export const supportMessageSchema = v.object({
	formKey,
	body: text(SUPPORT_MESSAGE_MAX_LENGTH, () => m.help_message_too_long())
});

/** Why the server did not store a message (a check the form cannot make), next to the field. */
export const supportWriteError = (error: 'empty' | 'too_long' | 'closed') =>
	({
		empty: m.field_required,
		too_long: m.help_message_too_long,
		closed: m.help_member_gone
	})[error]();
