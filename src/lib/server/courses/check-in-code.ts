import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { asciiDigits } from '../forms/ascii-digits';

/** A code is shown for 30 seconds; the one before it is still taken, for whoever was typing it. */
export const CODE_WINDOW_MS = 30_000;
export const CODE_DIGITS = 6;

/** A new session's secret: the codes cannot be foreseen without it. */
export const newCheckInSecret = () => randomBytes(20).toString('base64url');

const windowOf = (now: Date) => Math.floor(now.getTime() / CODE_WINDOW_MS);

/** The code for one 30-second window, as TOTP makes one (RFC 6238's dynamic truncation). */
function codeFor(secret: string, window: number): string {
	const counter = Buffer.alloc(8);
	counter.writeBigUInt64BE(BigInt(window));
	const digest = createHmac('sha1', secret).update(counter).digest();
	const offset = digest[digest.length - 1] & 0x0f;
	const value = digest.readUInt32BE(offset) & 0x7fffffff;
	return String(value % 10 ** CODE_DIGITS).padStart(CODE_DIGITS, '0');
}

/** The code to show now, and how many seconds it has left. */
export function currentCode(secret: string, now: Date): { code: string; secondsLeft: number } {
	const window = windowOf(now);
	const endsAt = (window + 1) * CODE_WINDOW_MS;
	return {
		code: codeFor(secret, window),
		secondsLeft: Math.ceil((endsAt - now.getTime()) / 1000)
	};
}

/** Whether a typed code is this window's or the last one's. Digits of any script are read. */
export function codeMatches(secret: string, typed: string, now: Date): boolean {
	const ascii = asciiDigits(typed.normalize('NFKC')).replace(/[\s-]/g, '');
	if (!/^\d+$/.test(ascii) || ascii.length !== CODE_DIGITS) return false;
	const window = windowOf(now);
	return [window, window - 1].some((w) =>
		timingSafeEqual(Buffer.from(codeFor(secret, w)), Buffer.from(ascii))
	);
}
