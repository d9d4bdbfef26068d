import { describe, expect, it } from 'vitest';
import { formKeyHash, openResult, sealResult } from './sealed-result';

const use = { scope: 'signup', key: crypto.randomUUID() };
const value = { token: 'secret-token', codes: ['AAAA-BBBB'], at: new Date(0), count: 12n };

describe('sealed results', () => {
	it('open with the same key and scope, dates and bigints intact', () => {
		expect(openResult(sealResult(value, use), use)).toEqual(value);
	});

	it('hold no readable trace of the value or the key', () => {
		const sealed = sealResult(value, use).toString('latin1');
		expect(sealed).not.toContain('secret-token');
		expect(sealed).not.toContain('AAAA-BBBB');
		expect(formKeyHash(use)).toMatch(/^[0-9a-f]{64}$/);
		expect(formKeyHash(use)).not.toContain(use.key.replaceAll('-', ''));
	});

	it('do not open with another key or scope, or once altered', () => {
		const sealed = sealResult(value, use);
		expect(() => openResult(sealed, { ...use, key: crypto.randomUUID() })).toThrow();
		expect(() => openResult(sealed, { ...use, scope: 'other' })).toThrow();
		const altered = Buffer.from(sealed);
		altered[20] ^= 1;
		expect(() => openResult(altered, use)).toThrow();
	});
});
