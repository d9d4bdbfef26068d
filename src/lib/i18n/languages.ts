import type { Locale } from '$lib/paraglide/runtime';

/** Each language's name in its own script, so that a member can find theirs whatever is shown. */
export const LANGUAGE_NAMES: Readonly<Record<Locale, string>> = {
	en: 'English',
	th: 'ภาษาไทย',
	km: 'ភាសាខ្មែរ',
	lo: 'ພາສາລາວ',
	my: 'မြန်မာဘာသာ',
	vi: 'Tiếng Việt'
};
