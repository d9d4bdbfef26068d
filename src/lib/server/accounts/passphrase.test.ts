import { hash, type Algorithm } from '@node-rs/argon2';
import { beforeAll, describe, expect, it } from 'vitest';
import {
	ARGON2_OPTIONS,
	hashPassphrase,
	isCommonPassphrase,
	needsRehash,
	verifyAgainstDummy,
	verifyPassphrase
} from './passphrase';

// Each argon2 hash or verify takes tens of milliseconds, so the tests share a few hashes.
const LATIN = 'correct horse battery staple';
// Thai sara am typed as one character (U+0E33); some keyboards type it as two (U+0E4D U+0E32).
const THAI = 'น้ำฝนชอบดอกไม้';
const THAI_TWO_CHARACTER_SARA_AM = 'น้\u0E4D\u0E32ฝนชอบดอกไม้';
// Algorithm.Argon2i: the const enum has no values at run time under Vite.
const ARGON2I = 1 as Algorithm;

async function timed(work: () => Promise<unknown>): Promise<number> {
	const started = performance.now();
	await work();
	return performance.now() - started;
}

let latinHash: string;
let thaiHash: string;

beforeAll(async () => {
	[latinHash, thaiHash] = await Promise.all([hashPassphrase(LATIN), hashPassphrase(THAI)]);
});

describe('hashPassphrase', () => {
	it('makes an argon2id PHC string with the chosen settings and a fresh salt', async () => {
		expect(latinHash).toMatch(
			/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/
		);
		expect(thaiHash).not.toBe(latinHash);
		expect(latinHash).not.toContain(LATIN);
	});
});

describe('verifyPassphrase', () => {
	it.each<[string, () => string, string, boolean]>([
		['the right passphrase', () => latinHash, LATIN, true],
		['a wrong passphrase', () => latinHash, 'correct horse battery stapler', false],
		['a different case', () => latinHash, LATIN.toUpperCase(), false],
		['the empty passphrase', () => latinHash, '', false],
		['a Thai passphrase', () => thaiHash, THAI, true],
		[
			'a Thai passphrase with sara am typed as two characters',
			() => thaiHash,
			THAI_TWO_CHARACTER_SARA_AM,
			true
		],
		['a Thai passphrase missing a tone mark', () => thaiHash, 'นำฝนชอบดอกไม้', false],
		['another account’s hash', () => thaiHash, LATIN, false]
	])('%s', async (_case, storedHash, passphrase, expected) => {
		expect(await verifyPassphrase(storedHash(), passphrase)).toBe(expected);
	});

	it.each([
		['empty', ''],
		['not a hash', 'hunter2'],
		['bcrypt', '$2b$10$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234'],
		['argon2 with a broken salt', '$argon2id$v=19$m=19456,t=2,p=1$abc$def'],
		['argon2 missing its hash', '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0']
	])('is false, not an error, for a malformed hash: %s', async (_case, storedHash) => {
		await expect(verifyPassphrase(storedHash, LATIN)).resolves.toBe(false);
	});
});

describe('needsRehash', () => {
	it('is false for a hash made today', () => {
		expect(needsRehash(latinHash)).toBe(false);
		expect(needsRehash(thaiHash)).toBe(false);
	});

	it.each<[string, Parameters<typeof hash>[1]]>([
		['argon2i', { ...ARGON2_OPTIONS, algorithm: ARGON2I }],
		['less memory and fewer passes', { ...ARGON2_OPTIONS, memoryCost: 4096, timeCost: 1 }]
	])('is true for a real hash made with %s', async (_case, options) => {
		const weaker = await hash(LATIN, options);
		expect(needsRehash(weaker)).toBe(true);
		// It still verifies, so sign-in can check it and then store a new hash.
		expect(await verifyPassphrase(weaker, LATIN)).toBe(true);
	});

	const salt = 'c2FsdHNhbHRzYWx0c2FsdA';
	const digest = 'AgTdq1wmU0ilARJVndug84uLX1a4VsFR5tx05WGe0z4';
	it.each([
		['the same settings', `$argon2id$v=19$m=19456,t=2,p=1$${salt}$${digest}`, false],
		['argon2i', `$argon2i$v=19$m=19456,t=2,p=1$${salt}$${digest}`, true],
		['argon2d', `$argon2d$v=19$m=19456,t=2,p=1$${salt}$${digest}`, true],
		['the old version 0x10', `$argon2id$v=16$m=19456,t=2,p=1$${salt}$${digest}`, true],
		['less memory', `$argon2id$v=19$m=4096,t=2,p=1$${salt}$${digest}`, true],
		['more memory', `$argon2id$v=19$m=65536,t=2,p=1$${salt}$${digest}`, true],
		['one pass', `$argon2id$v=19$m=19456,t=1,p=1$${salt}$${digest}`, true],
		['more lanes', `$argon2id$v=19$m=19456,t=2,p=4$${salt}$${digest}`, true],
		['bcrypt', '$2b$10$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234', true],
		['garbage', 'not a hash', true],
		['empty', '', true]
	])('on a stored hash with %s is %s', (_case, storedHash, expected) => {
		expect(needsRehash(storedHash)).toBe(expected);
	});
});

describe('verifyAgainstDummy', () => {
	it('is false for any passphrase, including the empty one and a Thai one', async () => {
		for (const passphrase of ['', LATIN, THAI]) {
			expect(await verifyAgainstDummy(passphrase)).toBe(false);
		}
	});

	it('takes about as long as checking a real hash', async () => {
		await verifyAgainstDummy('warm up');
		const real: number[] = [];
		const dummy: number[] = [];
		for (let round = 0; round < 5; round++) {
			real.push(await timed(() => verifyPassphrase(latinHash, 'a wrong passphrase')));
			dummy.push(await timed(() => verifyAgainstDummy('a wrong passphrase')));
		}
		// Fastest of each, so a busy machine does not make the test flaky; an early return would
		// be hundreds of times faster than argon2, not half as fast.
		expect(Math.min(...dummy)).toBeGreaterThan(Math.min(...real) / 2);
	});
});

describe('isCommonPassphrase', () => {
	it.each([
		['password1', true],
		['12345678', true],
		['qwertyuiop', true],
		['Password1', true],
		['QWERTYUIOP', true],
		['ｐａｓｓｗｏｒｄ１', true],
		['iloveyou', true],
		['correct horse battery staple', false],
		['ดอกไม้บานตอนเช้าวันจันทร์', false],
		['tuesday-kettle-orbit-lantern-73', false],
		['', false]
	])('%s is %s', (passphrase, expected) => {
		expect(isCommonPassphrase(passphrase)).toBe(expected);
	});
});
