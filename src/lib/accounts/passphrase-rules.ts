/**
 * How long a passphrase may be. Pure, so the form and the server say the same thing.
 */

export const PASSPHRASE_MIN = 8;
/** Bounds the work a sign-in asks of the hash function. */
export const PASSPHRASE_MAX = 128;

export type PassphraseLengthProblem = 'too_short' | 'too_long';

/**
 * Counted in code points, not UTF-16 units, so a Thai or emoji passphrase is not counted longer
 * than it is.
 */
export function passphraseLength(passphrase: string): number {
	return [...passphrase].length;
}

export function passphraseLengthProblem(passphrase: string): PassphraseLengthProblem | null {
	const length = passphraseLength(passphrase);
	if (length < PASSPHRASE_MIN) return 'too_short';
	if (length > PASSPHRASE_MAX) return 'too_long';
	return null;
}
