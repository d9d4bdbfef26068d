import { fold } from './fold';

/**
 * Digits spelled as words, per language, so "zero eight one…" or "ศูนย์แปดหนึ่ง…" reaches the
 * phone-number check as 081…. Many are everyday words too (Vietnamese "năm" is also "year", Thai
 * "สาม" starts "สามี" husband); only a run of eight or more digits counts, so they are harmless
 * elsewhere.
 */
const NUMBER_WORDS: Record<string, readonly (readonly string[])[]> = {
	// zero … nine; "oh" and "nought" are read aloud for 0
	en: [
		['zero', 'oh', 'nought'],
		['one'],
		['two'],
		['three'],
		['four'],
		['five'],
		['six'],
		['seven'],
		['eight'],
		['nine']
	],
	// โท is how 2 is read in phone numbers
	th: [['ศูนย์'], ['หนึ่ง'], ['สอง', 'โท'], ['สาม'], ['สี่'], ['ห้า'], ['หก'], ['เจ็ด'], ['แปด'], ['เก้า']],
	km: [['សូន្យ'], ['មួយ'], ['ពីរ'], ['បី'], ['បួន'], ['ប្រាំ'], ['ប្រាំមួយ'], ['ប្រាំពីរ'], ['ប្រាំបី'], ['ប្រាំបួន']],
	lo: [['ສູນ'], ['ໜຶ່ງ', 'ນຶ່ງ'], ['ສອງ'], ['ສາມ'], ['ສີ່'], ['ຫ້າ'], ['ຫົກ'], ['ເຈັດ'], ['ແປດ'], ['ເກົ້າ']],
	my: [['သုည'], ['တစ်'], ['နှစ်'], ['သုံး'], ['လေး'], ['ငါး'], ['ခြောက်'], ['ခုနစ်'], ['ရှစ်'], ['ကိုး']],
	// With and without diacritics; "tư" and "lăm" are 4 and 5 in spoken numbers
	vi: [
		['không', 'khong'],
		['một', 'mot'],
		['hai'],
		['ba'],
		['bốn', 'bon', 'tư'],
		['năm', 'nam', 'lăm'],
		['sáu', 'sau'],
		['bảy', 'bẩy', 'bay'],
		['tám', 'tam'],
		['chín', 'chin']
	]
};

const VALUE = new Map<string, string>();
for (const digits of Object.values(NUMBER_WORDS))
	digits.forEach((words, digit) => words.forEach((word) => VALUE.set(fold(word), String(digit))));

/**
 * Latin words must stand alone ("one" not in "someone"); Thai, Khmer, Lao and Burmese run words
 * together, so theirs match anywhere. Longest first, so ប្រាំមួយ (six) wins over ប្រាំ (five).
 */
const WORDS = new RegExp(
	[...VALUE.keys()]
		.sort((a, b) => b.length - a.length)
		.map((word) =>
			/^\p{Script=Latin}+$/u.test(word) ? `(?<![\\p{L}\\p{M}])${word}(?![\\p{L}\\p{M}])` : word
		)
		.join('|'),
	'gu'
);

/** The text with every number word (of a folded text) replaced by its digit. */
export function spelledDigits(folded: string): string {
	return folded.replace(WORDS, (word) => VALUE.get(word) ?? word);
}
