// A savings group's hot reads after three years of weekly meetings: the dashboard, the share-out
// and a passbook, against a bare `select 1` on the same pool. The group is built through the real
// services (set-up, then every meeting recorded as the secretary would), in one cycle: the stress
// case, since every figure is a sum over the cycle's ledger. Run with
// `npm run bench:savings -- --help`.
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from '../src/lib/server/db/migrate';
import { openDatabase } from '../src/lib/server/db/open';
import type { Attendance, DB } from '../src/lib/server/db/schema';
import { newFormKey } from '../src/lib/server/forms/form-key';
import { readBooks } from '../src/lib/server/savings/books';
import type { CalendarDate } from '../src/lib/server/savings/calendar-date';
import { readDashboard } from '../src/lib/server/savings/dashboard';
import { recordMeeting } from '../src/lib/server/savings/meeting';
import type { SheetLoan, SheetRow } from '../src/lib/server/savings/meeting-plan';
import { readPassbook } from '../src/lib/server/savings/passbook';
import { defaultRules, type SavingsRules } from '../src/lib/server/savings/savings-rules';
import { chargeOn } from '../src/lib/server/savings/service-charge';
import { readShareOut } from '../src/lib/server/savings/sharing-out';
import { createTestSavingsGroup, type TestSavingsGroup } from '../tests/helpers/savings';

const USAGE = `npm run bench:savings -- [--runs 50] [--warmup 5] [--stale-statistics]

  --runs              timed runs of each read, after the warm-up (at least 30)
  --warmup            untimed runs of each read first
  --stale-statistics  skip ANALYZE after the group is built: the planner then knows nothing of
                      the new rows, as on a server whose autovacuum has not run yet

Runs on a scratch database circles_bench_<timestamp> that it creates on
postgres://postgres@127.0.0.1:5432 and drops at the end, or on DATABASE_URL when it is set (use a
throwaway database: a group with books is never deleted, so the bench leaves its rows there).`;

const SERVER_URL = 'postgres://postgres@127.0.0.1:5432';
const MEMBERS = 30;
const MEETINGS = 156;
const STARTS_ON: CalendarDate = '2023-12-12';
/** The day after the 156th meeting (1 December 2026), when the reads are made. */
const TODAY: CalendarDate = '2026-12-02';
const SEED = 20261202;
const RULES: Partial<SavingsRules> = {
	socialFundPerMeeting: 1_000n,
	fineLate: 500n,
	fineAbsent: 1_000n
};
const rules = { ...defaultRules('THB', 5_000n), ...RULES };

interface Options {
	runs: number;
	warmup: number;
	analyze: boolean;
}

function readOptions(args: string[]): Options | null {
	const { values } = parseArgs({
		args,
		options: {
			runs: { type: 'string', default: '50' },
			warmup: { type: 'string', default: '5' },
			'stale-statistics': { type: 'boolean', default: false },
			help: { type: 'boolean', default: false }
		}
	});
	const options = {
		runs: Number(values.runs),
		warmup: Number(values.warmup),
		analyze: !values['stale-statistics']
	};
	if (values.help || !Number.isInteger(options.runs) || options.runs < 30) return null;
	if (!Number.isInteger(options.warmup) || options.warmup < 0) return null;
	return options;
}

/** mulberry32: the same members, amounts and loans on every run. */
function randomSequence(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

function addDays(date: CalendarDate, days: number): CalendarDate {
	return new Date(Date.parse(date) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Rounds a positive amount up to a multiple of `unit`. */
const roundUp = (amount: bigint, unit: bigint) => ((amount + unit - 1n) / unit) * unit;

/** A scratch database on the local server, dropped by `drop`, or DATABASE_URL as it is. */
async function scratchDatabase(): Promise<{
	url: string;
	name: string;
	drop: () => Promise<void>;
}> {
	if (process.env.DATABASE_URL) {
		const url = process.env.DATABASE_URL;
		return { url, name: new URL(url).pathname.slice(1), drop: async () => {} };
	}
	const name = `circles_bench_${Date.now()}`;
	const admin = async (statement: string) => {
		const client = new pg.Client({ connectionString: `${SERVER_URL}/postgres` });
		await client.connect();
		try {
			await client.query(statement);
		} finally {
			await client.end();
		}
	};
	await admin(`create database "${name}"`);
	return {
		url: `${SERVER_URL}/${name}`,
		name,
		drop: () => admin(`drop database if exists "${name}" with (force)`)
	};
}

interface Built {
	group: TestSavingsGroup;
	loans: number;
	setupMs: number;
}

/**
 * Records the meetings: each attending member buys 1–5 shares and pays the social fund, a late
 * or absent member is fined, members with a loan repay a weekly part of it (now and then they
 * skip a week), and now and then a member without a loan borrows well within their limit. The
 * box is counted at the end of each meeting at exactly what the books say it holds.
 */
async function buildGroup(db: Kysely<DB>): Promise<Built> {
	const started = performance.now();
	const random = randomSequence(SEED);
	const group = await createTestSavingsGroup(db, {
		members: MEMBERS,
		rules: RULES,
		startsOn: STARTS_ON
	});
	let loans = 0;
	for (let meeting = 0; meeting < MEETINGS; meeting++) {
		const heldOn = addDays(STARTS_ON, meeting * 7);
		const books = await readBooks(db, await currentCycleId(db, group.id));
		let loanBox = books.cash['loan:box'];
		let socialBox = books.cash['social:box'];

		const rows: SheetRow[] = [];
		const savingsAfter = new Map<string, bigint>();
		for (const memberId of group.memberIds) {
			const draw = random();
			const attendance: Attendance =
				draw < 0.05 ? 'absent' : draw < 0.13 ? 'late' : draw < 0.15 ? 'represented' : 'present';
			const attending = attendance !== 'absent';
			const shares = attending ? 1 + Math.floor(random() * 5) : 0;
			const open = books.loans.filter((loan) => loan.memberId === memberId && loan.owed > 0n);
			const owed = open.reduce((sum, loan) => sum + loan.owed, 0n);
			// A weekly part of what each loan came to at issue, over its term; some weeks they skip.
			const weekly = open.reduce((sum, loan) => {
				const { principal, monthlyRateBp, termMonths } = loan.terms;
				const atIssue = principal + chargeOn(principal, monthlyRateBp) * BigInt(termMonths);
				return sum + roundUp(atIssue / BigInt(4 * termMonths), 100n);
			}, 0n);
			const repaid = attending && random() >= 0.1 ? (weekly < owed ? weekly : owed) : 0n;
			const socialFund = attending ? rules.socialFundPerMeeting : 0n;
			const fine =
				attendance === 'late' ? rules.fineLate : attendance === 'absent' ? rules.fineAbsent : 0n;
			rows.push({ memberId, attendance, shares, socialFund, fineOther: 0n, repaid });
			const value = BigInt(shares) * rules.sharePrice;
			loanBox += fine + value + repaid;
			socialBox += socialFund;
			if (owed === 0n && attending) {
				savingsAfter.set(memberId, (books.members.get(memberId)?.savings ?? 0n) + value);
			}
		}

		// Loans come out of the box after everything paid in; a borrower owes nothing before.
		const sheetLoans: SheetLoan[] = [];
		for (const [memberId, savings] of savingsAfter) {
			if (random() >= 0.03) continue;
			const bySavings = savings * BigInt(rules.loanMultiple - 1);
			const byBox = loanBox / 3n;
			const principal = ((bySavings < byBox ? bySavings : byBox) / 1_000n) * 1_000n;
			if (principal <= 0n) continue;
			const termMonths = 1 + Math.floor(random() * rules.maxTermMonths);
			sheetLoans.push({ memberId, principal, termMonths, purpose: 'stock', guarantorIds: [] });
			loanBox -= principal;
		}

		const result = await recordMeeting(
			db,
			group.secretary,
			group.id,
			{
				heldOn,
				rows,
				loans: sheetLoans,
				grants: [],
				other: [],
				transfers: [],
				counts: [
					{ moment: 'end', fund: 'loan', place: 'box', amount: loanBox },
					{ moment: 'end', fund: 'social', place: 'box', amount: socialBox }
				],
				note: ''
			},
			{ formKey: newFormKey(new Date()), now: new Date(), today: heldOn }
		);
		if (!result.ok) throw new Error(`meeting ${heldOn} refused: ${JSON.stringify(result)}`);
		const { summary } = result;
		if (
			summary.difference !== 0n ||
			summary.cash['loan:box'] !== loanBox ||
			summary.cash['social:box'] !== socialBox ||
			summary.loans !== sheetLoans.length
		) {
			throw new Error(`meeting ${heldOn}: the box is not what the books say it should be`);
		}
		loans += summary.loans;
	}
	return { group, loans, setupMs: performance.now() - started };
}

async function currentCycleId(db: Kysely<DB>, groupId: string): Promise<string> {
	const cycle = await db
		.selectFrom('savings_cycle')
		.select('id')
		.where('group_id', '=', groupId)
		.where('state', '<>', 'closed')
		.executeTakeFirstOrThrow();
	return cycle.id;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

type Reads = Record<string, () => Promise<unknown>>;

/** Each read timed `runs` times after `warmup` untimed runs, in turn, so noise falls on all. */
async function measure(reads: Reads, options: Options): Promise<Map<string, number[]>> {
	const times = new Map(Object.keys(reads).map((name) => [name, [] as number[]]));
	for (let run = 0; run < options.warmup + options.runs; run++) {
		for (const [name, read] of Object.entries(reads)) {
			const started = performance.now();
			await read();
			const elapsed = performance.now() - started;
			if (run >= options.warmup) times.get(name)!.push(elapsed);
		}
	}
	return times;
}

function report(times: Map<string, number[]>, baseline: string): string {
	const stats = new Map(
		[...times].map(([name, values]) => {
			const sorted = [...values].sort((a, b) => a - b);
			return [name, { p50: percentile(sorted, 50), p95: percentile(sorted, 95) }];
		})
	);
	const base = stats.get(baseline)!;
	const rows = [...stats].map(([name, { p50, p95 }]) => [
		name,
		p50.toFixed(2),
		p95.toFixed(2),
		name === baseline ? '1' : (p50 / base.p50).toFixed(0),
		name === baseline ? '1' : (p95 / base.p95).toFixed(0)
	]);
	const header = ['', 'median (ms)', 'p95 (ms)', 'median/select 1', 'p95/select 1'];
	const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => row[i].length)));
	const line = (row: string[]) =>
		row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
	return [line(header), ...rows.map(line)].join('\n');
}

export async function main(args: string[]): Promise<number> {
	const options = readOptions(args);
	if (!options) {
		console.error(USAGE);
		return 2;
	}
	const database = await scratchDatabase();
	try {
		const db = openDatabase({
			url: database.url,
			poolMax: 10,
			connectTimeoutMs: 5_000,
			statementTimeoutMs: 15_000,
			onConnectionError: (error) => console.error(`database connection failed: ${error.name}`)
		});
		try {
			await migrateToLatest(db);
			console.log(`${database.name}: recording ${MEETINGS} weekly meetings of ${MEMBERS} members…`);
			const { group, loans, setupMs } = await buildGroup(db);
			if (options.analyze) await sql`analyze`.execute(db);

			const { secretary, member } = group;
			const entries = await db
				.selectFrom('savings_entry')
				.select((eb) => eb.fn.countAll<bigint>().as('count'))
				.where('group_id', '=', group.id)
				.executeTakeFirstOrThrow();
			const dashboard = await readDashboard(db, secretary, group.id, TODAY);
			const shareOut = await readShareOut(db, secretary, group.id);
			if (dashboard.cycle === null || !shareOut.ok) throw new Error('no share-out to read');

			const baseline = 'select 1';
			const times = await measure(
				{
					[baseline]: () => sql`select 1`.execute(db),
					readDashboard: () => readDashboard(db, secretary, group.id, TODAY),
					readShareOut: () => readShareOut(db, secretary, group.id),
					readPassbook: () => readPassbook(db, secretary, group.id, member.memberId, TODAY)
				},
				options
			);
			console.log(
				[
					'',
					`PostgreSQL ${database.name}, one group, one cycle: ${MEMBERS} members, ` +
						`${dashboard.chart.points.length} meetings, ${loans} loans, ` +
						`${entries.count} ledger entries (built in ${(setupMs / 1000).toFixed(0)} s); ` +
						`statistics ${options.analyze ? 'analyzed' : 'stale'}`,
					`${options.runs} runs of each after ${options.warmup} warm-up runs, in turn; ` +
						'readPassbook is the second member’s book, read by the secretary',
					'',
					report(times, baseline)
				].join('\n')
			);
		} finally {
			await db.destroy();
		}
	} finally {
		await database.drop();
	}
	return 0;
}
