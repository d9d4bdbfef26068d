import type { Locale } from '$lib/paraglide/runtime';

/*
 * A name to offer someone joining a circle. Never their login nickname: everyone in the circle
 * would learn what they sign in with. Everyday words in the member's language (flowers, birds,
 * trees) and two digits, so that two people offered the same word rarely collide; they may type
 * any name they like instead.
 */
const WORDS: Record<Locale, readonly string[]> = {
	en: ['Lotus', 'Orchid', 'Jasmine', 'Heron', 'Willow', 'Sparrow', 'Bamboo', 'Lantern'],
	th: ['ดอกบัว', 'กล้วยไม้', 'มะลิ', 'นกเขา', 'ไผ่', 'ดาวเรือง', 'ลีลาวดี', 'นกกระจิบ'],
	km: ['ផ្កាឈូក', 'ម្លិះ', 'រំដួល', 'ផ្កាចន្ទ', 'ឫស្សី', 'ត្នោត', 'ផ្កាម្លិះ', 'ចាបមាស'],
	lo: ['ດອກບົວ', 'ຈຳປາ', 'ມະລິ', 'ໄມ້ໄຜ່', 'ນົກເຂົາ', 'ດອກຄູນ', 'ດາວເຮືອງ', 'ນົກແອ່ນ'],
	my: ['ကြာပန်း', 'စံပယ်', 'ပိတောက်', 'သစ်ခွ', 'ဝါး', 'ဇီဇဝါ', 'ခိုငှက်', 'ကြယ်ပွင့်'],
	vi: ['Sen', 'Lan', 'Nhài', 'Tre', 'Cò', 'Mai', 'Đào', 'Sáo']
};

export function suggestCircleName(locale: Locale): string {
	const [word, number] = crypto.getRandomValues(new Uint32Array(2));
	const words = WORDS[locale];
	return `${words[word % words.length]}${10 + (number % 90)}`;
}
