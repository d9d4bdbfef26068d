import { isBlank } from '../forms/blank';
import { hasHiddenCharacters } from '../forms/hidden-characters';

/** The longest comment, proposed edit, reply or "you said, we did" note (as the tables allow). */
export const PUBLIC_TEXT_MAX = 1000;

export type TextProblem = 'required' | 'invalid' | 'too_long';

/**
 * Text that will be read by others (after moderation, or as a coordinator's note): trimmed, not
 * blank, no hidden characters, at most PUBLIC_TEXT_MAX characters (counted as the database does).
 */
export function checkPublicText(
	input: unknown
): { ok: true; text: string } | { ok: false; problem: TextProblem } {
	if (typeof input !== 'string' || isBlank(input)) return { ok: false, problem: 'required' };
	const text = input.trim();
	if (hasHiddenCharacters(text)) return { ok: false, problem: 'invalid' };
	if ([...text].length > PUBLIC_TEXT_MAX) return { ok: false, problem: 'too_long' };
	return { ok: true, text };
}
