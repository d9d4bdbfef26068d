import { notFound } from '$lib/server/access/require';

/**
 * The `?cycle=N` of a download: none means the latest cycle; anything but a whole number is a
 * cycle no group has, so a 404 like any other.
 */
export function cycleParam(url: URL): number | undefined {
	const text = url.searchParams.get('cycle');
	if (text === null) return undefined;
	if (!/^[1-9][0-9]{0,5}$/.test(text)) notFound();
	return Number(text);
}
