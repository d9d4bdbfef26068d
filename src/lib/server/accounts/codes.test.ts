import { describe, expect, it } from 'vitest';
import {
	CODE_ALPHABET,
	INVITATION_CODE_LENGTH,
	RECOVERY_CODE_LENGTH,
	RESET_CODE_LENGTH,
	generateCode,
	hashCode,
	normalizeCode
} from './codes';

describe('CODE_ALPHABET', () => {
	it('has 22 distinct upper-case letters and digits', () => {
		expect(CODE_ALPHABET).toMatch(/^[A-Z0-9]+$/);
		expect(new Set(CODE_ALPHABET).size).toBe(CODE_ALPHABET.length);
		expect(CODE_ALPHABET.length).toBe(22);
	});

	it.each([...'0OQ1IL2Z5S8BUV'])('leaves out the look-alike %s', (character) => {
		expect(CODE_ALPHABET).not.toContain(character);
	});
});

describe('generateCode', () => {
	it.each([
		['1', 1, /^[A-Z0-9]{1}$/],
		['4', 4, /^[A-Z0-9]{4}$/],
		['5', 5, /^[A-Z0-9]{4}-[A-Z0-9]$/],
		['invitation', INVITATION_CODE_LENGTH, /^[A-Z0-9]{4}-[A-Z0-9]{4}$/],
		['reset', RESET_CODE_LENGTH, /^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/],
		['recovery', RECOVERY_CODE_LENGTH, /^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/]
	])('groups a %s code in fours', (_case, length, shape) => {
		const code = generateCode(length);
		expect(code).toMatch(shape);
		expect(normalizeCode(code)).toHaveLength(length);
	});

	it('uses the lengths 8, 16 and 12 for invitations, recovery and resets', () => {
		expect([INVITATION_CODE_LENGTH, RECOVERY_CODE_LENGTH, RESET_CODE_LENGTH]).toEqual([8, 16, 12]);
	});

	it.each([0, -1, 2.5, Number.NaN])('refuses the length %s', (length) => {
		expect(() => generateCode(length)).toThrow(RangeError);
	});

	const codes = Array.from({ length: 1000 }, () => generateCode(INVITATION_CODE_LENGTH));

	it('uses only characters of the alphabet', () => {
		for (const code of codes) {
			for (const character of normalizeCode(code)) expect(CODE_ALPHABET).toContain(character);
		}
	});

	it('never repeats a code in 1,000', () => {
		expect(new Set(codes).size).toBe(codes.length);
	});

	it('uses every character about equally often', () => {
		const counts = new Map<string, number>();
		for (const code of codes) {
			for (const character of normalizeCode(code)) {
				counts.set(character, (counts.get(character) ?? 0) + 1);
			}
		}
		// 8,000 draws over 22 characters: about 364 each, standard deviation about 19. These bounds
		// are more than 7 deviations out, so only a biased or broken generator fails them.
		expect([...counts.keys()].sort()).toEqual([...CODE_ALPHABET].sort());
		for (const count of counts.values()) {
			expect(count).toBeGreaterThan(220);
			expect(count).toBeLessThan(510);
		}
	});
});

describe('normalizeCode', () => {
	it.each([
		['grouped', 'K7M4-XT9P', 'K7M4XT9P'],
		['lower case with a space', 'k7m4 xt9p', 'K7M4XT9P'],
		['spaces, dots and slashes', ' K7M4 . XT9P / ', 'K7M4XT9P'],
		['en dash and underscore', 'K7M4–XT9P_', 'K7M4XT9P'],
		['no-break and ideographic spaces', 'K7M4\u00A0XT9P\u3000', 'K7M4XT9P'],
		['full-width', 'ｋ７ｍ４－ＸＴ９Ｐ', 'K7M4XT9P'],
		['Thai digits', 'K๗M๔-XT๙P', 'K7M4XT9P'],
		['Khmer digits', 'K៧M៤-XT៩P', 'K7M4XT9P'],
		['Lao digits', 'K໗M໔-XT໙P', 'K7M4XT9P'],
		['Burmese digits', 'K၇M၄-XT၉P', 'K7M4XT9P'],
		['empty', '', ''],
		['only separators', ' - - ', '']
	])('%s', (_case, input, expected) => {
		expect(normalizeCode(input)).toBe(expected);
	});

	it('keeps letters it does not know, so a mistyped code stays wrong', () => {
		expect(normalizeCode('K7M4-XT9ก')).not.toBe(normalizeCode('K7M4-XT9'));
	});
});

describe('hashCode', () => {
	it('is the SHA-256 of the normal form, in lower-case hex', () => {
		// printf 'K7M4XT9P' | sha256sum
		expect(hashCode('K7M4-XT9P')).toBe(
			'05de21ad007f30a66bf36187e68c5dde1c7b295c3d703977f1d5a89ece30fa28'
		);
	});

	it.each([
		['K7M4-XT9P', 'k7m4 xt9p'],
		['K7M4-XT9P', 'K7M4XT9P'],
		['K7M4-XT9P', 'ｋ７ｍ４－ｘｔ９ｐ'],
		['K7M4-XT9P', 'K๗M๔ XT๙P']
	])('is the same for %s and %s', (a, b) => {
		expect(hashCode(a)).toBe(hashCode(b));
	});

	it.each([
		['K7M4-XT9P', 'K7M4-XT9R'],
		['K7M4-XT9P', 'XT9P-K7M4'],
		['K7M4-XT9P', 'K7M4-XT9']
	])('differs for %s and %s', (a, b) => {
		expect(hashCode(a)).not.toBe(hashCode(b));
	});

	it('is 64 lower-case hex characters for any input', () => {
		for (const input of ['', generateCode(RECOVERY_CODE_LENGTH), 'ก'.repeat(1000)]) {
			expect(hashCode(input)).toMatch(/^[0-9a-f]{64}$/);
		}
	});
});
