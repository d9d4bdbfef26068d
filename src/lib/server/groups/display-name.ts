import { normalizePseudonym, pseudonymKey, pseudonymProblem } from '$lib/accounts/pseudonym-rules';

/**
 * A member's name in one group follows the pseudonym rules (no phone number, e-mail or chat
 * handle), and is unique in the group by the same key.
 */
export function displayName(input: string) {
	const name = normalizePseudonym(input);
	return { name, key: pseudonymKey(name), problem: pseudonymProblem(name) };
}
