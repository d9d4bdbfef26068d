import escapeStringRegexp from 'escape-string-regexp';

/** Something the end-to-end suite used that its server's log must never hold. */
export interface Secret {
	/** What it is, named in a failure instead of the value: "passphrase", "message text"… */
	kind: string;
	value: string;
}

/**
 * Shorter values are left out: "50" baht or "ok" turn up in any log (a time in ms, a status) by
 * chance, and a test's real secrets are longer.
 */
export const MIN_SECRET_LENGTH = 6;

export interface Leak {
	kind: string;
	/** The log line (from 1) that holds it. */
	line: number;
	/** Enough of the value to find it in the test, never the whole of it. */
	hint: string;
}

/** The ways a value can be written in a JSON log line: as is, escaped, or from a URL. */
function spellings(value: string): string[] {
	return [...new Set([value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)])];
}

/**
 * A value as it would stand in a log line: a code of digits inside a longer number is not it
 * ("884767" turns up in the timestamp 1796388476706 by chance).
 */
function pattern(form: string): RegExp {
	const escaped = escapeStringRegexp(form);
	const before = /^\d/.test(form) ? '(?<!\\d)' : '';
	const after = /\d$/.test(form) ? '(?!\\d)' : '';
	return new RegExp(before + escaped + after);
}

/** Every secret (of at least MIN_SECRET_LENGTH characters) that a log holds, once each. */
export function findLeaks(log: string, secrets: readonly Secret[]): Leak[] {
	const lines = log.split('\n');
	const seen = new Set<string>();
	const leaks: Leak[] = [];
	for (const { kind, value } of secrets) {
		if (value.length < MIN_SECRET_LENGTH || seen.has(value)) continue;
		seen.add(value);
		const forms = spellings(value).map(pattern);
		const at = lines.findIndex((line) => forms.some((form) => form.test(line)));
		if (at >= 0) {
			leaks.push({
				kind,
				line: at + 1,
				hint: `${value.slice(0, 2)}… (${value.length} characters)`
			});
		}
	}
	return leaks;
}
