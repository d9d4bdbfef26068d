/**
 * Whether a text (as numberText gives it) holds a phone number: eight or more digits with at most
 * a few spaces or punctuation marks between any two, that is not made only of dates, times,
 * years, amounts and ranges. Spacing and punctuation count for nothing, so "0 8 1 . 2 3 4 / 5 6 7 8"
 * is a number, but they tell a date or an amount from a number first.
 */
export function hasPhoneNumber(text: string): boolean {
	for (const [run] of text.matchAll(DIGIT_RUN)) {
		if (countDigits(run) < 8) continue;
		const items = run.split(LIST_SEPARATOR);
		// "500, 200, 300, 100": a list of amounts, unless an item starts like a number (0, +)
		const parts = items.length > 1 && items.every((item) => /^[1-9]/.test(item)) ? items : [run];
		if (parts.some((part) => countDigits(part) >= 8 && !isEveryday(part))) return true;
	}
	return false;
}

/** Digits joined by up to three characters that are not letters, marks or digits. */
const DIGIT_RUN = /\+?\d(?:[^\p{L}\p{M}\p{N}]{0,3}\d)*/gu;
const LIST_SEPARATOR = /\s*[,;]\s+/u;

const countDigits = (text: string) => text.replace(/\D/g, '').length;

// Each alternative matches one way only, so a long run that fails cannot backtrack exponentially.
const DATE = String.raw`[0-3]?\d([./-])[01]?\d\1(?:\d\d)?\d\d|(?:19|20|25)\d\d([./-])[01]?\d\2[0-3]?\d`;
const TIME = String.raw`[0-2]?\d[.:][0-5]\d`; // 10.30 (as Thai and Vietnamese write it), 10:30
const AMOUNT = String.raw`[1-9]\d{0,2}(?:(?:,\d{3})+(?:\.\d\d?)?|(?:\.\d{3})+(?:,\d\d?)?)`; // 1,200,000 or 10.000.000
const ROUND = String.raw`[1-9]\d{0,3}0000+`; // 25000000 đồng
const YEAR = String.raw`(?:19|20|25)\d\d`; // 2025, or 2568 in the Thai calendar
const STRONG = `(?:${DATE}|${TIME}|${AMOUNT}|${ROUND}|${YEAR})`;
const PLAIN = String.raw`[1-9]\d{0,5}`;
/** One piece between spaces: a date, time, amount or year, or a range of them or of plain numbers. */
const EVERYDAY_PIECE = new RegExp(`^(?:${STRONG}(?:[-–]${STRONG})?|${PLAIN}[-–]${PLAIN})$`);
/** An amount grouped with spaces: 10 000 000. */
const SPACED_AMOUNT = /^[1-9]\d{0,2}(?:[ \u00a0\u202f]\d{3})+$/;

/**
 * Every piece is everyday, or one short plain number stands beside a date, time, amount or year
 * ("12/3/2025 500"). A leading + is always a phone number.
 */
function isEveryday(run: string): boolean {
	if (run.startsWith('+')) return false;
	if (SPACED_AMOUNT.test(run)) return true;
	const pieces = run
		.split(/[^\d.,:/\-–]+/)
		.map((piece) => piece.replace(/^[.,:/\-–]+|[.,:/\-–]+$/g, ''))
		.filter((piece) => /\d/.test(piece));
	const others = pieces.filter((piece) => !EVERYDAY_PIECE.test(piece));
	return (
		others.length < pieces.length &&
		(others.length === 0 || (others.length === 1 && /^[1-9]\d{0,3}$/.test(others[0])))
	);
}
