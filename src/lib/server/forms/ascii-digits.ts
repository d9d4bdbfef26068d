/**
 * Digits written any way a keyboard or emoji picker allows, as ASCII 0-9. NFKC (groups/contact/fold.ts, or the caller) has
 * already turned full-width, circled ①, mathematical 𝟖 and superscript digits into plain ones.
 */
export function asciiDigits(text: string): string {
	return text
		.replace(KEYCAP, '')
		.replace(DINGBAT, (digit) => dingbatValue(digit.codePointAt(0) ?? 0))
		.replace(/\p{Nd}/gu, decimalValue);
}

/** 1️⃣ is "1", a variation selector and a combining keycap: dropping the two leaves the digit. */
const KEYCAP = /[\ufe0f\u20e3]/gu;

/** Circled and negative circled digits that NFKC leaves alone: ❶-❿, ➀-➓, ⓫-⓴, ⓵-⓾, ⓿, 🄋, 🄌. */
const DINGBAT = /[\u2776-\u2793\u24eb-\u24ff\u{1f10b}\u{1f10c}]/gu;

function dingbatValue(code: number): string {
	if (code >= 0x2776 && code <= 0x2793) return String(((code - 0x2776) % 10) + 1);
	if (code >= 0x24eb && code <= 0x24f4) return String(code - 0x24eb + 11);
	if (code >= 0x24f5 && code <= 0x24fe) return String(code - 0x24f5 + 1);
	return '0';
}

/**
 * Thai ๐-๙, Khmer ០-៩, Lao ໐-໙, Myanmar ၀-၉, Arabic-Indic and every other \p{Nd}: Unicode encodes
 * each set of decimal digits as a row of ten starting at zero, so a digit's value is its place in
 * the row.
 */
function decimalValue(digit: string): string {
	const code = digit.codePointAt(0) ?? 0;
	let zero = code;
	while (/\p{Nd}/u.test(String.fromCodePoint(zero - 1))) zero--;
	return String((code - zero) % 10);
}
