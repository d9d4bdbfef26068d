/** A letter (or mark) of a script written without spaces between words. */
const UNSPACED = String.raw`[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]`;
const GAP = new RegExp(`(?<=${UNSPACED})[\\s\\p{P}\\p{S}]{1,3}(?=${UNSPACED})`, 'gu');

/**
 * A folded text with spaces and punctuation taken out between Thai, Lao, Khmer and Burmese
 * letters, so "ไ ล น์" and "เบอร์-โทร" meet the word lists as ไลน์ and เบอร์โทร.
 */
export function joined(folded: string): string {
	return folded.replace(GAP, '');
}
