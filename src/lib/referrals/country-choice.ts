import { m } from '$lib/paraglide/messages';
import { COUNTRIES, type Country } from '$lib/schemas/help';
import { countryName } from './country-name';

/** The words of a country field, in the reader's language only. */
export interface CountryChoice {
	label: string;
	hint: string;
	unset: string;
	options: { value: Country; name: string }[];
}

/**
 * Made by a page's load on the server and handed to CountryField: each message the phone's script
 * draws itself carries all six languages, and the names of five countries with the field's words
 * would cost a sign-up page about 5 KB more.
 */
export const countryChoice = (): CountryChoice => ({
	label: m.country_label(),
	hint: m.country_hint(),
	unset: m.country_not_set(),
	options: COUNTRIES.map((value) => ({ value, name: countryName(value) }))
});
