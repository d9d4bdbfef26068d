import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HEAD_SCRIPT } from '../head-script';
import { allowingHeadScript, HEAD_SCRIPT_SOURCE } from './security-headers';

describe('allowingHeadScript', () => {
	const hash = createHash('sha256').update(HEAD_SCRIPT).digest('base64');

	it("names the head's script (Leave now, Print and Show buttons) by the SHA-256 of the exact text the page carries", () => {
		expect(HEAD_SCRIPT_SOURCE).toBe(`'sha256-${hash}'`);
	});

	it('adds the hash to script-src beside a nonce, and to one without any', () => {
		expect(
			allowingHeadScript("default-src 'self'; script-src 'self' 'nonce-abc'; style-src 'self'")
		).toBe(`default-src 'self'; script-src 'self' 'nonce-abc' 'sha256-${hash}'; style-src 'self'`);
		expect(allowingHeadScript("script-src 'self'; object-src 'none'")).toBe(
			`script-src 'self' 'sha256-${hash}'; object-src 'none'`
		);
	});

	it('leaves the directives that only start alike, and a policy without script-src, as they are', () => {
		const policy = "default-src 'self'; script-src-elem 'self'; style-src-attr 'unsafe-hashes'";
		expect(allowingHeadScript(policy)).toBe(policy);
	});
});
