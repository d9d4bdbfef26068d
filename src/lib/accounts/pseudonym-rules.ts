/**
 * What a pseudonym may be. Pure, so the sign-up form can say what is wrong before the page is sent
 * and the server can say the same thing after.
 *
 * A pseudonym is all that peers ever see, so it must not carry a way to find the person: no phone
 * number, no e-mail address, no chat-app handle.
 */

export type PseudonymProblem = 'length' | 'characters' | 'phone' | 'email' | 'handle';

/** The fewest characters, as a reader sees them, outside the scripts where a syllable is enough. */
export const PSEUDONYM_MIN_GRAPHEMES = 3;
export const PSEUDONYM_MAX_GRAPHEMES = 24;
/** Bounds what is stored however many marks are stacked on each character. */
export const PSEUDONYM_MAX_CODE_POINTS = 96;
/** The longest real cluster seen is a Khmer double subscript (ស្ត្រី, 6); more is mark stacking. */
export const PSEUDONYM_MAX_CODE_POINTS_PER_GRAPHEME = 8;
export const PSEUDONYM_MAX_DIGITS = 5;

/**
 * The pseudonym as stored and shown: as typed, trimmed, in NFC (decomposed Vietnamese composed).
 * Not NFKC, which would rewrite Thai and Lao sara am (ำ, ຳ) into two characters.
 */
export function normalizePseudonym(input: string): string {
	return input.normalize('NFC').trim();
}

/**
 * NFKC folds full-width and other compatibility forms typed on phone keyboards (Ｍａｉ, ①) into
 * the ordinary characters, so that checks and uniqueness see one spelling of each name.
 */
function foldPseudonym(input: string): string {
	return input.normalize('NFKC').trim();
}

/** The uniqueness key: "Mai", "mai" and "Ｍａｉ" are one pseudonym. toLowerCase is locale-free. */
export function pseudonymKey(input: string): string {
	return foldPseudonym(input).toLowerCase();
}

/** The first problem with a pseudonym, most helpful first, or null when it may be used. */
export function pseudonymProblem(input: string): PseudonymProblem | null {
	const name = foldPseudonym(input);
	// An empty field is best answered with how long a name should be.
	if (name === '') return 'length';
	// Far too long to be a name (more UTF-16 units than the most code points allowed can take):
	// answered before the checks below, whose patterns and segmenting grow with the square of
	// the length (100 kB would hold the server for minutes, or take gigabytes).
	if (name.length > 2 * PSEUDONYM_MAX_CODE_POINTS) return 'length';
	if (looksLikeEmail(name)) return 'email';
	if (looksLikeHandle(name)) return 'handle';
	if (looksLikePhone(name)) return 'phone';
	if (!hasAllowedCharacters(name)) return 'characters';
	if (!hasAllowedLength(name)) return 'length';
	return null;
}

function looksLikeEmail(name: string): boolean {
	return /[^@]@[^@]/u.test(name) || /[\p{L}\p{N}_-]+\.[\p{L}\p{N}_-]+\.\p{L}{2,}/u.test(name);
}

/** Chat apps people use to be found; matched as whole words so "Tiger" and "Caroline" pass. */
const LATIN_HANDLE_MARKERS = new Set([
	'line',
	'lineid',
	'fb',
	'facebook',
	'ig',
	'insta',
	'instagram',
	'tiktok',
	'telegram',
	'tg',
	'wechat',
	'viber',
	'whatsapp',
	'wa',
	'zalo',
	'messenger',
	'kakao',
	'kakaotalk',
	'twitter'
]);

/**
 * Thai runs words together without spaces, so these are matched anywhere; their spelling (with
 * the silencing mark ์ or the loan-word เฟ) does not occur in ordinary Thai names.
 */
const THAI_HANDLE_MARKERS = ['ไลน์', 'เฟส', 'เฟซ', 'เฟสบุ๊ค', 'เฟซบุ๊ก'];

function looksLikeHandle(name: string): boolean {
	if (name.startsWith('@')) return true;
	const lower = name.toLowerCase();
	// A run of Latin letters ends at anything else: '_', '-', a digit, a space, Thai letters.
	const latinWords = lower.match(/\p{Script=Latin}+/gu) ?? [];
	if (latinWords.some((word) => LATIN_HANDLE_MARKERS.has(word))) return true;
	if (/(?:^|[^\p{L}\p{M}\p{N}])x\.com(?:$|[^\p{L}\p{M}\p{N}])/u.test(lower)) return true;
	return THAI_HANDLE_MARKERS.some((marker) => lower.includes(marker));
}

function looksLikePhone(name: string): boolean {
	// \p{Nd} counts Thai ๐-๙, Khmer ០-៩, Lao ໐-໙ and Myanmar ၀-၉ as well as 0-9.
	const digits = name.match(/\p{Nd}/gu)?.length ?? 0;
	return digits > PSEUDONYM_MAX_DIGITS || /^\+\s*\p{Nd}/u.test(name);
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function hasAllowedCharacters(name: string): boolean {
	if (!/^[\p{L}\p{M}\p{Nd}_-]+$/u.test(name)) return false;
	if (!/\p{L}/u.test(name)) return false;
	// A leading mark would sit on whatever is printed before the name.
	if (/^\p{M}/u.test(name)) return false;
	for (const { segment } of graphemes.segment(name)) {
		if ([...segment].length > PSEUDONYM_MAX_CODE_POINTS_PER_GRAPHEME) return false;
	}
	return true;
}

/**
 * In Khmer, Thai, Lao and Burmese one syllable is a whole name (ពៅ, ต่าย, ລີ, မြ), and a syllable
 * can be one cluster: a letter with its vowel sign. Elsewhere a name has 3 characters or more.
 */
const SYLLABLE_SCRIPTS = /[\p{Script=Khmer}\p{Script=Thai}\p{Script=Lao}\p{Script=Myanmar}]/u;

/**
 * Counted in what a reader sees as characters (grapheme clusters), not code points: a Khmer
 * cluster with a subscript and a vowel (ស្ត្រី) is one character of six code points.
 */
function hasAllowedLength(name: string): boolean {
	if ([...name].length > PSEUDONYM_MAX_CODE_POINTS) return false;
	const clusters = [...graphemes.segment(name)].length;
	if (clusters > PSEUDONYM_MAX_GRAPHEMES) return false;
	// A lone letter without its vowel sign (ก, ក) is not yet a syllable.
	if (SYLLABLE_SCRIPTS.test(name)) return clusters >= 2 || /\p{M}/u.test(name);
	return clusters >= PSEUDONYM_MIN_GRAPHEMES;
}
