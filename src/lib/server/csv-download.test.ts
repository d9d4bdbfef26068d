import { describe, expect, it } from 'vitest';
import { csvCell, csvDownload, csvText } from './csv-download';

describe('a CSV cell', () => {
	it.each([
		['plain', 'plain'],
		['', ''],
		[null, ''],
		[undefined, ''],
		[12, '12'],
		['-5', '-5'],
		['1234.50', '1234.50'],
		// A negative amount stays a number, so a spreadsheet can sum the column.
		['-0.05', '-0.05'],
		['-1500', '-1500'],
		['a, b', '"a, b"'],
		['say "hi"', '"say ""hi"""'],
		['two\nlines', '"two\nlines"'],
		['cr\rlf', '"cr\rlf"'],
		// Formulas show as text.
		['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
		['+1 234', "'+1 234"],
		['-2+3', "'-2+3"],
		['@SUM(A1)', "'@SUM(A1)"],
		['\tTAB', "'\tTAB"],
		['  =1+1', "'  =1+1"],
		['ok=fine', 'ok=fine'],
		['ไทย', 'ไทย']
	])('%s is written %s', (value, written) => {
		expect(csvCell(value)).toBe(written);
	});

	it('writes a bigint as its digits', () => {
		expect(csvCell(-5n)).toBe('-5');
	});

	it('neutralises a carriage return at the start and quotes it', () => {
		expect(csvCell('\rx')).toBe(`"'\rx"`);
	});
});

describe('a CSV file', () => {
	it('starts with a byte-order mark and ends every row with CRLF', () => {
		expect(
			csvText([
				['a', 'b'],
				[1, null]
			])
		).toBe('\ufeffa,b\r\n1,\r\n');
	});

	it('is downloaded, never cached, under the name it is given', async () => {
		const response = csvDownload([['line'], [1]], 'ledger-cycle-1.csv');
		expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(response.headers.get('content-disposition')).toBe(
			'attachment; filename="ledger-cycle-1.csv"'
		);
		expect(response.headers.get('cache-control')).toBe('no-store');
		// The byte-order mark is sent (a text() read drops it, as a browser's decoder does).
		const bytes = new Uint8Array(await response.arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		expect(new TextDecoder().decode(bytes)).toBe('line\r\n1\r\n');
	});
});
