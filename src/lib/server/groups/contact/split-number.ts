import { numberText } from './number-text';
import { hasPhoneNumber } from './phone-number';

/** How far back, and how many of a member's messages, a phone number split across messages is looked for. */
export const SPLIT_NUMBER_WINDOW = { minutes: 10, messages: 5 } as const;

/**
 * Whether a member's new message completes a phone number begun in their recent messages in the
 * same circle ("08 1234", then "5678"), though the messages before it hold none. `recent` is
 * oldest first; each message is joined to the next as a line.
 */
export function completesPhoneNumber(recent: readonly string[], body: string): boolean {
	const texts = recent.map(numberText);
	const last = numberText(body);
	for (let start = texts.length - 1; start >= 0; start--) {
		const before = texts.slice(start).join('\n');
		if (hasPhoneNumber(before)) return false;
		if (hasPhoneNumber(`${before}\n${last}`)) return true;
	}
	return false;
}
