import { describe, expect, it } from 'vitest';
import {
	PASSPHRASE_MAX,
	PASSPHRASE_MIN,
	passphraseLength,
	passphraseLengthProblem,
	type PassphraseLengthProblem
} from './passphrase-rules';

describe('passphraseLength', () => {
	it.each([
		['empty', '', 0],
		['ASCII', 'abcdefgh', 8],
		['Thai', 'ฉันรักแม่', 9],
		['Khmer', 'ខ្ញុំស្រឡាញ់', 12],
		['emoji outside the BMP', '😀😀😀', 3],
		['flag made of two regional indicators', '🇹🇭', 2],
		['spaces count', 'a b c', 5]
	])('counts %s in code points', (_case, passphrase, expected) => {
		expect(passphraseLength(passphrase)).toBe(expected);
	});

	it('counts an emoji once where UTF-16 counts it twice', () => {
		expect('😀'.length).toBe(2);
		expect(passphraseLength('😀')).toBe(1);
	});
});

describe('passphraseLengthProblem', () => {
	it('uses 8 to 128', () => {
		expect([PASSPHRASE_MIN, PASSPHRASE_MAX]).toEqual([8, 128]);
	});

	it.each<[string, string, PassphraseLengthProblem | null]>([
		['empty', '', 'too_short'],
		['7 characters', 'a'.repeat(7), 'too_short'],
		['exactly 8', 'a'.repeat(8), null],
		['exactly 128', 'a'.repeat(128), null],
		['129 characters', 'a'.repeat(129), 'too_long'],
		['4 emoji (8 UTF-16 units)', '😀'.repeat(4), 'too_short'],
		['8 emoji', '😀'.repeat(8), null],
		['128 emoji (256 UTF-16 units)', '😀'.repeat(128), null],
		['129 emoji', '😀'.repeat(129), 'too_long'],
		['Thai sentence', 'ฉันรักแม่มาก', null],
		['Burmese sentence', 'ငါ့အမေကိုချစ်တယ်', null]
	])('%s', (_case, passphrase, expected) => {
		expect(passphraseLengthProblem(passphrase)).toBe(expected);
	});
});
