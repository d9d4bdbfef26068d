import { toJson } from '$lib/json';

/** A JSON file the browser saves rather than shows, bigints written as decimal strings. */
export function jsonDownload(data: unknown, filename: string): Response {
	return new Response(toJson(data, 2), {
		headers: {
			'Content-Type': 'application/json; charset=utf-8',
			'Content-Disposition': `attachment; filename="${filename}"`
		}
	});
}
