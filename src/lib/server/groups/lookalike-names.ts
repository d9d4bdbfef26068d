import { pseudonymKey } from '$lib/accounts/pseudonym-rules';
import { m } from '$lib/paraglide/messages';
import { locales } from '$lib/paraglide/runtime';
import { skeleton } from '../confusables';

/**
 * Names that look alike share this key, whatever the case: "facb", "fаcb" (Cyrillic "а") and
 * "FACB" are one. The mapping runs before lowercasing as well as after, or a capital "I", which
 * looks like "l", would become "i" and escape it.
 */
export function lookalikeKey(name: string): string {
	return skeleton(pseudonymKey(skeleton(name)));
}

/** Letters only: "Co-facilitator", "Người phụ trách" and "Người_phụ_trách" read alike. */
const lettersOf = (key: string) => key.replace(/[^\p{L}\p{M}\p{N}]/gu, '');

/**
 * The words for those who run circles, in every language: the app shows them beside a
 * facilitator's name, so a name that spells one would pass for that marker.
 */
let roleWords: string[] | undefined;

/** Whether a name contains, or looks like it contains, the word for a role in a circle. */
export function spellsRole(name: string): boolean {
	// Made at the first call: the message catalogue is not yet loaded when this module is.
	roleWords ??= locales.flatMap((locale) =>
		[m.group_role_facilitator, m.group_role_co_facilitator, m.role_coordinator].map((word) =>
			lettersOf(lookalikeKey(word({}, { locale })))
		)
	);
	const letters = lettersOf(lookalikeKey(name));
	return roleWords.some((word) => letters.includes(word));
}
