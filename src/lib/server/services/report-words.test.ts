import { describe, expect, it } from 'vitest';
import { csvText } from '../csv-download';
import { reportCsvRows, reportWords } from './report-words';
import type { ComplaintCounts, ServicesReport } from './reports';

const counts = (total: ComplaintCounts['total']): ComplaintCounts => ({
	total,
	status: { received: 0, acknowledged: 0, looking_into: 0, resolved: total, closed: 0 },
	age: { day: 0, week: 0, month: 0, older: 0 },
	overdue: 0
});

const REPORT: ServicesReport = {
	kinds: [
		{
			kind: 'legal_aid',
			current: { band: '10-19', respect: 3.5, helped: 4, safe: 4.25, reach: 2 },
			trend: [{ quarter: '2031-Q2', figures: null }],
			complaints: counts('withheld')
		}
	],
	unlinked: counts(0),
	overall: counts(12),
	services: [
		{
			id: 'a',
			name: '=HYPERLINK("http://example.com")',
			kind: 'legal_aid',
			country: 'KH',
			archived: true,
			current: null,
			trend: [],
			complaints: counts('fewer')
		}
	],
	sensitiveTotal: 'fewer'
};

describe('the report in words', () => {
	it('says hidden counts in words and shows bands, never raters’ numbers', () => {
		const words = reportWords(REPORT);
		expect(words.kinds[0].current).toEqual([
			{ label: 'Raters', value: '10 to 19' },
			{ label: 'Respect', value: '3.5' },
			{ label: 'Helped', value: '4' },
			{ label: 'Safe', value: '4.3' },
			{ label: 'Easy to reach', value: '2' }
		]);
		expect(words.kinds[0].trend).toEqual([{ quarter: 'Q2 2031', values: ['–', '–', '–', '–'] }]);
		expect(words.services[0].complaints[0]).toEqual({
			label: 'All complaints',
			value: 'Fewer than 5'
		});
		expect(words.kinds[0].complaints[0].value).toBe('Not shown');
		expect(words.sensitiveTotal).toBe('Fewer than 5');
	});

	it('makes a CSV with plain numbers, hidden counts in words, and no formula', () => {
		const rows = reportCsvRows(REPORT);
		expect(rows[0].slice(0, 6)).toEqual(['Row', 'Name', 'Type', 'Country', 'Quarter', 'Raters']);
		expect(rows).toContainEqual(
			expect.arrayContaining(['Type', '10 to 19', '3.5', '4.0', '4.3', '2.0', 'Not shown'])
		);
		const service = rows.find((row) => row[0] === 'Service')!;
		expect(service).toContain('No published scores');
		expect(service).toContain('Fewer than 5');
		expect(rows.at(-1)).toContain('Fewer than 5');
		expect(rows.find((row) => row[1] === 'All services')).toContain('12');
		expect(csvText(rows)).toContain(`"'=HYPERLINK(""http://example.com"")"`);
	});
});
