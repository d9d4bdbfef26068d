// Pages under load: the production server (`npm run build` first) answering autocannon, signed in
// as the facilitator of a circle with messages, against the static safety page in the same run.
// Run with `npm run bench:pages -- --help`.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import {
	circleWithCode,
	joinWithCode,
	person,
	post,
	sessionCookie
} from '../tests/e2e/circle-over-http';
import { createFirstAdmin, ownServer, sparePort } from '../tests/e2e/own-server';

const USAGE = `npm run bench:pages -- [--db postgres|pglite] [--connections 50] [--duration 10] [--messages 30]

  --db           postgres: a throwaway database on POSTGRES_URL (default
                 postgres://postgres@127.0.0.1:5432/postgres), made and dropped by the bench;
                 pglite: a fresh data folder, as \`npm start\` runs by default
  --connections  concurrent connections autocannon keeps open
  --duration     seconds per page
  --messages     messages in the circle, sent by three members through the page's form

Every page is fetched as the circle's facilitator (the admin who made it), with its session cookie.`;

const PAGES = (groupId: string) => [
	{ name: 'safety (static, baseline)', path: '/safety', signedIn: false },
	{ name: 'home', path: '/', signedIn: true },
	{ name: 'circles list', path: '/groups', signedIn: true },
	{ name: 'circle page', path: `/groups/${groupId}`, signedIn: true },
	{ name: 'review page', path: `/groups/${groupId}/review`, signedIn: true }
];

interface Options {
	db: 'postgres' | 'pglite';
	connections: number;
	durationS: number;
	messages: number;
}

function readOptions(args: string[]): Options | null {
	const { values } = parseArgs({
		args,
		options: {
			db: { type: 'string', default: 'postgres' },
			connections: { type: 'string', default: '50' },
			duration: { type: 'string', default: '10' },
			messages: { type: 'string', default: '30' },
			help: { type: 'boolean', default: false }
		}
	});
	if (values.help) return null;
	if (values.db !== 'postgres' && values.db !== 'pglite')
		throw new Error('--db is postgres or pglite');
	return {
		db: values.db,
		connections: Number(values.connections),
		durationS: Number(values.duration),
		messages: Number(values.messages)
	};
}

async function onServer(serverUrl: string, sql: string) {
	const client = new pg.Client({ connectionString: serverUrl });
	await client.connect();
	try {
		await client.query(sql);
	} finally {
		await client.end();
	}
}

/** Members join the circle and post `count` messages between them through the no-script form. */
async function fillCircle(base: string, code: string, groupId: string, count: number) {
	const writers = 3;
	for (let w = 0; w < writers; w++) {
		const member = await person(base, base);
		await joinWithCode(member, code, groupId);
		const share = Math.ceil(count / writers);
		for (let i = 0; i < share && w * share + i < count; i++) {
			// Under the write limit of 12 messages in 10 seconds per member.
			if (i > 0 && i % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 10_000));
			await post(member, `/groups/${groupId}?/send`, {
				clientId: randomUUID(),
				body: `Message ${w * share + i + 1}: the market was busy this week and prices went up.`
			});
		}
		await member.dispose();
	}
}

interface Row {
	name: string;
	requestsPerS: number;
	p50: number;
	p99: number;
	errors: number;
}

async function load(
	url: string,
	cookie: string | null,
	options: Options
): Promise<Omit<Row, 'name'>> {
	const result = await autocannon({
		url,
		connections: options.connections,
		duration: options.durationS,
		headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) }
	});
	return {
		requestsPerS: result.requests.average,
		p50: result.latency.p50,
		p99: result.latency.p99,
		errors: result.errors + result.timeouts + result.non2xx
	};
}

export async function main(args: string[]) {
	const options = readOptions(args);
	if (!options) {
		console.log(USAGE);
		return;
	}
	const serverUrl = process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
	const databaseName = `circles_bench_pages_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
	const dataDir = options.db === 'pglite' ? mkdtempSync(join(tmpdir(), 'circles-bench-')) : null;
	const databaseUrl = Object.assign(new URL(serverUrl), { pathname: `/${databaseName}` }).href;
	const port = await sparePort();
	const base = `http://localhost:${port}`;
	if (!dataDir) await onServer(serverUrl, `create database ${databaseName}`);
	const target = dataDir
		? { databaseUrl: null, env: { DATA_DIR: dataDir } }
		: { databaseUrl, env: {} };
	let server: Awaited<ReturnType<typeof ownServer>> | undefined;
	try {
		createFirstAdmin(target.databaseUrl, target.env);
		server = await ownServer({ port, ...target });
		const admin = await person(base, base);
		const { groupId, code } = await circleWithCode(admin, 3, 'Market traders');
		await fillCircle(base, code, groupId, options.messages);
		const cookie = `sid=${await sessionCookie(admin)}`;
		// The facilitator has read what is there, as they would have.
		await admin.get(`/groups/${groupId}`);
		await admin.dispose();

		const rows: Row[] = [];
		for (const page of PAGES(groupId)) {
			const url = `${base}${page.path}`;
			// A short warm-up: compiled templates, pooled connections, caches.
			await autocannon({
				url,
				connections: 5,
				duration: 2,
				headers: page.signedIn ? { cookie } : {}
			});
			rows.push({ name: page.name, ...(await load(url, page.signedIn ? cookie : null, options)) });
		}
		const baseline = rows[0].requestsPerS;
		console.log(
			`\n${options.db}, ${options.connections} connections, ${options.durationS} s per page, ${options.messages} messages in the circle\n`
		);
		console.log(
			'page'.padEnd(28) +
				'req/s'.padStart(9) +
				'×static'.padStart(9) +
				'p50 ms'.padStart(9) +
				'p99 ms'.padStart(9) +
				'errors'.padStart(8)
		);
		for (const row of rows) {
			console.log(
				row.name.padEnd(28) +
					row.requestsPerS.toFixed(0).padStart(9) +
					(row.requestsPerS / baseline).toFixed(2).padStart(9) +
					String(row.p50).padStart(9) +
					String(row.p99).padStart(9) +
					String(row.errors).padStart(8)
			);
		}
	} finally {
		await server?.stop();
		if (dataDir) rmSync(dataDir, { recursive: true, force: true });
		else await onServer(serverUrl, `drop database if exists ${databaseName} with (force)`);
	}
}
