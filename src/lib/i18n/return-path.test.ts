import { describe, expect, it } from 'vitest';
import { safeReturnPath } from './return-path';

describe('safeReturnPath', () => {
	it.each(['/', '/safety', '/groups/abc?tab=1'])('keeps the local path %s', (path) => {
		expect(safeReturnPath(path)).toBe(path);
	});

	it.each([
		null,
		undefined,
		'',
		'safety',
		'//evil.example/',
		'/\\evil.example',
		'https://evil.example/',
		'/\u0000x',
		'/\nx'
	])('replaces %o with /', (candidate) => {
		expect(safeReturnPath(candidate)).toBe('/');
	});
});
