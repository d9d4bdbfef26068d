/*
 * CSV for spreadsheets (RFC 4180), written here rather than with a library: what is needed is a
 * dozen lines, and the one thing a library would be chosen for, neutralising formulas, must leave
 * negative amounts alone. csv-stringify's `escape_formulas` puts a quote before every cell that
 * starts with "-", so "-12.50" would reach the spreadsheet as text and no column could be summed.
 */

export type CsvValue = string | number | bigint | null | undefined;

/** A number as this app writes one (decimalString, a count): a spreadsheet reads it as a number. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
/** What makes a spreadsheet take a cell for a formula (OWASP's list), after any leading spaces. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One cell. Text that a spreadsheet would run as a formula (a name typed as "=HYPERLINK(…)") gets
 * a leading apostrophe, so it shows as the text it is; a cell holding a comma, a quote or a line
 * break is quoted, its quotes doubled.
 */
export function csvCell(value: CsvValue): string {
	if (value === null || value === undefined) return '';
	let text = String(value);
	if (!PLAIN_NUMBER.test(text) && FORMULA_START.test(text.replace(/^ +/, ''))) text = `'${text}`;
	return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * A whole file: a byte-order mark (without it, spreadsheets on Windows read UTF-8 Thai, Khmer,
 * Lao and Burmese as gibberish), then each row, every line ending in CRLF.
 */
export function csvText(rows: readonly (readonly CsvValue[])[]): string {
	return '\ufeff' + rows.map((row) => row.map(csvCell).join(',') + '\r\n').join('');
}

/**
 * A CSV file the browser saves rather than shows. `filename` must be neutral (no group's name):
 * a download list on a shared phone must not tell anyone what it is from.
 */
export function csvDownload(rows: readonly (readonly CsvValue[])[], filename: string): Response {
	return new Response(csvText(rows), {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': `attachment; filename="${filename}"`,
			'Cache-Control': 'no-store'
		}
	});
}
