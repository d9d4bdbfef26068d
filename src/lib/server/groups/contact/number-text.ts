import { asciiDigits } from '../../forms/ascii-digits';
import { fold } from './fold';
import { spelledDigits } from './number-words';

/**
 * A message as the phone-number check reads it: folded, every digit in ASCII, number words as
 * digits, and letters standing in for digits ("O8l-234-S678") read as the digits they imitate.
 */
export function numberText(body: string): string {
	return letterDigits(spelledDigits(asciiDigits(fold(body))));
}

const LOOKS_LIKE: Record<string, string> = { o: '0', i: '1', l: '1', z: '2', s: '5', b: '8' };

/** A word of digits and look-alike letters with at least one digit: "o8l", "s678". */
const MIXED = /(?<![\p{L}\p{M}\p{N}])(?=[olizsb]*\d)[\dolizsb]+(?![\p{L}\p{M}\p{N}])/gu;

/** A look-alike letter standing alone next to digits: the "o" of "o 8 1 2…". */
const BESIDE_DIGITS =
	/(?<=\d[^\p{L}\p{M}\p{N}]{1,3})[olizsb](?![\p{L}\p{M}\p{N}])|(?<![\p{L}\p{M}\p{N}])[olizsb](?=[^\p{L}\p{M}\p{N}]{1,3}\d)/gu;

function letterDigits(text: string): string {
	const digitsOnly = (word: string) => word.replace(/[olizsb]/g, (letter) => LOOKS_LIKE[letter]);
	return text.replace(MIXED, digitsOnly).replace(BESIDE_DIGITS, digitsOnly);
}
