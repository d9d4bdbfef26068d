import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import config, { ROUTE_ANNOUNCER_STYLE_HASH } from '../svelte.config.js';

/** The style attribute of the route announcer, as the installed SvelteKit writes it. */
function announcerStyle(): string {
	const kit = dirname(createRequire(import.meta.url).resolve('@sveltejs/kit/package.json'));
	const root = readFileSync(join(kit, 'src/core/sync/write_root.js'), 'utf8');
	const style = root.match(/<div id="svelte-announcer"[^>]*\sstyle="([^"]+)"/)?.[1];
	if (!style) throw new Error('SvelteKit no longer writes its route announcer as expected');
	return style;
}

describe('the Content-Security-Policy', () => {
	const directives = config.kit!.csp!.directives!;

	it('lets through the route announcer’s inline style, by its hash', () => {
		const hash = createHash('sha256').update(announcerStyle()).digest('base64');
		expect(ROUTE_ANNOUNCER_STYLE_HASH).toBe(`sha256-${hash}`);
		expect(directives['style-src-attr']).toEqual(['unsafe-hashes', ROUTE_ANNOUNCER_STYLE_HASH]);
	});

	it('allows no other inline style or script, and nothing from elsewhere', () => {
		const sources = Object.values(directives).flat();
		expect(sources).not.toContain('unsafe-inline');
		expect(sources).not.toContain('unsafe-eval');
		expect(directives['style-src']).toEqual(['self']);
		expect(directives['script-src']).toEqual(['self']);
		expect(sources.filter((source) => /^(https?:|\*|wss?:)/.test(String(source)))).toEqual([]);
	});
});
