import { describe, expect, it } from 'vitest';
import { oneLanguageCode, STATIC_LOCALE_EXPRESSION } from './one-language-bundles';

const S = STATIC_LOCALE_EXPRESSION;
/** One compiled message as the browser build minifies it: six strings, one dispatcher. */
const chunk =
	'import{t as e}from"./B2sNHAh3.js";' +
	'var t=()=>`This service is archived.`,n=()=>`บริการนี้ถูกเก็บเข้าคลังแล้ว`,' +
	'r=()=>`សេវានេះត្រូវបានរក្សាទុក`,i=()=>`ບໍລິການນີ້ຖືກເກັບ`,a=()=>`ဤဝန်ဆောင်မှုကို`,' +
	'o=()=>`Dịch vụ này đã được lưu trữ.`,' +
	`s=((s={},c={})=>{let l=${S}??c.locale??e();` +
	`return ${S}!==void 0&&c.locale!==void 0&&c.locale!==${S}&&console.warn(` +
	'`Paraglide: options.locale cannot override a locale-specialized client bundle; use a full document navigation to switch locales.`),' +
	'l===`th`?n(s):l===`km`?r(s):l===`lo`?i(s):l===`my`?a(s):l===`vi`?o(s):t(s)});export{s as t};';

const texts = {
	en: 'This service is archived.',
	th: 'บริการนี้ถูกเก็บเข้าคลังแล้ว',
	km: 'សេវានេះត្រូវបានរក្សាទុក',
	lo: 'ບໍລິການນີ້ຖືກເກັບ',
	my: 'ဤဝန်ဆောင်မှုကို',
	vi: 'Dịch vụ này đã được lưu trữ.'
};

describe('oneLanguageCode', () => {
	for (const [locale, text] of Object.entries(texts)) {
		it(`keeps ${locale}'s string and drops the other five`, async () => {
			const code = oneLanguageCode('chunks/x.js', chunk, locale, 'es2020');
			expect(code).toContain(text);
			for (const other of Object.values(texts).filter((t) => t !== text)) {
				expect(code).not.toContain(other);
			}
			expect(code).not.toContain('__PARAGLIDE_STATIC_LOCALE__');
			expect(code).not.toContain('console.warn');
			// Still a module exporting the message under its name, and it answers in that language.
			const module = await import(
				`data:text/javascript,${encodeURIComponent(code.replace(/import[^;]*;/, ''))}`
			);
			expect(module.t()).toBe(text);
		});
	}

	it('leaves a file without messages as it was built', () => {
		const plain = 'import{a as e}from"./x.js";var t=1;export{t as b};';
		expect(oneLanguageCode('chunks/y.js', plain, 'th', 'es2020')).toBe(plain);
	});
});
