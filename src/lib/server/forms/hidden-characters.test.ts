import { describe, expect, it } from 'vitest';
import { formHasHiddenCharacters, hasHiddenCharacters } from './hidden-characters';

describe('hidden characters', () => {
	it.each([
		['a\u0000b', true],
		['\u0007', true],
		['\u001b[31m', true],
		['\u007f', true],
		['line one\nline two\r\n\tindented', false],
		['ภาษาไทย ខ្មែរ ລາວ မြန်မာ Tiếng Việt', false],
		// Zero-width joiners and the like are part of how some scripts are written.
		['a\u200db', false]
	])('%j: %s', (text, expected) => {
		expect(hasHiddenCharacters(text)).toBe(expected);
	});

	const post = (body: BodyInit, type?: string) =>
		new Request('http://localhost/login', {
			method: 'POST',
			body,
			headers: type ? { 'content-type': type } : undefined
		});

	it('finds one in any field of a form, in a name or a value, urlencoded or multipart', async () => {
		expect(
			await formHasHiddenCharacters(post(new URLSearchParams({ nickname: 'mai\u0000' })))
		).toBe(true);
		expect(
			await formHasHiddenCharacters(post(new URLSearchParams({ ['nick\u0000']: 'mai' })))
		).toBe(true);
		const multipart = new FormData();
		multipart.set('body', 'hello\u0000');
		expect(await formHasHiddenCharacters(post(multipart))).toBe(true);
		expect(await formHasHiddenCharacters(post(new URLSearchParams({ nickname: 'mai' })))).toBe(
			false
		);
	});

	it('leaves the request readable for the action, and bodies that are not forms alone', async () => {
		const request = post(new URLSearchParams({ nickname: 'mai' }));
		await formHasHiddenCharacters(request);
		expect((await request.formData()).get('nickname')).toBe('mai');
		expect(await formHasHiddenCharacters(post('{"a":"\\u0000"}', 'application/json'))).toBe(false);
		expect(await formHasHiddenCharacters(post('%%%', 'multipart/form-data; boundary=x'))).toBe(
			false
		);
	});
});
