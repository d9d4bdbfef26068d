import { m } from '$lib/paraglide/messages';
import type { PassphraseLengthProblem } from './passphrase-rules';
import type { PseudonymProblem } from './pseudonym-rules';

// What each broken rule says, in the language of whoever is reading.

const PSEUDONYM_MESSAGES: Record<PseudonymProblem, () => string> = {
	length: () => m.pseudonym_length(),
	characters: () => m.pseudonym_characters(),
	phone: () => m.pseudonym_phone(),
	email: () => m.pseudonym_email(),
	handle: () => m.pseudonym_handle()
};

export const pseudonymMessage = (problem: PseudonymProblem) => PSEUDONYM_MESSAGES[problem]();

export const passphraseMessage = (problem: PassphraseLengthProblem | 'common') =>
	({
		too_short: m.passphrase_too_short,
		too_long: m.passphrase_too_long,
		common: m.passphrase_common
	})[problem]();
