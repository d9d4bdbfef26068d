/**
 * Which group-chat messages wait for a facilitator before peers see them: ones that share a way to
 * reach someone off the platform (a phone number, link, handle or chat app) or that recruit for
 * work, the usual way people are drawn back into exploitation. Pure, no I/O.
 *
 * A hold is not a verdict: a facilitator reads the message and lets it through, so the rules lean
 * towards holding. Members write in Thai, Khmer, Lao, Burmese, Vietnamese and English; the word
 * lists are grouped by language so that a native speaker can review each one.
 */

export type HoldCategory = 'contact' | 'recruitment';

/** Why a message should wait for a facilitator, or null. Pure, no I/O. */
export function contactOrRecruitment(body: string): HoldCategory | null {
	const text = fold(body);
	// Contact first: a recruiter's message almost always ends with a way to reach them.
	if (hasPhoneNumber(text) || LINK.test(text) || CONTACT.test(text)) return 'contact';
	if (RECRUITMENT.test(text)) return 'recruitment';
	return null;
}

/** A word or phrase (see anyOf), or a pattern where a word needs context, written in lower case. */
type Entry = string | RegExp;

/** Chat apps, social networks and "send me your number", per language. */
const CONTACT_WORDS: Record<string, readonly Entry[]> = {
	// English, and the Latin app names typed in every language. "line" and "imo" ("in my opinion")
	// are everyday English, so they count only with context: "line id", "line:", "add me on line".
	en: [
		/(?<!\p{L})(?:line|imo)\s*(?:id|app)(?!\p{L})/u,
		/(?<!\p{L})line\s*:/u,
		/(?<!\p{L})id\s*(?:line|imo)(?!\p{L})/u,
		/(?<!\p{L})(?:add|my|via)\s+(?:me\s+(?:on\s+)?)?(?:line|imo)(?!\p{L})(?!\s+(?:of|manager))/u,
		/(?<!\p{L})line\s+me(?!\p{L})/u,
		'telegram',
		'whatsapp',
		'whats app',
		'viber',
		'facebook',
		'fb',
		'messenger',
		'zalo',
		'wechat',
		'tiktok',
		'tik tok',
		'instagram',
		'insta',
		'ig',
		'kakaotalk',
		'twitter',
		'snapchat',
		'phone number',
		'my number',
		'contact number',
		'dm me',
		'pm me',
		'text me',
		'email me',
		'e-mail me'
	],
	// Thai: LINE (not ออนไลน์/ออฟไลน์ "online/offline", nor ไลน์ผลิต "production line"), apps, "phone number"
	th: [
		/(?<!ออน|ออฟ)ไลน์?(?!ผลิต)/u,
		'เฟสบุ๊ค',
		'เฟซบุ๊ก',
		'เฟส',
		'เฟซ',
		'เมสเซนเจอร์',
		'แมสเซนเจอร์',
		'วอทส์แอพ',
		'วอทส์แอป',
		'วอทแอพ',
		'วอทแอป',
		'วอตส์แอป',
		'วอทซ์แอพ',
		'ไวเบอร์',
		'เทเลแกรม',
		'เทเลแกม',
		'ซาโล',
		'วีแชท',
		'วีแชต',
		'ติ๊กต็อก',
		'ติ๊กตอก',
		'ติกต็อก',
		'อินสตา',
		'ไอจี',
		'เบอร์โทร',
		'เบอร์ติดต่อ',
		'เบอร์มือถือ',
		'ขอเบอร์',
		'อินบ็อกซ์',
		'อินบ๊อกซ์',
		'ทักแชท'
	],
	// Khmer: LINE, Facebook, Messenger, Telegram, Viber, WhatsApp, WeChat, TikTok, Instagram, "phone number", inbox
	km: [
		'ឡាញ',
		'ឡាញ់',
		'ហ្វេសប៊ុក',
		'ហ្វេសបុក',
		'ហ្វេស',
		'មេសេនជ័រ',
		'ម៉េសេនជ័រ',
		'តេឡេក្រាម',
		'តេលេក្រាម',
		'វ៉ាយប័រ',
		'វាយប័រ',
		'វ៉ាត់សាប់',
		'វ៉ាត់អាប់',
		'វីឆាត',
		'តិកតុក',
		'ធីកតុក',
		'អ៊ីនស្តាក្រាម',
		'លេខទូរស័ព្ទ',
		'លេខទូរសព្ទ',
		'លេខទំនាក់ទំនង',
		'អ៊ីនបុក'
	],
	// Lao: LINE (ລາຍ also starts ລາຍການ, ລາຍໄດ້… and ends ຫລາຍ "many", so only with context), apps, "phone number"
	lo: [
		'ໄລນ໌',
		/(?:ແອັດ|ແອດ|ໄອດີ|ທາງ|ທັກ)\s*ລາຍ(?!ການ|ງານ|ໄດ້|ຊື່|ລະອຽດ)/u,
		/ລາຍ\s*(?:ໄອດີ|id)/u,
		/(?<![\p{L}\p{M}])ລາຍ(?![\p{L}\p{M}])/u,
		'ເຟສບຸກ',
		'ເຟສບຸ໊ກ',
		'ເຟດບຸກ',
		'ແມັສເຊັນເຈີ',
		'ເມສເຊັນເຈີ',
		'ວັອດແອັບ',
		'ວອດແອັບ',
		'ວັດແອັບ',
		'ໄວເບີ',
		'ເທເລແກຣມ',
		'ເທເລແກມ',
		'ວີແຊັດ',
		'ວີແຊດ',
		'ຕິກຕອກ',
		'ຕິກຕ໋ອກ',
		'ອິນສະຕາແກຣມ',
		'ເບີໂທ',
		'ເບີຕິດຕໍ່'
	],
	// Burmese: LINE (not အွန်လိုင်း "online", nor ဖုန်းလိုင်း / လိုင်းမကောင်း "the phone signal"), apps, "phone number"
	my: [
		/(?<!အွန်\s*|ဖုန်း\s*)လိုင်း(?!\s*(?:ကား|ကောင်း|မကောင်း|မရ|ကျ|ပြတ်|ဖုန်း))/u,
		'ဖေ့ဘွတ်',
		'ဖေ့စ်ဘွတ်',
		'ဖေ့ဘုတ်',
		'ဖေ့စ်ဘုတ်',
		'မက်ဆင်ဂျာ',
		'တယ်လီဂရမ်',
		'ဗိုင်ဘာ',
		'ဝက်ဆပ်',
		'ဝတ်ဆပ်',
		'ဝီချက်',
		'တိတ်တော့',
		'အင်စတာဂရမ်',
		'အိုင်မို',
		'ဖုန်းနံပါတ်',
		'ဖုန်းနံပတ်'
	],
	// Vietnamese, with and without diacritics: "add friend", "phone number", inbox, Facebook slang
	vi: [
		'kết bạn',
		'ket ban',
		'số điện thoại',
		'so dien thoai',
		'số đt',
		'sđt',
		'sdt',
		'inbox',
		'ib',
		'nhắn riêng',
		'nhan rieng',
		'phây'
	]
};

/** Job offers, visas, fees, brokers, passports, work abroad and pay, per language. */
const RECRUITMENT_WORDS: Record<string, readonly Entry[]> = {
	// English; "job" alone is ordinary talk, so only offers and openings
	en: [
		'job offer*',
		'jobs offer*',
		'job opening*',
		'jobs available',
		'vacanc*',
		'hiring',
		'recruit*',
		'visa',
		'visas',
		'fee',
		'fees',
		'agent',
		'agents',
		'broker*',
		'passport*',
		'work abroad',
		'working abroad',
		'work overseas',
		'working overseas',
		'jobs abroad',
		'jobs overseas',
		'salary',
		'salaries',
		'high pay'
	],
	// Thai; never ทำงาน "to work" alone. หางาน but not ปัญหางาน "a problem at work"; นายหน้า covers ค่านายหน้า
	th: [
		/(?<!ปัญ)หางาน/u,
		'รับสมัคร',
		'วีซ่า',
		'วีซา',
		'นายหน้า',
		'ค่าธรรมเนียม',
		'ค่าหัวคิว',
		'ค่าดำเนินการ',
		'พาสปอร์ต',
		'พาสปอร์ท',
		'หนังสือเดินทาง',
		'งานต่างประเทศ',
		'งานเมืองนอก',
		'เงินเดือนดี',
		'เงินเดือนสูง',
		'รายได้สูง',
		'ต้องการคนงาน',
		'รับคนงาน',
		'ตำแหน่งว่าง',
		'เอเย่น',
		'เอเจนซี่'
	],
	// Khmer: visa, broker, recruiting staff or workers, looking for work, passport, work abroad, pay, fees
	km: [
		'វីសា',
		'ទិដ្ឋាការ',
		'ជើងសារ',
		'ជ្រើសរើសបុគ្គលិក',
		'ជ្រើសរើសកម្មករ',
		'ភ្នាក់ងារជ្រើសរើស',
		'រកការងារ',
		'លិខិតឆ្លងដែន',
		'ប៉ាស្ព័រ',
		'ប៉ាសស្ព័រ',
		'ការងារនៅក្រៅប្រទេស',
		'ធ្វើការនៅក្រៅប្រទេស',
		'ប្រាក់ខែខ្ពស់',
		'ប្រាក់ខែល្អ',
		'ថ្លៃសេវា',
		'ត្រូវការកម្មករ',
		'ត្រូវការបុគ្គលិក'
	],
	// Lao: visa, broker (and fee), recruiting, looking for work (not ບັນຫາວຽກ "a problem at work"), fees, passport, work abroad, pay
	lo: [
		'ວີຊາ',
		'ນາຍໜ້າ',
		'ຮັບສະໝັກ',
		/(?<!ບັນ)ຫາວຽກ/u,
		'ຄ່າທຳນຽມ',
		'ໜັງສືຜ່ານແດນ',
		'ພາສປອດ',
		'ພາສະປອດ',
		'ວຽກຕ່າງປະເທດ',
		'ວຽກຢູ່ຕ່າງປະເທດ',
		'ເງິນເດືອນດີ',
		'ເງິນເດືອນສູງ',
		'ຕ້ອງການຄົນງານ',
		'ຮັບຄົນງານ'
	],
	// Burmese: visa, agent, brokerage fee (not ပွဲခင်း "a fair"), hiring, passport, good pay, work abroad, agency
	my: [
		'ဗီဇာ',
		'အကျိုးဆောင်',
		'ပွဲခ',
		'အလုပ်ခေါ်',
		'ဝန်ထမ်းခေါ်',
		'အလုပ်သမားခေါ်',
		'နိုင်ငံကူးလက်မှတ်',
		'ပတ်စပို့',
		'ပတ်စ်ပို့',
		'လစာကောင်း',
		'ပြည်ပ အလုပ်',
		'နိုင်ငံခြား အလုပ်',
		'အေဂျင်စီ'
	],
	// Vietnamese, with and without diacritics: visa, broker (and fee), recruiting, jobs, labour export, passport, fees, pay
	vi: [
		'visa',
		'thị thực',
		'thi thuc',
		'môi giới',
		'moi gioi',
		'tuyển dụng',
		'tuyen dung',
		'tuyển người',
		'tuyen nguoi',
		'tuyển lao động',
		'việc làm',
		'viec lam',
		'xuất khẩu lao động',
		'xuat khau lao dong',
		'xklđ',
		'xkld',
		'hộ chiếu',
		'ho chieu',
		'lệ phí',
		'lương cao',
		'luong cao',
		'đi làm nước ngoài',
		'di lam nuoc ngoai'
	]
};

/** Zero-width spaces and joiners that keyboards (or evaders) put inside words and numbers. */
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/gu;

/**
 * NFKC turns full-width ０８１ and Ｌｉｎｅ into 081 and Line and composes decomposed Vietnamese.
 * It also splits Thai ำ and Lao ຳ, ໜ, ໝ into two characters, so the word lists are folded the
 * same way, which also matches people who type ຫນ for ໜ. toLowerCase is locale-free.
 */
function fold(text: string): string {
	return text.normalize('NFKC').replace(INVISIBLE, '').toLowerCase();
}

/**
 * One pattern for word lists. A Latin-script entry matches as a whole word, with Unicode-aware
 * lookarounds since \b is ASCII-only (so "online", "Caroline" and "lineup" stay out); a space in
 * it matches any spacing and a trailing * any ending. Thai, Khmer, Lao and Burmese run words
 * together, so their entries match inside text, but must end where a syllable ends: not before a
 * vowel sign or tone mark, nor before a Burmese final consonant (one followed by asat ်).
 */
function anyOf(words: Record<string, readonly Entry[]>): RegExp {
	const sources = Object.values(words)
		.flat()
		.map((entry) => {
			if (entry instanceof RegExp)
				return `(?:${entry.source.normalize('NFKC')})(?!\\p{M}|.\\u103a)`;
			const open = entry.endsWith('*');
			const word = fold(open ? entry.slice(0, -1) : entry);
			const source = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s*');
			if (!/^[\p{Script=Latin}\s-]+$/u.test(word)) return `${source}(?!\\p{M}|.\\u103a)`;
			const latin = '[\\p{Script=Latin}\\p{N}]';
			return `(?<!${latin})${source}${open ? '\\p{L}*' : ''}(?!${latin})`;
		});
	return new RegExp(sources.join('|'), 'u');
}

const CONTACT = anyOf(CONTACT_WORDS);
const RECRUITMENT = anyOf(RECRUITMENT_WORDS);

const TLDS = 'com|net|org|me|io|ly|co|info|biz|th|kh|la|mm|vn';

/** Links, e-mail addresses and handles. Lookbehinds start a match only where a name starts, so a long word is scanned once. */
const LINK = new RegExp(
	[
		String.raw`https?://|www\.`,
		// Bare domains, which also cover co.th, t.me/…, wa.me, line.me, m.me, fb.com and bit.ly
		String.raw`(?<![\p{L}\p{N}-])[\p{L}\p{N}-]+\.(?:${TLDS})(?![\p{L}\p{N}])`,
		String.raw`lin\.ee/`, // LINE's short links
		String.raw`(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+\.\p{L}{2,}`, // e-mail, any top-level domain
		String.raw`@[\p{L}\p{M}\p{N}._]{3,}` // @handles: LINE official accounts, Telegram, TikTok…
	].join('|'),
	'u'
);

/** Digits may be split by spaces, dashes, brackets, or a dot between two digits (not ". " ending a sentence). */
const DIGIT_RUN = /\+?\(?\d(?:(?:[ \t]{0,3}(?:[-()][ \t]{0,3})?|\.)\d)*/g;

// Shapes of everyday numbers that can reach eight digits; checked on the whole run of digits.
const DATE = String.raw`[0-3]?\d[.-][01]?\d[.-](?:(?:19|20|25)\d\d|\d\d)|(?:19|20|25)\d\d[.-][01]?\d[.-][0-3]?\d`;
const TIME = String.raw`[0-2]?\d\.[0-5]\d`; // 10.30, as Thai and Vietnamese write times
const AMOUNT = String.raw`[1-9]\d{0,2}(?:\.\d{3})+|[1-9]\d{0,2}(?:000)+`; // 10.000.000 or 25000000 đồng
const EVERYDAY = `(?:${DATE}|${TIME}|${AMOUNT})`;
const ORDINARY_NUMBERS = [
	// Dates, times and amounts, alone or in lists and ranges: "12.03.2025 10.30-12.00". Each
	// separator matches one way only, so a long run that fails cannot backtrack exponentially.
	new RegExp(`^${EVERYDAY}(?:(?:[ \\t]*-[ \\t]*|[ \\t]+)${EVERYDAY})*$`),
	// A range of plain numbers without a leading zero: "15000-20000", "2566-2567"
	/^[1-9]\d{0,5}[ \t]*-[ \t]*[1-9]\d{0,5}$/
];

/** A phone number has 8 or more digits (in any script) and is not a date, time or amount. */
function hasPhoneNumber(text: string): boolean {
	for (const [run] of toAsciiDigits(text).matchAll(DIGIT_RUN)) {
		const digits = run.replace(/\D/g, '').length;
		if (digits >= 8 && !ORDINARY_NUMBERS.some((shape) => shape.test(run))) return true;
	}
	return false;
}

/**
 * Thai ๐-๙, Khmer ០-៩, Lao ໐-໙, Myanmar ၀-၉ and every other \p{Nd} as 0-9. Unicode encodes each
 * set of decimal digits as a row of ten starting at zero, so a digit's value is its place in the row.
 */
function toAsciiDigits(text: string): string {
	return text.replace(/\p{Nd}/gu, (digit) => {
		const code = digit.codePointAt(0) ?? 0;
		let zero = code;
		while (/\p{Nd}/u.test(String.fromCodePoint(zero - 1))) zero--;
		return String((code - zero) % 10);
	});
}
