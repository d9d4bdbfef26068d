import { beforeNavigate } from '$app/navigation';
import { extractLocaleFromCookie, getLocale } from '$lib/paraglide/runtime';

/**
 * A page's script holds its reader's language only (one-language-bundles.ts). When the language
 * is changed in another tab, the next page this tab opens is loaded whole in the new language,
 * rather than drawn by this script in the old one around the server's text in the new one.
 * Called from the root layout's script.
 */
export function followLanguageChosenElsewhere(): void {
	beforeNavigate(({ to, type, willUnload, cancel }) => {
		if (willUnload || !to) return;
		const chosen = extractLocaleFromCookie();
		if (!chosen || chosen === getLocale()) return;
		// Going back or forward, the address is already the page's: loading it keeps the history.
		if (type === 'popstate') return location.reload();
		cancel();
		location.assign(to.url);
	});
}
