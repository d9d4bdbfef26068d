import { describe, expect, it } from 'vitest';
import { isBlank } from './blank';

describe('blank text', () => {
	it.each(['', '   ', '\u200b', '\u200b\u200c\u200d\ufeff', ' \u2060\u00ad\u202e ', '\n\t\u200e'])(
		'%j shows nothing',
		(text) => expect(isBlank(text)).toBe(true)
	);

	it.each(['a', '\u200bhello', 'ក', 'ສະ', '😀', '👩\u200d👩\u200d👧', '1'])(
		'%j shows something',
		(text) => expect(isBlank(text)).toBe(false)
	);
});
