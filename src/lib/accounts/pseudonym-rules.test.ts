import { describe, expect, it } from 'vitest';
import {
	normalizePseudonym,
	pseudonymKey,
	pseudonymProblem,
	type PseudonymProblem
} from './pseudonym-rules';

const codePoints = (text: string) => [...text].map((c) => c.codePointAt(0));

describe('normalizePseudonym', () => {
	it.each([
		['surrounding spaces', '  Mai  ', 'Mai'],
		['decomposed Vietnamese', 'Hu\u031Bo\u031Bng', 'Hương'],
		['no-break space at the ends', '\u00A0Mai\u3000', 'Mai']
	])('tidies %s', (_case, input, expected) => {
		expect(normalizePseudonym(input)).toBe(expected);
	});

	it.each([
		['Thai', 'มาลี'],
		['Thai with a tone mark and a digit', 'ดอกไม้_2'],
		['Khmer', 'សុខា'],
		['Khmer with subscripts', 'ស្ត្រី'],
		['Lao', 'ນາງດາວ'],
		['Burmese', 'မြမြ'],
		['Vietnamese', 'Hương_Giang'],
		['mixed case Latin', 'Mai-Chan']
	])('keeps a %s name code point for code point', (_case, name) => {
		expect(codePoints(normalizePseudonym(name))).toEqual(codePoints(name));
	});

	it('keeps the code points of a Thai name exactly', () => {
		expect(codePoints(normalizePseudonym('มาลี'))).toEqual([0x0e21, 0x0e32, 0x0e25, 0x0e35]);
	});

	it.each([
		['Thai sara am', 'น้ำฝน'],
		['Lao sara am', 'ນ້ຳ'],
		['full-width Latin', 'Ｍａｉ']
	])('keeps %s as typed (NFKC would rewrite it)', (_case, name) => {
		expect(normalizePseudonym(name)).toBe(name);
	});
});

describe('pseudonymKey', () => {
	it.each([
		['Mai', 'mai'],
		['Mai', 'MAI'],
		['Mai', 'Ｍａｉ'],
		['Mai', ' mai '],
		['Hương_Giang', 'HƯƠNG_GIANG'],
		['Hương', 'hu\u031Bo\u031Bng'],
		['มาลี', 'มาลี'],
		['คำ', 'ค\u0E4D\u0E32']
	])('%s and %s share a key', (a, b) => {
		expect(pseudonymKey(a)).toBe(pseudonymKey(b));
	});

	it.each([
		['Mai', 'Mai2'],
		['Mai', 'May'],
		['มาลี', 'มาลา'],
		['Mai-Chan', 'Mai_Chan']
	])('%s and %s have different keys', (a, b) => {
		expect(pseudonymKey(a)).not.toBe(pseudonymKey(b));
	});

	it('lower-cases the same way whatever the locale (dotted I is not Turkish-folded)', () => {
		expect(pseudonymKey('IRIS')).toBe('iris');
	});
});

describe('pseudonymProblem accepts', () => {
	it.each([
		'มาลี',
		'ดอกไม้_2',
		'น้ำฝน',
		'សុខា',
		'ស្រីពៅ',
		'ນາງດາວ',
		'မြမြ',
		'ခင်မောင်လတ်',
		'Hương_Giang',
		'Nguyễn-Thị-Lan',
		'Mai-2024',
		'Mai',
		'Tiger',
		'Wanida',
		'Caroline',
		'Figaro',
		'Swallow',
		'Ignacio',
		'Ｍａｉ',
		'  Mai  ',
		'abc',
		'a'.repeat(24),
		'ก'.repeat(24)
	])('%s', (name) => {
		expect(pseudonymProblem(name)).toBeNull();
	});
});

describe('pseudonymProblem counts what a reader sees', () => {
	it.each([
		['Khmer', 'ពៅ'],
		['Khmer', 'ស្រី'],
		['Thai', 'ต่าย'],
		['Thai', 'ลี'],
		['Thai', 'นา'],
		['Lao', 'ລີ'],
		['Lao', 'ນາ'],
		['Burmese', 'မြ'],
		['Burmese', 'ကို']
	])('accepts a %s name of one syllable (%s), counted as a reader sees it', (_script, name) => {
		expect(pseudonymProblem(name)).toBeNull();
	});
});

describe('pseudonymProblem refuses', () => {
	it.each<[string, PseudonymProblem]>([
		// e-mail first: the message says why an address does not belong here
		['mai@example.com', 'email'],
		['mai@gmail', 'email'],
		['Ｍａｉ＠example.com', 'email'],
		['somchai.gmail.com', 'email'],
		['mai_chan.yahoo.co', 'email'],
		// chat-app handles
		['@somchai', 'handle'],
		['＠somchai', 'handle'],
		['line_somchai', 'handle'],
		['LINE-somchai', 'handle'],
		['lineid_mai', 'handle'],
		['somchai_line', 'handle'],
		['mai99line', 'handle'],
		['fb-mai99', 'handle'],
		['Facebook_Mai', 'handle'],
		['ig_mai', 'handle'],
		['insta-mai', 'handle'],
		['mai_tiktok', 'handle'],
		['tg-mai', 'handle'],
		['telegram_mai', 'handle'],
		['wechat_mai', 'handle'],
		['viber_mai', 'handle'],
		['WhatsApp-Mai', 'handle'],
		['wa_0812', 'handle'],
		['zalo_huong', 'handle'],
		['Messenger-Mai', 'handle'],
		['kakao_mai', 'handle'],
		['twitter_mai', 'handle'],
		['x.com_mai', 'handle'],
		['lineมาลี', 'handle'],
		['ไลน์มาลี', 'handle'],
		['มาลี_ไลน์', 'handle'],
		['เฟสมาลี', 'handle'],
		['เฟซมาลี', 'handle'],
		['เฟสบุ๊คมาลี', 'handle'],
		['เฟซบุ๊กมาลี', 'handle'],
		['line 0812345678', 'handle'],
		// phone numbers, in any script's digits
		['0812345678', 'phone'],
		['081-234-5678', 'phone'],
		['Mai081234', 'phone'],
		['๐๘๑๒๓๔๕๖๗๘', 'phone'],
		['มาลี๐๘๑๒๓๔', 'phone'],
		['សុខា០១២៣៤៥', 'phone'],
		['ນາງ໐໒໐໕໕໕', 'phone'],
		['မြ၀၉၁၂၃၄', 'phone'],
		['０８１２３４５６７８', 'phone'],
		['+66812', 'phone'],
		['+ 66', 'phone'],
		// characters
		['mai chan', 'characters'],
		['mai.chan', 'characters'],
		['mai@', 'characters'],
		['mai!', 'characters'],
		['mai\u200Bchan', 'characters'],
		['mai\u200Dchan', 'characters'],
		['mai😀', 'characters'],
		['12345', 'characters'],
		['___', 'characters'],
		['\u0E49มาลี', 'characters'],
		['\u0301abc', 'characters'],
		['a' + '\u0301'.repeat(10) + 'bc', 'characters'],
		// length
		['', 'length'],
		['   ', 'length'],
		['ab', 'length'],
		['Bo', 'length'],
		['Ân', 'length'],
		// a lone letter of a syllable script, without its vowel sign
		['ก', 'length'],
		['ក', 'length'],
		['ກ', 'length'],
		['က', 'length'],
		['a'.repeat(25), 'length'],
		['ก'.repeat(25), 'length'],
		['ដ៏'.repeat(25), 'length'],
		['ស្ត្រី'.repeat(17), 'length']
	])('%s as %s', (name, problem) => {
		expect(pseudonymProblem(name)).toBe(problem);
	});

	it('counts 25 user-perceived characters as too long even when each is several code points', () => {
		const name = 'ปั้'.repeat(25);
		expect([...name].length).toBe(75);
		expect(pseudonymProblem(name)).toBe('length');
		expect(pseudonymProblem('ปั้'.repeat(24))).toBeNull();
	});
});
