import { describe, expect, it } from 'vitest';
import { contactOrRecruitment, type HoldCategory } from './contact-rules';

type Case = [name: string, message: string];

/** Every language's table, run as three groups: held as contact, held as recruitment, let through. */
const LANGUAGES: Record<string, Record<HoldCategory | 'ordinary', Case[]>> = {
	English: {
		contact: [
			['an international number', 'Call me on +66 81 234 5678 tonight'],
			['a number with dashes', 'ring 081-234-5678 after six'],
			['a number with brackets', 'the office is (02) 123-4567'],
			['LINE with context', 'Add me on LINE: mai_88'],
			['a LINE id', 'my line id is mai88'],
			['WhatsApp', 'message me on WhatsApp'],
			['IMO with context', 'find me on IMO app'],
			['a short link', 'look at bit.ly/3abcd'],
			['a web address', 'see https://example.org/jobs'],
			['an e-mail address', 'email me at mai@example.de'],
			['a handle', 'follow @mai_rises for updates']
		],
		recruitment: [
			['a job offer with a visa', 'Job offer in Malaysia, free visa, no fees'],
			['an agent and a passport', 'I know an agent who can get you a passport fast'],
			['recruiting with a salary', 'We are recruiting factory workers, good salary'],
			['work abroad and a broker', 'Want to work abroad? Talk to my broker']
		],
		ordinary: [
			['"stand in line"', 'I had to stand in line for two hours at the clinic today'],
			['"Caroline" and "online"', 'Caroline said the online session was helpful'],
			['"lineup"', 'The lineup at the festival was fun'],
			['"imo"', 'imo you are doing great, keep going'],
			['"my line manager"', 'My line manager at the new shop was kind to me'],
			['an age', 'I am 25 and I finally feel safe'],
			['an amount', 'I saved 5,000 baht this month'],
			['a date and time', 'We meet on 12/3/2025 at 10:30'],
			['a range of years', 'Between 2019-2023 I was far from home']
		]
	},
	Thai: {
		contact: [
			['a number in Thai digits', 'ทักมาได้นะ ๐๘๑-๒๓๔-๕๖๗๘'],
			['a number with spaces', 'โทรมาได้ตลอด 081 234 5678'],
			['a number split by zero-width spaces', 'โทร ๐๘๑\u200b๒๓๔\u200b๕๖๗๘'],
			['a number in full-width digits', 'โทร ０８１２３４５６７８ นะ'],
			['LINE', 'แอดไลน์มาคุยกันนะ'],
			['Facebook', 'ติดต่อทางเฟสบุ๊คได้เลย'],
			['WhatsApp', 'มีอะไรทักวอทส์แอพมานะ'],
			['a LINE link', 'ดูรายละเอียดที่ line.me/ti/p/abc123'],
			['"phone number"', 'ขอเบอร์โทรหน่อยได้ไหม']
		],
		recruitment: [
			['a job advert', 'รับสมัครงานโรงงานที่เกาหลี เงินเดือนดี'],
			['a broker for work abroad', 'ใครอยากไปทำงานต่างประเทศ ติดต่อนายหน้าได้'],
			['a visa and fees', 'ช่วยทำวีซ่าให้ ค่าธรรมเนียมไม่แพง'],
			['looking for work', 'หางานอยู่ไหม มีงานดีๆ'],
			['a passport', 'ต้องใช้หนังสือเดินทางด้วยนะ'],
			['a queue fee', 'ค่าหัวคิวแค่ 20,000 บาท']
		],
		ordinary: [
			['ทำงาน "to work"', 'วันนี้ทำงานเหนื่อยมาก แต่ก็ผ่านไปได้'],
			['an age', 'ฉันอายุ 25 ปี กลับบ้านมาได้ 3 เดือนแล้ว'],
			['an amount', 'ได้เงินช่วยเหลือ 5,000 บาท ดีใจมาก'],
			['a date and a time', 'เจอกันวันที่ 12/3/2568 เวลา 10.30 น. นะ'],
			['a dotted date and a time range', 'ประชุมกลุ่ม 12.03.2025 10.30-12.00 น.'],
			['a range of years', 'ช่วงปี 2566-2567 ลำบากมาก'],
			['ออนไลน์ "online"', 'ตอนนี้เรียนออนไลน์อยู่ สนุกดี'],
			['ปัญหางาน "a problem at work"', 'มีปัญหางานที่บ้านนิดหน่อย ขอบคุณที่รับฟังนะ'],
			['ไลน์ผลิต "a production line"', 'เคยทำงานไลน์ผลิตมาก่อน ตอนนี้พักอยู่บ้าน'],
			['encouragement', 'ขอบคุณทุกคนที่ให้กำลังใจนะคะ']
		]
	},
	Khmer: {
		contact: [
			['a number in Khmer digits', 'ទាក់ទងខ្ញុំតាមលេខ ០១២ ៣៤៥ ៦៧៨'],
			['a number with dashes', 'លេខខ្ញុំ 012-345-678'],
			['an international number', '+855 12 345 678'],
			['Telegram', 'ឆាតតាមតេឡេក្រាមបានទេ?'],
			['Viber', 'មានអ្វីឆាតមកវ៉ាយប័រ'],
			['Facebook and a link', 'ហ្វេសប៊ុកខ្ញុំ facebook.com/sokha.123'],
			['"phone number"', 'អាចផ្ញើលេខទូរស័ព្ទមកបានទេ']
		],
		recruitment: [
			['good pay and a broker', 'មានការងារនៅថៃ ប្រាក់ខែខ្ពស់ ជើងសារជួយរៀបចំ'],
			['a passport and a visa', 'ត្រូវការលិខិតឆ្លងដែន និងទិដ្ឋាការ'],
			['recruiting staff', 'ក្រុមហ៊ុនជ្រើសរើសបុគ្គលិកទៅកូរ៉េ'],
			['looking for work', 'អ្នកណាចង់រកការងារ? ខ្ញុំជួយធ្វើវីសាបាន']
		],
		ordinary: [
			['thanks', 'សូមអរគុណសម្រាប់ការគាំទ្រ ខ្ញុំមានអារម្មណ៍ល្អជាងមុន'],
			['an age in Khmer digits', 'ខ្ញុំអាយុ ២៥ ឆ្នាំ'],
			['a date and time', 'ថ្ងៃទី 12/3/2025 ម៉ោង 10:30 យើងជួបគ្នា'],
			['an amount', 'ខ្ញុំទិញអង្ករ 40,000 រៀល'],
			['ធ្វើការ "to work"', 'ថ្ងៃនេះខ្ញុំធ្វើការនៅផ្ទះ'],
			['"online"', 'ខ្ញុំរៀន online រាល់ល្ងាច']
		]
	},
	Lao: {
		contact: [
			['a number in Lao digits', 'ໂທຫາຂ້ອຍ ໐໒໐ ໕໕໕໕ ໑໒໓໔'],
			['a number with dashes', 'ເບີຂ້ອຍ 020-5555-1234'],
			['LINE', 'ແອັດລາຍມາເດີ'],
			['LINE spelled ໄລນ໌', 'ຕິດຕໍ່ທາງໄລນ໌ໄດ້'],
			['WhatsApp', 'ລົມກັນທາງວັອດແອັບໄດ້ບໍ່'],
			['Viber', 'ມີຫຍັງທັກໄວເບີມາ'],
			['Facebook and a link', 'ຕິດຕໍ່ທາງເຟສບຸກ www.facebook.com/noy'],
			['"phone number"', 'ສົ່ງເບີໂທມາແດ່']
		],
		recruitment: [
			['recruiting for work abroad', 'ຮັບສະໝັກພະນັກງານໄປເຮັດວຽກຢູ່ຕ່າງປະເທດ ເງິນເດືອນສູງ'],
			['a broker and a visa', 'ນາຍໜ້າຈະຊ່ວຍເຮັດວີຊາໃຫ້'],
			['a fee', 'ຄ່າທຳນຽມ 5,000,000 ກີບ'],
			['looking for work', 'ໃຜຢາກຫາວຽກ ບອກມາເດີ'],
			['a passport', 'ຕ້ອງມີໜັງສືຜ່ານແດນ'],
			['a passport typed with ຫນ', 'ຕ້ອງມີຫນັງສືຜ່ານແດນ']
		],
		ordinary: [
			['ຫລາຍ "many"', 'ຂອບໃຈຫລາຍໆເດີ ທຸກຄົນ'],
			['ລາຍໄດ້ "income"', 'ລາຍໄດ້ເດືອນນີ້ດີຂຶ້ນ'],
			['ເຮັດວຽກ "to work"', 'ມື້ນີ້ຂ້ອຍເຮັດວຽກໜັກ ແຕ່ສະບາຍດີ'],
			['ບັນຫາວຽກ "a problem at work"', 'ມີບັນຫາວຽກນິດໜ່ອຍ'],
			['an age in Lao digits', 'ຂ້ອຍອາຍຸ ໒໕ ປີ'],
			['a date and time', 'ນັດກັນວັນທີ 12/3/2025 ເວລາ 9:00'],
			['an amount', 'ຊື້ເຂົ້າ 50.000 ກີບ']
		]
	},
	Burmese: {
		contact: [
			['a number in Myanmar digits', 'ဖုန်းဆက်ပါ ၀၉ ၄၂၁ ၂၃၄ ၅၆၇'],
			['a number with dashes', 'ကျွန်မနံပါတ် 09-421-234-567'],
			['Viber', 'ဗိုင်ဘာကနေ ဆက်သွယ်ပါ'],
			['Facebook', 'ဖေ့ဘွတ်မှာ add ပါ'],
			['LINE', 'လိုင်းမှာ ပြောမယ်'],
			['Telegram and a link', 'တယ်လီဂရမ် t.me/mya_mya'],
			['"phone number"', 'ဖုန်းနံပါတ် ပို့ပေးပါ']
		],
		recruitment: [
			['hiring with good pay', 'ထိုင်းမှာ အလုပ်ခေါ်နေတယ် လစာကောင်းတယ်'],
			['a brokerage fee', 'ပွဲခ ၅ သိန်း ပေးရမယ်'],
			['an agent and a visa', 'အကျိုးဆောင်က ဗီဇာ လုပ်ပေးမယ်'],
			['a passport', 'နိုင်ငံကူးလက်မှတ် ရှိလား'],
			['a passport, loan word', 'ပတ်စပို့ လုပ်ပေးမယ်']
		],
		ordinary: [
			['thanks', 'အားပေးတဲ့အတွက် ကျေးဇူးတင်ပါတယ်'],
			['အွန်လိုင်း "online"', 'အွန်လိုင်းမှာ သင်တန်းတက်နေတယ်'],
			['ဖုန်းလိုင်း "the phone signal"', 'ဖုန်းလိုင်းမကောင်းလို့ နောက်ကျသွားတယ်'],
			['ပွဲခင်း "a fair"', 'ပွဲခင်းမှာ သွားလည်တယ်'],
			['an age in Myanmar digits', 'ကျွန်မ အသက် ၂၅ နှစ်ပါ'],
			['an amount', 'ငွေ ၅၀,၀၀၀ ကျပ် ရတယ်'],
			['a time', 'မနက် ၁၀:၃၀ မှာ တွေ့မယ်']
		]
	},
	Vietnamese: {
		contact: [
			['Zalo and a number', 'Kết bạn Zalo với mình nha 0912 345 678'],
			['a number with dots', 'của chị đây: 0912.345.678'],
			['a number in full-width digits', 'gọi ０９１２３４５６７８ nhé'],
			['"sđt"', 'sđt của em là gì vậy?'],
			['"phone number" without diacritics', 'so dien thoai cua minh ne'],
			['"add friend" typed decomposed', 'Ke\u0302\u0301t ba\u0323n với chị nhé'],
			['inbox', 'Inbox mình nhé'],
			['a link', 'Xem thêm tại https://example.vn/viec'],
			['a handle', 'nick face của em là @lan.nguyen']
		],
		recruitment: [
			['recruiting with high pay', 'Công ty tuyển dụng lao động đi Nhật, lương cao'],
			['labour export and a broker fee', 'Cần người đi xuất khẩu lao động, phí môi giới thấp'],
			['a passport, a visa and fees', 'Làm hộ chiếu và visa nhanh, lệ phí rẻ'],
			['jobs', 'Có việc làm ở Đài Loan, ai quan tâm không?'],
			['no diacritics', 'tuyen dung gap, viec lam tot'],
			['capitals', 'VIỆC LÀM LƯƠNG CAO'],
			['decomposed diacritics', 'Co\u0302ng ty mo\u0302i gio\u031B\u0301i uy tín']
		],
		ordinary: [
			['thanks', 'Cảm ơn mọi người đã lắng nghe, mình thấy nhẹ lòng hơn'],
			['làm việc "to work"', 'Hôm nay mình làm việc ở nhà, hơi mệt'],
			['an amount', 'Tuần trước mình nhận được 5.000.000 đồng hỗ trợ'],
			['a large amount', 'Tháng này mình tiết kiệm được 10.000.000 đồng'],
			['a date and a time', 'Hẹn gặp ngày 12.03.2025 lúc 10.30 nhé'],
			['an age', 'Em năm nay 25 tuổi rồi'],
			['"online"', 'Mình đang học online buổi tối']
		]
	}
};

describe.each(Object.entries(LANGUAGES))('contactOrRecruitment in %s', (_language, cases) => {
	it.each(cases.contact)('holds %s as contact', (_name, message) => {
		expect(contactOrRecruitment(message)).toBe('contact');
	});

	it.each(cases.recruitment)('holds %s as recruitment', (_name, message) => {
		expect(contactOrRecruitment(message)).toBe('recruitment');
	});

	it.each(cases.ordinary)('lets through %s', (_name, message) => {
		expect(contactOrRecruitment(message)).toBeNull();
	});
});

describe('contactOrRecruitment', () => {
	it('prefers contact when a message is both', () => {
		expect(contactOrRecruitment('Job offer, visa included, call 081-234-5678')).toBe('contact');
		expect(contactOrRecruitment('รับสมัครงาน แอดไลน์ @jobs123')).toBe('contact');
	});

	it('lets an empty message through', () => {
		expect(contactOrRecruitment('')).toBeNull();
	});

	it('counts digits in any script, mixed', () => {
		expect(contactOrRecruitment('0๘1-២៣៤-໕၆78')).toBe('contact');
	});
});
