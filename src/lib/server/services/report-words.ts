import { m } from '$lib/paraglide/messages';
import { countryName } from '$lib/referrals/country-name';
import { formatNumber } from '../i18n/format';
import {
	AGE_BUCKETS,
	COMPLAINT_STATUSES,
	type AgeBucket,
	type ComplaintCounts,
	type QuarterFigures,
	type ReportCount,
	type ServicesReport
} from './reports';
import {
	RATING_DIMENSIONS,
	type Figures,
	type RatersBand,
	type RatingDimension
} from './score-figures';
import { serviceKindName } from './service-words';
import type { ComplaintStatus } from '../db/schema';

/*
 * The coordinators' report in finished words of the reader's language, for the page and for the
 * CSV. Numbers are formatted here (browsers lack Burmese, Khmer and Lao number data), except in
 * the CSV, where a spreadsheet must be able to read them as numbers.
 */

const BANDS: Record<RatersBand, () => string> = {
	'5-9': m.services_reports_band_small,
	'10-19': m.services_reports_band_medium,
	'20+': m.services_reports_band_large
};

export const DIMENSION_WORDS: Record<RatingDimension, () => string> = {
	respect: m.services_reports_dim_respect,
	helped: m.services_reports_dim_helped,
	safe: m.services_reports_dim_safe,
	reach: m.services_reports_dim_reach
};

export const STATUS_WORDS: Record<ComplaintStatus, () => string> = {
	received: m.services_reports_status_received,
	acknowledged: m.services_reports_status_acknowledged,
	looking_into: m.services_reports_status_looking_into,
	resolved: m.services_reports_status_resolved,
	closed: m.services_reports_status_closed
};

export const AGE_WORDS: Record<AgeBucket, () => string> = {
	day: m.services_reports_age_day,
	week: m.services_reports_age_week,
	month: m.services_reports_age_month,
	older: m.services_reports_age_older
};

export const bandWord = (band: RatersBand) => BANDS[band]();

/** "Q2 2031", from "2031-Q2". */
export function quarterWord(quarter: string): string {
	const [year, q] = quarter.split('-Q');
	return m.services_reports_quarter_name({ quarter: q, year });
}

/** A count as words: "Fewer than 5" and "Not shown" for the hidden ones. */
export const countWord = (count: ReportCount, format: (n: number) => string = formatNumber) =>
	count === 'fewer'
		? m.services_reports_fewer()
		: count === 'withheld'
			? m.services_reports_withheld()
			: format(count);

const average = (value: number) => formatNumber(Number(value.toFixed(1)));

/** Figures as label and value pairs: the band, then each dimension's rounded average. */
function figureLines(figures: Figures) {
	return [
		{ label: m.services_reports_raters(), value: bandWord(figures.band) },
		...RATING_DIMENSIONS.map((d) => ({ label: DIMENSION_WORDS[d](), value: average(figures[d]) }))
	];
}

function trendRows(trend: QuarterFigures[]) {
	return trend.map(({ quarter, figures }) => ({
		quarter: quarterWord(quarter),
		values: figures
			? RATING_DIMENSIONS.map((d) => average(figures[d]))
			: RATING_DIMENSIONS.map(() => '–')
	}));
}

/** A row's complaint counts as label and value pairs, in the order the page and the CSV use. */
export function complaintLines(counts: ComplaintCounts, format?: (n: number) => string) {
	return [
		{ label: m.services_reports_complaints_total(), value: countWord(counts.total, format) },
		...COMPLAINT_STATUSES.map((s) => ({
			label: STATUS_WORDS[s](),
			value: countWord(counts.status[s], format)
		})),
		...AGE_BUCKETS.map((a) => ({ label: AGE_WORDS[a](), value: countWord(counts.age[a], format) })),
		{ label: m.services_reports_overdue(), value: countWord(counts.overdue, format) }
	];
}

/** The whole report, ready for the page. */
export function reportWords(report: ServicesReport) {
	const scores = (row: { current: Figures | null; trend: QuarterFigures[] }) => ({
		current: row.current ? figureLines(row.current) : null,
		trend: trendRows(row.trend)
	});
	return {
		dimensions: RATING_DIMENSIONS.map((d) => DIMENSION_WORDS[d]()),
		kinds: report.kinds.map((row) => ({
			key: row.kind,
			name: serviceKindName(row.kind),
			...scores(row),
			complaints: complaintLines(row.complaints)
		})),
		unlinked: complaintLines(report.unlinked),
		overall: complaintLines(report.overall),
		services: report.services.map((row) => ({
			key: row.id,
			name: row.name,
			detail: `${serviceKindName(row.kind)} · ${countryName(row.country)}`,
			archived: row.archived,
			...scores(row),
			complaints: complaintLines(row.complaints)
		})),
		sensitiveTotal: countWord(report.sensitiveTotal)
	};
}

export type ReportWords = ReturnType<typeof reportWords>;

/**
 * The report as spreadsheet rows: one for each type of service and each service now, one for each
 * quarter of their scores, then the complaints not about one service, all of them, and the one
 * total of sensitive complaints. Numbers stay plain digits, so that a spreadsheet can sum them.
 */
export function reportCsvRows(report: ServicesReport): (string | number)[][] {
	const plain = (n: number) => String(n);
	const figureCells = (figures: Figures | null) =>
		figures
			? [bandWord(figures.band), ...RATING_DIMENSIONS.map((d) => figures[d].toFixed(1))]
			: [m.services_reports_no_scores(), ...RATING_DIMENSIONS.map(() => '')];
	const counts = (c: ComplaintCounts) => complaintLines(c, plain).map((line) => line.value);
	const noCounts = complaintLines(report.overall).map(() => '');
	const rowsOf = (
		row: { current: Figures | null; trend: QuarterFigures[]; complaints: ComplaintCounts },
		what: string,
		name: string,
		kind: string,
		country: string
	) => [
		[what, name, kind, country, '', ...figureCells(row.current), ...counts(row.complaints)],
		...row.trend.map((t) => [
			what,
			name,
			kind,
			country,
			quarterWord(t.quarter),
			...figureCells(t.figures),
			...noCounts
		])
	];
	const complaintsOnly = (name: string, c: ComplaintCounts) => [
		m.services_reports_complaints(),
		name,
		'',
		'',
		'',
		'',
		...RATING_DIMENSIONS.map(() => ''),
		...counts(c)
	];
	return [
		[
			m.services_reports_csv_row(),
			m.services_reports_csv_name(),
			m.services_reports_csv_kind(),
			m.services_reports_csv_country(),
			m.services_reports_quarter(),
			m.services_reports_raters(),
			...RATING_DIMENSIONS.map((d) => DIMENSION_WORDS[d]()),
			...complaintLines(report.overall).map((line) => line.label)
		],
		...report.kinds.flatMap((row) =>
			rowsOf(
				row,
				m.services_reports_csv_kind(),
				serviceKindName(row.kind),
				serviceKindName(row.kind),
				''
			)
		),
		...report.services.flatMap((row) =>
			rowsOf(
				row,
				m.services_reports_csv_service(),
				row.name,
				serviceKindName(row.kind),
				countryName(row.country)
			)
		),
		complaintsOnly(m.services_reports_unlinked(), report.unlinked),
		complaintsOnly(m.services_reports_overall(), report.overall),
		[
			m.services_reports_sensitive_heading(),
			m.services_reports_sensitive_total(),
			'',
			'',
			'',
			'',
			...RATING_DIMENSIONS.map(() => ''),
			countWord(report.sensitiveTotal, plain)
		]
	];
}
