import escapeStringRegexp from 'escape-string-regexp';
import { fold } from './fold';

/** A word or phrase (see anyOf), or a pattern where a word needs context, written in lower case. */
export type Entry = string | RegExp;

/**
 * One pattern for word lists. A Latin-script entry matches as a whole word, with Unicode-aware
 * lookarounds since \b is ASCII-only (so "online", "Caroline" and "lineup" stay out); a space in
 * it matches any spacing and a trailing * any ending. Thai, Khmer, Lao and Burmese run words
 * together, so their entries match inside text, but must end where a syllable ends: not before a
 * vowel sign or tone mark, nor before a Burmese final consonant (one followed by asat ်).
 */
export function anyOf(words: Record<string, readonly Entry[]>): RegExp {
	const sources = Object.values(words)
		.flat()
		.map((entry) => {
			if (entry instanceof RegExp)
				return `(?:${entry.source.normalize('NFKC')})(?!\\p{M}|.\\u103a)`;
			const open = entry.endsWith('*');
			const word = fold(open ? entry.slice(0, -1) : entry);
			const source = escapeStringRegexp(word).replace(/\s+/g, '\\s*');
			if (!/^[\p{Script=Latin}\s-]+$/u.test(word)) return `${source}(?!\\p{M}|.\\u103a)`;
			const latin = '[\\p{Script=Latin}\\p{N}]';
			return `(?<!${latin})${source}${open ? '\\p{L}*' : ''}(?!${latin})`;
		});
	return new RegExp(sources.join('|'), 'u');
}
