import { describe, expect, it } from 'vitest';
import { pseudonymProblem } from '$lib/accounts/pseudonym-rules';
import { locales } from '$lib/paraglide/runtime';
import { suggestCircleName } from './name-suggestion';

describe('suggestCircleName', () => {
	it.each(locales)('offers names in %s that a circle accepts', (locale) => {
		const offered = new Set(Array.from({ length: 200 }, () => suggestCircleName(locale)));
		for (const name of offered) expect(pseudonymProblem(name), name).toBeNull();
		// Many different names, so two newcomers are rarely offered the same one.
		expect(offered.size).toBeGreaterThan(50);
	});
});
