/** Whether a folded text holds a link, an e-mail address or a handle, typed or spelled out. */
export function hasLink(folded: string): boolean {
	return LINK.test(folded) || SPELLED_OUT.test(folded);
}

const TLDS = 'com|net|org|me|io|ly|co|info|biz|th|kh|la|mm|vn';

/** Links, e-mail addresses and handles. Lookbehinds start a match only where a name starts, so a long word is scanned once. */
const LINK = new RegExp(
	[
		String.raw`https?://|www\.`,
		// Bare domains, which also cover co.th, t.me/…, wa.me, line.me, m.me, fb.com and bit.ly
		String.raw`(?<![\p{L}\p{N}-])[\p{L}\p{N}-]+\.(?:${TLDS})(?![\p{L}\p{N}])`,
		String.raw`lin\.ee/`, // LINE's short links
		String.raw`(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+\.\p{L}{2,}`, // e-mail, any top-level domain
		String.raw`@[\p{L}\p{M}\p{N}._]{3,}`, // @handles: LINE official accounts, Telegram, TikTok…
		String.raw`@\s{1,2}[\p{L}\p{N}._]*[\d_.][\p{L}\p{N}._]*` // "@ mai_88", not "@ home"
	].join('|'),
	'u'
);

/** "at" as people spell it out: English, Thai แอท, Lao ແອັດ, Burmese အက်, Vietnamese "a còng", bracketed forms. */
const AT = String.raw`@|[([{]\s*at\s*[)\]}]|(?<!\p{L})at(?!\p{L})|แอท|แอ็ท|ແອັດ|အက်|a\s*còng|a\s*cong`;
/** "dot": English, Thai ดอท/จุด, Lao ຈຸດ, Khmer ចុច, Burmese အစက်, Vietnamese chấm. */
const DOT = String.raw`\.|[([{]\s*dot\s*[)\]}]|(?<!\p{L})(?:dot|chấm|cham)(?!\p{L})|ดอท|ด็อท|จุด|ຈຸດ|ចុច|အစက်`;
/** Top-level domains, also as Thai and Lao write "com". */
const SPELLED_TLD = `(?:${TLDS}|คอม|ຄອມ)(?![\\p{L}\\p{M}])`;
const NAME = String.raw`[\p{Script=Latin}\p{N}._-]+`;

/** "mai at gmail dot com", "mai (at) gmail . com", "t dot me/…", "gmail ดอท คอม". */
const SPELLED_OUT = new RegExp(
	[
		`(?<![\\p{L}\\p{N}._-])${NAME}\\s*(?:${AT})\\s*${NAME}\\s*(?:${DOT})\\s*${SPELLED_TLD}`,
		`(?<![\\p{L}\\p{N}])${NAME}\\s*(?:${DOT.replace(String.raw`\.|`, '')})\\s*${SPELLED_TLD}`,
		String.raw`(?<![\p{L}\p{N}])[\p{L}\p{N}-]+\s+\.\s*(?:${TLDS})(?![\p{L}\p{N}])`
	].join('|'),
	'u'
);
