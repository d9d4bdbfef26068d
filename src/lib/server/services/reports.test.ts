import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../../../tests/helpers/clock';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, signedIn } from '../../../../tests/helpers/factories';
import { createProvider, createService } from '../../../../tests/helpers/service-feedback';
import type { ComplaintKind, ComplaintStatus, DB, ServiceKind } from '../db/schema';
import type { Figures, StoredFigures } from './score-figures';
import {
	AGE_BUCKETS,
	combine,
	COMPLAINT_STATUSES,
	countComplaints,
	quarterlyFigures,
	readServicesReport,
	type ComplaintCounts,
	type CountedComplaint,
	type Publication,
	type ReportCount
} from './reports';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

const notFound = expect.objectContaining({ status: 404 });
const NOW = new Date('2031-05-20T12:00:00Z');
const HOUR = 60 * 60_000;

const figures = (band: Figures['band'], value: number): Figures => ({
	band,
	respect: value,
	helped: value,
	safe: value,
	reach: value
});

async function publish(serviceId: string, at: Date, raters: number, stored: StoredFigures) {
	await db
		.insertInto('service_score')
		.values({
			service_id: serviceId,
			published_at: at,
			raters,
			changes_seen: raters,
			figures: JSON.stringify(stored)
		})
		.execute();
}

async function rate(serviceId: string, score: number) {
	const rater = await createAccount(db);
	await db
		.insertInto('service_rating')
		.values({
			service_id: serviceId,
			account_id: rater.id,
			respect: score,
			helped: score,
			safe: score,
			reach: score,
			language: 'en',
			country: 'KH',
			rated_at: NOW
		})
		.execute();
}

async function complain(
	serviceId: string | null,
	status: ComplaintStatus,
	ageMs: number,
	kind: ComplaintKind = 'poor_service'
) {
	const member = await createAccount(db);
	const at = new Date(NOW.getTime() - ageMs);
	await db
		.insertInto('complaint')
		.values({
			account_id: member.id,
			service_id: serviceId,
			kind,
			sensitive: kind === 'abuse_by_staff',
			what_happened: 'They kept me waiting all day.',
			status,
			next_step_by: new Date(at.getTime() + DAY),
			acknowledged_at: status === 'received' ? null : at,
			created_at: at,
			updated_at: at
		})
		.execute();
}

const coordinator = async () => signedIn(db, await createAccount(db, { role: 'coordinator' }));

describe('readServicesReport', () => {
	it('is for coordinators and admins only: members and a service’s own staff get 404', async () => {
		const service = await createService(db);
		const provider = await createProvider(db, service.id);
		const member = await signedIn(db, await createAccount(db));
		await expect(readServicesReport(db, member, NOW)).rejects.toEqual(notFound);
		await expect(readServicesReport(db, provider.actor, NOW)).rejects.toEqual(notFound);
		const admin = await signedIn(db, await createAccount(db, { role: 'admin' }));
		expect((await readServicesReport(db, admin, NOW)).services.map((s) => s.id)).toContain(
			service.id
		);
	});

	it('shows scores only from publications: the latest now, the last of each quarter as trend', async () => {
		const service = await createService(db);
		// Six ratings and nothing published yet: no scores, whatever the ratings say.
		for (let i = 0; i < 6; i++) await rate(service.id, 2);
		const me = await coordinator();
		const row = async () =>
			(await readServicesReport(db, me, NOW)).services.find((s) => s.id === service.id)!;
		expect(await row()).toMatchObject({ current: null, trend: [] });

		const all = (f: Figures): StoredFigures => ({ all: f, language: {}, country: {} });
		await publish(service.id, new Date('2031-01-10T00:00:00Z'), 6, all(figures('5-9', 2.5)));
		await publish(service.id, new Date('2031-03-31T23:00:00Z'), 12, all(figures('10-19', 3.1)));
		await publish(service.id, new Date('2031-04-07T00:00:00Z'), 21, all(figures('20+', 3.8)));
		expect(await row()).toMatchObject({
			current: figures('20+', 3.8),
			trend: [
				{ quarter: '2031-Q1', figures: figures('10-19', 3.1) },
				{ quarter: '2031-Q2', figures: figures('20+', 3.8) }
			]
		});
		// New ratings after the publication change nothing until the next one.
		for (let i = 0; i < 4; i++) await rate(service.id, 5);
		expect((await row()).current).toEqual(figures('20+', 3.8));

		// Fewer than 5 raters left: the publication withholds its figures, and so does the report.
		await publish(service.id, new Date('2031-05-01T00:00:00Z'), 4, { withheld: true });
		expect(await row()).toMatchObject({
			current: null,
			trend: [{ quarter: '2031-Q1' }, { quarter: '2031-Q2', figures: null }]
		});
	});

	it('counts complaints by status, age and overdue acknowledgement, small ones hidden', async () => {
		const service = await createService(db);
		const quiet = await createService(db);
		for (let i = 0; i < 6; i++) await complain(service.id, 'received', 2 * DAY);
		for (let i = 0; i < 5; i++) await complain(service.id, 'resolved', 40 * DAY);
		await complain(service.id, 'received', HOUR);
		await complain(quiet.id, 'looking_into', 3 * DAY);
		const report = await readServicesReport(db, await coordinator(), NOW);
		const counts = report.services.find((s) => s.id === service.id)!.complaints;
		// 6 received 2 days ago and overdue, 1 received an hour ago, 5 resolved long ago. Other
		// services' counts can make more of these withheld, never shown as something else.
		const shownOr = (count: ReportCount, n: number) =>
			expect(count === 'withheld' ? n : count).toBe(n);
		shownOr(counts.overdue, 6);
		shownOr(counts.age.week, 6);
		expect(counts.age).toMatchObject({ day: 'fewer', month: 0, older: 0 });
		// The one an hour old would show as 12 less the rest: one more of those is withheld.
		const rest = [counts.total, counts.status.received, counts.status.resolved, counts.age.week];
		expect(rest.filter((count) => count === 'withheld')).not.toHaveLength(0);
		rest.forEach((count, i) => shownOr(count, [12, 7, 5, 6][i]));
		expect(report.services.find((s) => s.id === quiet.id)!.complaints).toMatchObject({
			total: 'fewer',
			status: { looking_into: 'fewer', received: 0 }
		});
	});

	it('shows sensitive complaints only as one total, never in a service’s counts', async () => {
		const service = await createService(db);
		for (let i = 0; i < 5; i++) await complain(service.id, 'received', 2 * DAY, 'abuse_by_staff');
		const report = await readServicesReport(db, await coordinator(), NOW);
		expect(report.services.find((s) => s.id === service.id)!.complaints.total).toBe(0);
		expect(report.sensitiveTotal === 'fewer' || report.sensitiveTotal === 'withheld').toBe(false);
		expect(report.sensitiveTotal).toBeGreaterThanOrEqual(5);
	});
});

describe('countComplaints', () => {
	const services: { id: string; kind: ServiceKind }[] = [
		{ id: 'a', kind: 'shelter' },
		{ id: 'b', kind: 'shelter' },
		{ id: 'c', kind: 'health' }
	];
	const many = (n: number, c: Omit<CountedComplaint, 'sensitive'>): CountedComplaint[] =>
		Array.from({ length: n }, () => ({ ...c, sensitive: false }));
	const old = new Date(NOW.getTime() - 10 * DAY);

	/** Every sum the report holds: none may have exactly one hidden count. */
	function sumsOf(rows: ComplaintCounts[], kinds: [ComplaintCounts, ComplaintCounts[]][]) {
		const cells = (c: ComplaintCounts) => [
			c.total,
			...COMPLAINT_STATUSES.map((s) => c.status[s]),
			...AGE_BUCKETS.map((a) => c.age[a]),
			c.overdue
		];
		return [
			...rows.flatMap((c) => [
				[c.total, ...COMPLAINT_STATUSES.map((s) => c.status[s])],
				[c.total, ...AGE_BUCKETS.map((a) => c.age[a]), c.status.resolved, c.status.closed]
			]),
			...kinds.flatMap(([sum, parts]) =>
				cells(sum).map((total, i) => [total, ...parts.map((p) => cells(p)[i])])
			)
		];
	}
	const hidden = (count: ReportCount) => typeof count !== 'number';

	it('never leaves a small count to be worked out from a total or from the other rows', () => {
		const tables = countComplaints(
			services,
			[
				...many(3, { serviceId: 'a', status: 'closed', createdAt: old }),
				...many(9, { serviceId: 'b', status: 'closed', createdAt: old }),
				...many(6, { serviceId: 'b', status: 'looking_into', createdAt: old }),
				...many(7, { serviceId: 'c', status: 'resolved', createdAt: old }),
				...many(2, { serviceId: null, status: 'received', createdAt: old })
			],
			NOW
		);
		const a = tables.services.get('a')!;
		const b = tables.services.get('b')!;
		const c = tables.services.get('c')!;
		const shelter = tables.kinds.get('shelter')!;
		const health = tables.kinds.get('health')!;
		expect(a.status.closed).toBe('fewer');
		// Shelters' closed count (12) less b's (9) would give a's 3 away.
		expect(hidden(shelter.status.closed) || hidden(b.status.closed)).toBe(true);
		expect(tables.unlinked.total).toBe('fewer');
		for (const sum of sumsOf(
			[a, b, c, shelter, health, tables.unlinked, tables.overall],
			[
				[shelter, [a, b]],
				[health, [c]],
				[tables.overall, [shelter, health, tables.unlinked]]
			]
		)) {
			expect(sum.filter(hidden).length).not.toBe(1);
		}
	});

	it('hides nothing when no count is small', () => {
		const tables = countComplaints(
			services,
			[
				...many(5, { serviceId: 'a', status: 'closed', createdAt: old }),
				...many(6, { serviceId: 'c', status: 'received', createdAt: NOW })
			],
			NOW
		);
		expect(tables.services.get('a')).toEqual({
			total: 5,
			status: { received: 0, acknowledged: 0, looking_into: 0, resolved: 0, closed: 5 },
			age: { day: 0, week: 0, month: 0, older: 0 },
			overdue: 0
		});
		expect(tables.overall).toMatchObject({ total: 11, age: { day: 6 }, overdue: 0 });
	});

	it('counts sensitive complaints only in their own total, with 1 to 4 hidden', () => {
		const sensitive = (n: number) =>
			Array.from({ length: n }, () => ({
				serviceId: 'a',
				sensitive: true,
				status: 'received' as const,
				createdAt: old
			}));
		const three = countComplaints(services, sensitive(3), NOW);
		expect(three.sensitiveTotal).toBe('fewer');
		expect(three.services.get('a')!.total).toBe(0);
		expect(three.overall.total).toBe(0);
		expect(countComplaints(services, sensitive(5), NOW).sensitiveTotal).toBe(5);
	});
});

describe('scores of a kind of service', () => {
	const at = (iso: string) => new Date(iso);
	const p = (iso: string, raters: number, f: Figures | null): Publication => ({
		publishedAt: at(iso),
		raters,
		figures: f
	});

	it('combines the services’ latest publications weighted by their raters, shown as a band', () => {
		expect(
			combine([p('2031-01-01', 5, figures('5-9', 2)), p('2031-01-02', 15, figures('10-19', 4))])
		).toEqual(figures('20+', 3.5));
		// A service whose scores are withheld adds nothing.
		expect(combine([p('2031-01-01', 6, figures('5-9', 2)), p('2031-01-02', 3, null)])).toEqual(
			figures('5-9', 2)
		);
		expect(combine([])).toBeNull();
	});

	it('gives each quarter what stood at its end across the services', () => {
		const first = [p('2031-01-05', 5, figures('5-9', 2)), p('2031-04-05', 10, figures('10-19', 3))];
		const second = [p('2031-02-05', 5, figures('5-9', 4))];
		expect(quarterlyFigures([first, second])).toEqual([
			{ quarter: '2031-Q1', figures: figures('10-19', 3) },
			{
				quarter: '2031-Q2',
				figures: { ...figures('10-19', 3), respect: 3.3, helped: 3.3, safe: 3.3, reach: 3.3 }
			}
		]);
	});
});
