import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LEAVE_NOW_SCRIPT } from '../quick-exit';
import { allowingLeaveNow, LEAVE_NOW_SCRIPT_SOURCE } from './security-headers';

describe('allowingLeaveNow', () => {
	const hash = createHash('sha256').update(LEAVE_NOW_SCRIPT).digest('base64');

	it("names Leave now's script by the SHA-256 of the exact text the page carries", () => {
		expect(LEAVE_NOW_SCRIPT_SOURCE).toBe(`'sha256-${hash}'`);
	});

	it('adds the hash to script-src beside a nonce, and to one without any', () => {
		expect(
			allowingLeaveNow("default-src 'self'; script-src 'self' 'nonce-abc'; style-src 'self'")
		).toBe(`default-src 'self'; script-src 'self' 'nonce-abc' 'sha256-${hash}'; style-src 'self'`);
		expect(allowingLeaveNow("script-src 'self'; object-src 'none'")).toBe(
			`script-src 'self' 'sha256-${hash}'; object-src 'none'`
		);
	});

	it('leaves the directives that only start alike, and a policy without script-src, as they are', () => {
		const policy = "default-src 'self'; script-src-elem 'self'; style-src-attr 'unsafe-hashes'";
		expect(allowingLeaveNow(policy)).toBe(policy);
	});
});
