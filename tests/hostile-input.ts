/**
 * Hostile input (issue 13, point 9): what an attacker, or a broken phone, may send where the app
 * expects text. Used by the socket sweep (src/lib/server/groups/group-socket-hostile.test.ts) and
 * the form sweep (tests/e2e/hostile-input.e2e.ts). Every value here must be answered with a
 * refusal (4xx, a refused acknowledgement, or a page with a message), or accepted as the plain
 * text it is: never a 5xx, never a stack trace, never a script that runs.
 */

/** Script in every place a page could put text: element, attribute, URL, template. */
export const XSS = `<script>alert('xss')</script><img src=x onerror="alert(1)"><svg onload=alert(2)>"'><a href="javascript:alert(3)">x</a>{{7*7}}\${alert(4)}`;

/** NUL (PostgreSQL cannot store it in text), bell, escape sequence, DEL. */
export const CONTROL = 'a\u0000b\u0007c\u001b[31md\u007f';

/** Lone halves of a surrogate pair: not Unicode, cannot be written as UTF-8. */
export const LONE_SURROGATES = 'x\ud800y\udfffz';

/** Text no keyboard types that prints as nothing: zero-width space, joiners, BOM, word joiner. */
export const ZERO_WIDTH = '\u200b\u200c\u200d\u2060\ufeff';

/** Latin, Cyrillic look-alikes, Thai, Khmer, Burmese, Arabic, a right-to-left override, emoji. */
export const MIXED_SCRIPTS = 'fаcеbооk สวัสดี សួស្តី မင်္ဂလာပါ مرحبا \u202eevil\u202c 👩🏽‍🚀 Z̴̧̛a̸l̷g̶o̵';

/** Bigger than any field takes; the first within the request-size limit, the second beyond it. */
export const BIG = 'x'.repeat(100 * 1024);
export const HUGE = 'y'.repeat(2 * 1024 * 1024);

/** Numbers that break parsers: too big for a double, for a bigint column, negative, not a number. */
export const NUMBERS = ['1e308', '99999999999999999999999999', '-1', 'NaN', '0x10', '1.5'];

/**
 * Text values for a form field, by name. Each is sent alone in the field, the other fields keeping
 * the values the form was rendered with.
 */
export const TEXT_CORPUS: Record<string, string> = {
	xss: XSS,
	control: CONTROL,
	mixedScripts: `${MIXED_SCRIPTS} ${ZERO_WIDTH}admin ${NUMBERS[1]}`,
	big: BIG
};

/**
 * Raw bytes that are not UTF-8, percent-encoded as a form body carries them: a lone continuation
 * byte, an overlong slash, a surrogate written as UTF-8, bytes that never occur.
 */
export const INVALID_UTF8_ENCODED = '%80%C0%AF%ED%A0%80%FF%FE';

/**
 * Values of every JSON type for a socket event's argument or any of its fields: wrong types, text
 * that must be refused, numbers out of range. `undefined` is "the field is missing".
 */
export const SOCKET_CORPUS: Array<[string, unknown]> = [
	['missing', undefined],
	['null', null],
	['true', true],
	['zero', 0],
	['negative', -1],
	['fraction', 1.5],
	['huge number', 1e308],
	['number-like text', NUMBERS[1]],
	['empty text', ''],
	['xss', XSS],
	['control', CONTROL],
	['lone surrogates', LONE_SURROGATES],
	['zero width', ZERO_WIDTH],
	['mixed scripts', MIXED_SCRIPTS],
	['100 kB', BIG],
	['array', [XSS, 1]],
	['object', { toString: 'x', __proto__: { polluted: true }, constructor: { prototype: 1 } }],
	['nested', { a: { b: { c: [null, {}] } } }]
];

/** Marks that a response body gives away the server's insides. */
export const STACK_TRACE =
	/\bat [\w.<>$]+ \(|node:internal|\.js:\d+:\d+|\.ts:\d+:\d+|TypeError|ReferenceError|SyntaxError: |Internal Error/;

/** Short enough for any text field (titles, names): what a page shows must not run. */
export const SHORT_XSS = `<img src=x onerror=alert(1)><script>alert(2)</script>"'>`;

/** Elements the payloads would make if a page put them into its HTML unescaped. */
export const INJECTED = 'img[src="x"], img[onerror], svg[onload], a[href^="javascript:"]';
