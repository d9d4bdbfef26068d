/**
 * Storing and checking passphrases. Server only: argon2 is native code.
 */
import { hash, verify, type Algorithm, type Options } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

// Algorithm is a const enum whose values the native binding does not export at run time, so
// `Algorithm.Argon2id` would be undefined under Vite; these are its declared values.
const ARGON2ID = 2 as Algorithm;

/** OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): about 65 ms a hash. */
export const ARGON2_OPTIONS = {
	algorithm: ARGON2ID,
	memoryCost: 19456,
	timeCost: 2,
	parallelism: 1
} as const satisfies Options;

/**
 * NFKC so that one passphrase has one spelling across keyboards: Thai sara am (ำ) can be typed as
 * one character or as two, and full-width letters fold to ordinary ones.
 */
function normalizePassphrase(passphrase: string): string {
	return passphrase.normalize('NFKC');
}

export async function hashPassphrase(passphrase: string): Promise<string> {
	return hash(normalizePassphrase(passphrase), ARGON2_OPTIONS);
}

/** False, never an error, for a stored hash that cannot be read. */
export async function verifyPassphrase(storedHash: string, passphrase: string): Promise<boolean> {
	try {
		return await verify(storedHash, normalizePassphrase(passphrase));
	} catch {
		return false;
	}
}

const PHC_ARGON2 =
	/^\$(argon2(?:id|i|d))\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+)\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/;
const ARGON2_VERSION_13 = 19;

/** True when a stored hash was made with other settings than today's, so sign-in should redo it. */
export function needsRehash(storedHash: string): boolean {
	const match = PHC_ARGON2.exec(storedHash);
	if (!match) return true;
	const [, algorithm, version, memoryCost, timeCost, parallelism] = match;
	return (
		algorithm !== 'argon2id' ||
		Number(version) !== ARGON2_VERSION_13 ||
		Number(memoryCost) !== ARGON2_OPTIONS.memoryCost ||
		Number(timeCost) !== ARGON2_OPTIONS.timeCost ||
		Number(parallelism) !== ARGON2_OPTIONS.parallelism
	);
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the time of a real check when no account has the pseudonym, so the answer's timing does
 * not tell a stranger which pseudonyms exist.
 */
export async function verifyAgainstDummy(passphrase: string): Promise<false> {
	dummyHash ??= hash(crypto.randomUUID(), ARGON2_OPTIONS).catch((error: unknown) => {
		dummyHash = undefined;
		throw error;
	});
	try {
		await verify(await dummyHash, normalizePassphrase(passphrase));
	} catch {
		// The answer is false whatever happened.
	}
	return false;
}

let commonPassphrases: Set<string> | undefined;

/** From the list shipped with zxcvbn-ts (about 49,000 entries); never asks anything online. */
export function isCommonPassphrase(passphrase: string): boolean {
	commonPassphrases ??= new Set(dictionary['passwords-common']);
	return commonPassphrases.has(normalizePassphrase(passphrase).toLowerCase());
}
