import type { Kysely } from 'kysely';
import type { Actor } from '../access/actor';
import { requireAccess } from '../access/require';
import type { ComplaintStatus, Country, DB, ServiceKind } from '../db/schema';
import { isAcknowledgementOverdue } from './complaint-timelines';
import {
	MIN_RATERS,
	RATING_DIMENSIONS,
	ratersBand,
	shownFigures,
	type Figures,
	type StoredFigures
} from './score-figures';

/*
 * Reports for coordinators, per service and per kind of service. Every score comes from published
 * snapshots (service_score), never from the ratings: figures worked out on the fly would move
 * with each new rating and give it away by difference. Complaint counts from 1 to 4 are never
 * shown, nor any count from which one of them could be worked out; sensitive complaints appear
 * only in one total.
 */

export const COMPLAINT_STATUSES = [
	'received',
	'acknowledged',
	'looking_into',
	'resolved',
	'closed'
] as const satisfies readonly ComplaintStatus[];

/** How long an open complaint has waited since it was filed. */
export const AGE_BUCKETS = ['day', 'week', 'month', 'older'] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];

/** A count as a report shows it: never 1 to 4, nor one that would let a 1 to 4 be worked out. */
export type ReportCount = number | 'fewer' | 'withheld';

export interface ComplaintCounts {
	total: ReportCount;
	status: Record<ComplaintStatus, ReportCount>;
	/** Open complaints (not resolved or closed) by how long ago they were filed. */
	age: Record<AgeBucket, ReportCount>;
	/** Not acknowledged 24 hours after filing. */
	overdue: ReportCount;
}

export interface QuarterFigures {
	/** "2026-Q3", in UTC. */
	quarter: string;
	figures: Figures | null;
}

interface ScoreSummary {
	/** The latest publication's figures for all raters; null when none is shown. */
	current: Figures | null;
	/** The last publication of each quarter, oldest first. */
	trend: QuarterFigures[];
	complaints: ComplaintCounts;
}

export interface ServiceReport extends ScoreSummary {
	id: string;
	name: string;
	kind: ServiceKind;
	country: Country;
	archived: boolean;
}

export interface KindReport extends ScoreSummary {
	kind: ServiceKind;
}

export interface ServicesReport {
	kinds: KindReport[];
	/** Complaints not about any one service. */
	unlinked: ComplaintCounts;
	/** Every complaint that is not sensitive. */
	overall: ComplaintCounts;
	services: ServiceReport[];
	/** Sensitive complaints: only this total, never by service, kind, status or age. */
	sensitiveTotal: ReportCount;
}

/** The at-least-5 rule holds for complaint counts as for raters. */
const SMALLEST_SHOWN = MIN_RATERS;

const DAY_MS = 24 * 60 * 60_000;
const OPEN: ReadonlySet<ComplaintStatus> = new Set(['received', 'acknowledged', 'looking_into']);

export const quarterOf = (at: Date) =>
	`${at.getUTCFullYear()}-Q${Math.floor(at.getUTCMonth() / 3) + 1}`;

const ageBucket = (createdAt: Date, now: Date): AgeBucket => {
	const days = (now.getTime() - createdAt.getTime()) / DAY_MS;
	return days < 1 ? 'day' : days < 7 ? 'week' : days < 30 ? 'month' : 'older';
};

/** One count being worked out, and whether (and why) it is hidden. */
interface Cell {
	n: number;
	hidden: 'fewer' | 'withheld' | null;
}

interface CountCells {
	total: Cell;
	status: Record<ComplaintStatus, Cell>;
	age: Record<AgeBucket, Cell>;
	overdue: Cell;
}

const cell = (): Cell => ({ n: 0, hidden: null });
const countCells = (): CountCells => ({
	total: cell(),
	status: Object.fromEntries(COMPLAINT_STATUSES.map((s) => [s, cell()])) as CountCells['status'],
	age: Object.fromEntries(AGE_BUCKETS.map((a) => [a, cell()])) as CountCells['age'],
	overdue: cell()
});
const cellsOf = (c: CountCells): Cell[] => [
	c.total,
	...Object.values(c.status),
	...Object.values(c.age),
	c.overdue
];

/** A total and the parts it is the sum of: knowing all but one gives the last away. */
interface Relation {
	total: Cell;
	parts: Cell[];
}

/** A row's own sums: by status, and by age with the finished ones. */
const rowRelations = (c: CountCells): Relation[] => [
	{ total: c.total, parts: Object.values(c.status) },
	{ total: c.total, parts: [...Object.values(c.age), c.status.resolved, c.status.closed] }
];

/** Each count of a row that is the sum of other rows (a kind of its services). */
const sumRelations = (sum: CountCells, rows: CountCells[]): Relation[] => {
	const all = rows.map(cellsOf);
	return cellsOf(sum).map((total, i) => ({ total, parts: all.map((cells) => cells[i]) }));
};

/**
 * Hides every count from 1 to 4, then, until none is left, one more count (the smallest shown) in
 * any sum with exactly one hidden count, which the others would give away by difference.
 */
function suppressSmallCounts(cells: Cell[], relations: Relation[]): void {
	for (const c of cells) if (c.n > 0 && c.n < SMALLEST_SHOWN) c.hidden = 'fewer';
	for (let changed = true; changed;) {
		changed = false;
		for (const { total, parts } of relations) {
			const members = [...parts, total];
			if (members.filter((c) => c.hidden).length !== 1) continue;
			const next = members
				.filter((c) => !c.hidden && c.n > 0)
				.sort((a, b) => a.n - b.n || Number(a === total) - Number(b === total))[0];
			if (!next) continue;
			next.hidden = 'withheld';
			changed = true;
		}
	}
}

const shown = (c: Cell): ReportCount => c.hidden ?? c.n;
const finished = (c: CountCells): ComplaintCounts => ({
	total: shown(c.total),
	status: Object.fromEntries(
		COMPLAINT_STATUSES.map((s) => [s, shown(c.status[s])])
	) as ComplaintCounts['status'],
	age: Object.fromEntries(AGE_BUCKETS.map((a) => [a, shown(c.age[a])])) as ComplaintCounts['age'],
	overdue: shown(c.overdue)
});

export interface Publication {
	publishedAt: Date;
	raters: number;
	figures: Figures | null;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/** Several services' published figures as one: weighted by their exact raters, shown as a band. */
export function combine(publications: Publication[]): Figures | null {
	const counted = publications.filter((p) => p.figures);
	const raters = counted.reduce((sum, p) => sum + p.raters, 0);
	const band = ratersBand(raters);
	if (!band) return null;
	const average = (dimension: (typeof RATING_DIMENSIONS)[number]) =>
		round1(counted.reduce((sum, p) => sum + p.figures![dimension] * p.raters, 0) / raters);
	return {
		band,
		respect: average('respect'),
		helped: average('helped'),
		safe: average('safe'),
		reach: average('reach')
	};
}

/** The latest of a service's publications up to `before` (exclusive); they come oldest first. */
const latestBefore = (publications: Publication[], before: number) =>
	publications.findLast((p) => p.publishedAt.getTime() < before);

const quarterEnd = (quarter: string) => {
	const [year, q] = quarter.split('-Q').map(Number);
	return Date.UTC(year, q * 3, 1);
};

/** The figures of the services' latest publications (each list oldest first), combined. */
export const currentFigures = (services: Publication[][]) =>
	combine(services.map((list) => list.at(-1)).filter((p) => p !== undefined));

/**
 * For each quarter in which any of the services published, what stood at its end: each service's
 * last publication up to then, combined.
 */
export function quarterlyFigures(services: Publication[][]): QuarterFigures[] {
	const quarters = [...new Set(services.flat().map((p) => quarterOf(p.publishedAt)))].sort();
	return quarters.map((quarter) => ({
		quarter,
		figures: combine(
			services.map((list) => latestBefore(list, quarterEnd(quarter))).filter((p) => p !== undefined)
		)
	}));
}

/** A complaint as the report counts it: nothing of what it says, nor whose it is. */
export interface CountedComplaint {
	serviceId: string | null;
	sensitive: boolean;
	status: ComplaintStatus;
	createdAt: Date;
}

export interface ComplaintTables {
	services: Map<string, ComplaintCounts>;
	kinds: Map<ServiceKind, ComplaintCounts>;
	unlinked: ComplaintCounts;
	overall: ComplaintCounts;
	sensitiveTotal: ReportCount;
}

/**
 * Complaints counted by service, by kind of service and overall, by status and by age, with every
 * small count hidden: in the rows, and in the sums that rows of services make for their kind and
 * kinds make overall. Sensitive complaints are counted only in their own total.
 */
export function countComplaints(
	services: ReadonlyArray<{ id: string; kind: ServiceKind }>,
	complaints: readonly CountedComplaint[],
	now: Date
): ComplaintTables {
	const kindOf = new Map(services.map((s) => [s.id, s.kind]));
	const serviceCells = new Map(services.map((s) => [s.id, countCells()]));
	const kindCells = new Map([...new Set(kindOf.values())].map((k) => [k, countCells()]));
	const unlinked = countCells();
	const overall = countCells();
	const sensitive = cell();
	for (const complaint of complaints) {
		if (complaint.sensitive) {
			sensitive.n += 1;
			continue;
		}
		const kind = complaint.serviceId ? kindOf.get(complaint.serviceId) : undefined;
		const row = kind ? serviceCells.get(complaint.serviceId!)! : unlinked;
		for (const c of [row, kind && kindCells.get(kind), overall]) {
			if (!c) continue;
			c.total.n += 1;
			c.status[complaint.status].n += 1;
			if (OPEN.has(complaint.status)) c.age[ageBucket(complaint.createdAt, now)].n += 1;
			if (isAcknowledgementOverdue(complaint.status, complaint.createdAt, now)) c.overdue.n += 1;
		}
	}

	const rows = [...serviceCells.values(), ...kindCells.values(), unlinked, overall];
	const relations = [
		...rows.flatMap(rowRelations),
		...[...kindCells].flatMap(([kind, sum]) =>
			sumRelations(
				sum,
				services.filter((s) => s.kind === kind).map((s) => serviceCells.get(s.id)!)
			)
		),
		...sumRelations(overall, [...kindCells.values(), unlinked])
	];
	suppressSmallCounts([...rows.flatMap(cellsOf), sensitive], relations);
	const done = <K>(map: Map<K, CountCells>) =>
		new Map([...map].map(([key, c]) => [key, finished(c)]));
	return {
		services: done(serviceCells),
		kinds: done(kindCells),
		unlinked: finished(unlinked),
		overall: finished(overall),
		sensitiveTotal: shown(sensitive)
	};
}

/** The report, for coordinators. `now` sets the complaints' ages and which are overdue. */
export async function readServicesReport(
	db: Kysely<DB>,
	actor: Actor,
	now: Date
): Promise<ServicesReport> {
	requireAccess(actor, 'service:reports');
	const [services, scores, complaints] = await Promise.all([
		db
			.selectFrom('service')
			.select(['id', 'name', 'kind', 'country', 'archived_at'])
			.orderBy('kind')
			.orderBy('name')
			.orderBy('id')
			.execute(),
		db
			.selectFrom('service_score')
			.select(['service_id', 'published_at', 'raters', 'figures'])
			.orderBy('published_at')
			.orderBy('id')
			.execute(),
		db
			.selectFrom('complaint')
			.select(['service_id as serviceId', 'sensitive', 'status', 'created_at as createdAt'])
			.execute()
	]);

	const publications = new Map<string, Publication[]>();
	for (const row of scores) {
		const list = publications.get(row.service_id) ?? [];
		list.push({
			publishedAt: row.published_at,
			raters: row.raters,
			figures: shownFigures(row.figures as unknown as StoredFigures)?.all ?? null
		});
		publications.set(row.service_id, list);
	}
	const summary = (ids: string[]) => {
		const of = ids.map((id) => publications.get(id) ?? []);
		return { current: currentFigures(of), trend: quarterlyFigures(of) };
	};
	const counted = countComplaints(services, complaints, now);
	const kinds = [...counted.kinds.keys()];
	return {
		kinds: kinds.map((kind) => ({
			kind,
			...summary(services.filter((s) => s.kind === kind).map((s) => s.id)),
			complaints: counted.kinds.get(kind)!
		})),
		unlinked: counted.unlinked,
		overall: counted.overall,
		services: services.map((s) => ({
			id: s.id,
			name: s.name,
			kind: s.kind,
			country: s.country,
			archived: s.archived_at !== null,
			...summary([s.id]),
			complaints: counted.services.get(s.id)!
		})),
		sensitiveTotal: counted.sensitiveTotal
	};
}
