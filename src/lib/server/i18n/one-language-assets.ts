/**
 * Points a page at its reader's own copy of the browser build (`_app/immutable/<locale>/`, written
 * by one-language-bundles.ts), which carries that language's strings only. Only the kit's own
 * references move: stylesheet links in the head, the start-up script's imports and the preload
 * header. A member's text that quotes such a path is left as it is: in the body it is escaped
 * (no `<link`), and inside the start-up script's data a quote is written `\"`.
 */
const IMMUTABLE = '_app/immutable/';

export function pageInLanguage(html: string, locale: string): string {
	const moved = `${IMMUTABLE}${locale}/`;
	const withLinks = html.replace(/(<link href="(?:\.{1,2}\/)*)_app\/immutable\//g, `$1${moved}`);
	const script = withLinks.lastIndexOf('<script');
	if (script === -1) return withLinks;
	return (
		withLinks.slice(0, script) +
		withLinks.slice(script).replace(/(import\("(?:\.{1,2}\/)*)_app\/immutable\//g, `$1${moved}`)
	);
}

/** The `link` response header's preloads, moved the same way. */
export function preloadsInLanguage(header: string, locale: string): string {
	return header.replace(/(<(?:\.{1,2}\/)*)_app\/immutable\//g, `$1${IMMUTABLE}${locale}/`);
}
