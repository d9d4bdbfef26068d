import { describe, expect, it } from 'vitest';
import settings from '../project.inlang/settings.json';
import { catalogueProblems, patternsOf, readCatalogues } from './helpers/catalogues';

const catalogues = readCatalogues();
const base = catalogues[settings.baseLocale];

describe('message catalogues', () => {
	it('exist for exactly the six languages', () => {
		expect(Object.keys(catalogues).sort()).toEqual(['en', 'km', 'lo', 'my', 'th', 'vi']);
		expect([...settings.locales].sort()).toEqual(Object.keys(catalogues).sort());
	});

	it.each(settings.locales.filter((locale) => locale !== settings.baseLocale))(
		'%s has every key, none empty, with the same placeholders',
		(locale) => {
			expect(catalogueProblems(base, catalogues[locale])).toEqual([]);
		}
	);

	it('catches a missing key, an empty one, a lost placeholder and a stray one', () => {
		const { home_title: _missing, ...rest } = base;
		const broken = {
			...rest,
			error_title: ' ',
			home_heading: 'Welcome',
			stray_key: 'x'
		};
		expect(catalogueProblems(base, broken)).toEqual([
			'home_title: missing',
			'home_heading: placeholders differ',
			'error_title: empty',
			'stray_key: not in the base catalogue'
		]);
	});

	it('never uses words that would reveal what the site is for', () => {
		const words = /victim|traffick|survivor|rescue/i;
		const offending = Object.entries(base).filter(([, message]) =>
			patternsOf(message).some((text) => words.test(text))
		);
		expect(offending).toEqual([]);
	});
});
