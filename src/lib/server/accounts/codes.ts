/**
 * Codes that people read out over a phone call or copy from paper: invitations, recovery and
 * passphrase resets. Only a hash of a code is stored.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';

/**
 * A-Z and 0-9 without the characters that are mistaken for one another when read aloud or
 * handwritten: 0 O Q, 1 I L, 2 Z, 5 S, 8 B, U V. 22 characters, about 4.46 bits each.
 */
export const CODE_ALPHABET = 'ACDEFGHJKMNPRTWXY34679';

export const INVITATION_CODE_LENGTH = 8;
export const RECOVERY_CODE_LENGTH = 16;
export const RESET_CODE_LENGTH = 12;

const GROUP_SIZE = 4;
// The largest multiple of the alphabet size that fits in a byte; bytes above it are drawn again,
// so every character is equally likely.
const UNBIASED_BYTE_LIMIT = 256 - (256 % CODE_ALPHABET.length);

/** `length` random characters from CODE_ALPHABET, grouped in fours: "K7M4-XT9P". */
export function generateCode(length: number): string {
	if (!Number.isInteger(length) || length < 1) {
		throw new RangeError(`A code needs a positive whole length, not ${length}`);
	}
	const characters: string[] = [];
	const bytes = new Uint8Array(length * 2);
	while (characters.length < length) {
		crypto.getRandomValues(bytes);
		for (const byte of bytes) {
			if (byte >= UNBIASED_BYTE_LIMIT) continue;
			characters.push(CODE_ALPHABET[byte % CODE_ALPHABET.length]);
			if (characters.length === length) break;
		}
	}
	const groups: string[] = [];
	for (let start = 0; start < length; start += GROUP_SIZE) {
		groups.push(characters.slice(start, start + GROUP_SIZE).join(''));
	}
	return groups.join('-');
}

/**
 * Digits in the scripts of the region, mapped to 0-9: a Thai, Khmer, Lao or Burmese keyboard may
 * type the digits of a code read out over the phone in its own script.
 */
const LOCAL_DIGIT_ZEROS = [0x0e50, 0x0ed0, 0x1040, 0x1090, 0x17e0];

function toAsciiDigit(character: string): string {
	const codePoint = character.codePointAt(0) ?? 0;
	const zero = LOCAL_DIGIT_ZEROS.find((start) => codePoint >= start && codePoint < start + 10);
	return zero === undefined ? character : String(codePoint - zero);
}

/**
 * The form a code is compared and hashed in: "k7m4 xt9p", "K7M4-XT9P" and full-width "Ｋ７Ｍ４"
 * are the same. Letters outside A-Z are kept, so a mistyped code stays wrong.
 */
export function normalizeCode(input: string): string {
	return input
		.normalize('NFKC')
		.replace(/\p{Nd}/gu, toAsciiDigit)
		.replace(/[^\p{L}\p{N}]/gu, '')
		.toUpperCase();
}

/** What is stored instead of the code: SHA-256 of its normal form, in lower-case hex. */
export function hashCode(input: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(normalizeCode(input))));
}
