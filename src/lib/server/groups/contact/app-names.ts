import escapeStringRegexp from 'escape-string-regexp';
import { skeleton } from '../../confusables';

/**
 * Whether a message names a chat app, a mail service or LINE in disguise: spaced out
 * ("w h a t s a p p", "Tele-gram"), in look-alike letters (Cyrillic "Теlеgrаm", "teIegram",
 * "wh4tsapp") or both. The text and the names are compared as UTS #39 skeletons, with the digits
 * and signs people use for letters read as those letters, and i and l as one letter.
 */
export function namesAnApp(body: string): boolean {
	return NAMES.test(lookalike(body.normalize('NFKC')));
}

/** Names that are never everyday words, whether spaced out or not. */
const APPS = [
	'whatsapp',
	'whatsap',
	'watsapp',
	'watsap',
	'telegram',
	'telegam',
	'viber',
	'wechat',
	'facebook',
	'messenger',
	'instagram',
	'tiktok',
	'zalo',
	'kakaotalk',
	'snapchat',
	'gmail',
	'hotmail'
];
/** Everyday words ("line", "imo") or too short to name an app unless every letter stands apart. */
const SPACED_ONLY = ['line', 'imo', 'fb', 'ig'];

const LEET: Record<string, string> = {
	'0': 'o',
	'1': 'l',
	'3': 'e',
	'4': 'a',
	'5': 's',
	'7': 't',
	'8': 'b',
	'@': 'a',
	$: 's',
	'!': 'i',
	'|': 'l'
};

/** Skeleton before lower case: Cyrillic "Т" is confusable with "T", but "т" with nothing. */
function lookalike(text: string): string {
	const letters = text.replace(/[0134578@$!|]/g, (sign) => LEET[sign]);
	return skeleton(letters).toLowerCase().replace(/i/g, 'l');
}

function spaced(name: string, gap: string): string {
	const letters = [...lookalike(name)].map((letter) => escapeStringRegexp(letter));
	return `(?<!\\p{L})${letters.join(gap)}(?!\\p{L})`;
}

const NAMES = new RegExp(
	[
		...APPS.map((name) => spaced(name, '[^\\p{L}]{0,3}')),
		...SPACED_ONLY.map((name) => spaced(name, '[^\\p{L}]{1,3}'))
	].join('|'),
	'u'
);
