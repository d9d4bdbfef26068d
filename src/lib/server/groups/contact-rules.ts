/**
 * Which group-chat messages wait for a facilitator before peers see them: ones that share a way to
 * reach someone off the platform (a phone number, link, handle or chat app) or that recruit for
 * work, the usual way people are drawn back into exploitation. Pure, no I/O.
 *
 * A hold is not a verdict: a facilitator reads the message and lets it through, so the rules lean
 * towards holding. People who want to get past them space out digits and names, use look-alike
 * letters, number words and emoji digits, spell out "at" and "dot": each check reads the message
 * as they meant it (see contact/). Members write in Thai, Khmer, Lao, Burmese, Vietnamese and
 * English; the word lists are grouped by language so that a native speaker can review each one.
 */
import { namesAnApp } from './contact/app-names';
import { CONTACT_WORDS } from './contact/contact-words';
import { fold } from './contact/fold';
import { joined } from './contact/joined';
import { hasLink } from './contact/links';
import { numberText } from './contact/number-text';
import { hasPhoneNumber } from './contact/phone-number';
import { RECRUITMENT_WORDS } from './contact/recruitment-words';
import { anyOf } from './contact/word-pattern';

export type HoldCategory = 'contact' | 'recruitment';

const CONTACT = anyOf(CONTACT_WORDS);
const RECRUITMENT = anyOf(RECRUITMENT_WORDS);

/** Why a message should wait for a facilitator, or null. Pure, no I/O. */
export function contactOrRecruitment(body: string): HoldCategory | null {
	const text = fold(body);
	const squeezed = joined(text);
	// Contact first: a recruiter's message almost always ends with a way to reach them.
	if (
		hasPhoneNumber(numberText(body)) ||
		hasLink(text) ||
		CONTACT.test(text) ||
		CONTACT.test(squeezed) ||
		namesAnApp(body)
	)
		return 'contact';
	if (RECRUITMENT.test(text) || RECRUITMENT.test(squeezed)) return 'recruitment';
	return null;
}

/** Messages that between them take every path of the checks: plain words, and digits and number words among the six scripts. */
const WARM_UP = [
	'plain words',
	'Hello 12 friends, one two three, สวัสดี ជំរាបសួរ ສະບາຍດີ မင်္ဂလာပါ xin chào: see you at 5 pm.'
];

/**
 * V8 compiles a regular expression when it first runs and again, to machine code, when it runs
 * again: for these patterns 100 to 250 ms that would hold the event loop at the first messages a
 * process checks. The server runs them here, twice, before it takes a connection.
 */
export function warmUpContactRules(): void {
	for (let round = 0; round < 2; round++) for (const body of WARM_UP) contactOrRecruitment(body);
}
