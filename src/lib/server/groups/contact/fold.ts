/** Zero-width spaces and joiners that keyboards (or evaders) put inside words and numbers. */
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/gu;

/**
 * NFKC turns full-width ０８１ and Ｌｉｎｅ into 081 and Line and composes decomposed Vietnamese.
 * It also splits Thai ำ and Lao ຳ, ໜ, ໝ into two characters, so the word lists are folded the
 * same way, which also matches people who type ຫນ for ໜ. toLowerCase is locale-free.
 */
export function fold(text: string): string {
	return text.normalize('NFKC').replace(INVISIBLE, '').toLowerCase();
}
