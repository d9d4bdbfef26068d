// Group chat under load: the app's socket.io server (session check, access rules, a database
// write per message, broadcast after commit) against a bare socket.io server that only relays, with
// the same clients, rooms and pace. This process is the server; the clients run in several child
// processes (bench/realtime-clients.ts), so that they never take the server's event loop. The rate
// goes up step by step until a step fails. Run with `npm run bench:realtime -- --help`.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Server } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../src/lib/realtime/events';
import type { MessageView } from '../src/lib/realtime/messages';
import type { ServerRuntime } from '../src/lib/server/app/runtime';
import type { FromClients, GroupLoad, StepCounts, ToClients } from './realtime-clients';

const USAGE = `npm run bench:realtime -- [--groups 200] [--ramp 100,200,400,…] [--rate R] [--duration 20] [--warmup 5]
    [--grace 5] [--p99 150] [--client-processes 3] [--adapter memory|postgres|redis] [--only app|bare]
    [--server source|built|process]

  --groups            groups of 10 members, one connected client per member (200: 2,000 sockets)
  --ramp              the steps, in messages per second over all clients; the ramp stops after
                      the first step that fails (default 100,200,400,600,800,1000,1500,2000,3000,4000,6000,8000)
  --rate              one step only, at this many messages per second per client, instead of the ramp
  --duration          seconds of sending per step
  --warmup            seconds of sending at the first step's rate before it, printed, not counted
                      (0: none)
  --grace             seconds after a step to wait for acknowledgements and messages still on their way
  --p99               a step fails when the p99 latency is above this many milliseconds
  --client-processes  processes the clients are spread over (whole groups each)
  --adapter           postgres: the app broadcasts through @socket.io/postgres-adapter, as with
                      REALTIME_ADAPTER=postgres (needs DATABASE_URL); redis: through the Redis
                      Streams adapter, as with REALTIME_ADAPTER=redis (needs REDIS_URL)
  --only              run one server only (both by default: bare socket.io, then the app)
  --server            source: the app's code as this process loads it, through Vite's module
                      runner; built: the production bundle that \`npm start\` runs (\`npm run build\`
                      first; needs DATABASE_URL, as the bundle opens its own connections);
                      process: \`node server.js\` in a process of its own, as in production, so that
                      nothing of this one (Vite, the compilers, the setup) shares its heap or its
                      event loop (its CPU and memory from /proc, event loop and heap from /metrics)

A step fails when its p99 is above --p99, any send is refused or any message lost, or fewer
messages were sent than the step asked for (the clients could not keep the pace).

The app runs on DATABASE_URL when it is set (use a throwaway database: the bench adds accounts and
groups), otherwise on an in-memory PGlite. To profile the server, start this process with
\`node --cpu-prof --cpu-prof-dir DIR scripts/run-module.js bench/realtime-load.ts …\`.`;

const GROUP_SIZE = 10;
const DEFAULT_RAMP = [100, 200, 400, 600, 800, 1000, 1500, 2000, 3000, 4000, 6000, 8000];
/** Achieved sends under this share of the target fail the step. */
const SENT_TOLERANCE = 0.98;
const PAUSE_BETWEEN_STEPS_MS = 2_000;
const SETUP_AT_ONCE = 5;
const LOOP_RESOLUTION_MS = 10;
/**
 * The client processes run plain JavaScript compiled from bench/realtime-clients.ts: starting the
 * app's Vite setup in each (as scripts/run-module.js does) costs tens of seconds of CPU, and they
 * need none of the app. Inside node_modules, so that `socket.io-client` resolves.
 */
const CLIENTS_SOURCE = resolve('bench/realtime-clients.ts');
const CLIENTS_BUILT = resolve('node_modules/.cache/circles-bench/realtime-clients.mjs');

type Adapter = 'memory' | 'postgres' | 'redis';
type Kind = 'app' | 'bare';

interface Options {
	groups: number;
	/** Messages per second over all clients, one entry per step. */
	steps: number[];
	durationS: number;
	graceS: number;
	p99LimitMs: number;
	clientProcesses: number;
	adapter: Adapter;
	kinds: Kind[];
	server: 'source' | 'built' | 'process';
	/** Seconds of sending before the first step, not counted. */
	warmupS: number;
}

interface ServerStats {
	loopP50: number;
	loopP99: number;
	loopMax: number;
	/** Highest seen during the step, in bytes. */
	rss: number;
	heapUsed: number;
	/** CPU time over wall time (1 = one core). */
	cpu: number;
	/**
	 * The whole machine's cores busy over the step (1 = all of them): the server, the clients and
	 * PostgreSQL together. Near 1, sends wait for a core, whatever the code does.
	 */
	machine: number;
}

interface RunningServer {
	url: string;
	load: GroupLoad[];
	close: () => Promise<void>;
	/** The server's own process, when it is not this one. */
	pid?: number;
}

interface StepRow {
	target: number;
	sentRate: number;
	sent: number;
	skipped: number;
	refused: Record<string, number>;
	lost: number;
	duplicated: number;
	late: number;
	p50: number;
	p95: number;
	p99: number;
	server: ServerStats;
	clientCpu: number[];
	/** Each client process's event-loop delay p99, ms. */
	clientLoopP99: number[];
	failures: string[];
}

function readOptions(args: string[]): Options | null {
	const { values } = parseArgs({
		args,
		options: {
			groups: { type: 'string', default: '200' },
			ramp: { type: 'string' },
			rate: { type: 'string' },
			duration: { type: 'string', default: '20' },
			warmup: { type: 'string', default: '5' },
			grace: { type: 'string', default: '5' },
			p99: { type: 'string', default: '150' },
			'client-processes': { type: 'string', default: '3' },
			adapter: { type: 'string', default: 'memory' },
			only: { type: 'string' },
			server: { type: 'string', default: 'source' },
			help: { type: 'boolean', default: false }
		}
	});
	const groups = Number(values.groups);
	const steps =
		values.rate !== undefined
			? [Number(values.rate) * groups * GROUP_SIZE]
			: values.ramp !== undefined
				? values.ramp.split(',').map(Number)
				: DEFAULT_RAMP;
	const options: Options = {
		groups,
		steps,
		durationS: Number(values.duration),
		warmupS: Number(values.warmup),
		graceS: Number(values.grace),
		p99LimitMs: Number(values.p99),
		clientProcesses: Number(values['client-processes']),
		adapter: values.adapter as Adapter,
		// Bare first: its memory figures then hold nothing of the app's (PGlite, the modules).
		kinds: values.only ? [values.only as Kind] : ['bare', 'app'],
		server: values.server as Options['server']
	};
	const positive = (n: number) => Number.isFinite(n) && n > 0;
	const numbersOk =
		[options.durationS, options.graceS, options.p99LimitMs, ...options.steps].every(positive) &&
		[options.groups, options.clientProcesses].every((n) => Number.isInteger(n) && n > 0);
	if (values.help || !numbersOk || options.steps.length === 0) return null;
	if (!(options.warmupS >= 0)) return null;
	if (!['memory', 'postgres', 'redis'].includes(options.adapter)) return null;
	if (!options.kinds.every((kind) => kind === 'app' || kind === 'bare')) return null;
	if (options.adapter === 'postgres' && !process.env.DATABASE_URL) return null;
	if (options.adapter === 'redis' && !process.env.REDIS_URL) return null;
	if (!['source', 'built', 'process'].includes(options.server)) return null;
	if (options.server !== 'source' && !process.env.DATABASE_URL) return null;
	return options;
}

async function listen(httpServer: HttpServer): Promise<string> {
	await new Promise<void>((done) => httpServer.listen(0, '127.0.0.1', done));
	const { port } = httpServer.address() as { port: number };
	return `http://127.0.0.1:${port}`;
}

// ---------------------------------------------------------------------------------------------
// The servers, each in this process in turn.

/**
 * The app's socket.io server as `npm start` attaches it (startRealtime: session check, socket
 * slots, session end, group events), on DATABASE_URL or an in-memory PGlite, with the bench's groups.
 */
async function startApp(groups: number, adapter: Adapter, from: Options['server']) {
	// Read by config() on first use, before anything opens the database.
	if (!process.env.DATABASE_URL) process.env.DATA_DIR = 'memory://';
	// startRealtime builds the adapter REALTIME_ADAPTER names, as on a production process.
	process.env.REALTIME_ADAPTER = adapter;
	process.env.THROTTLE_KEY ??= randomBytes(32).toString('hex');
	process.env.LOG_LEVEL ??= 'warn';
	// Loaded only now: through Vite they take a few hundred MB of heap, which made the bare run
	// before it stall on garbage collection.
	const { SESSION_COOKIE } = await import('../src/lib/server/accounts/sessions');
	const { startRealtime } = await import('../src/lib/server/app/realtime');
	const { closeDb, getDb } = await import('../src/lib/server/db');
	const { migrateToLatest } = await import('../src/lib/server/db/migrate');
	const { closeRealtime } = await import('../src/lib/server/realtime/attach');
	const { createGroupMember, createTestGroup } = await import('../tests/helpers/groups');

	const db = getDb();
	await migrateToLatest(db);
	const makeGroup = async (): Promise<GroupLoad> => {
		const group = await createTestGroup(db);
		const cookies: string[] = [];
		for (let m = 0; m < GROUP_SIZE; m++) {
			const member = await createGroupMember(db, group.id);
			cookies.push(`${SESSION_COOKIE}=${member.token}`);
		}
		return { id: group.id, cookies };
	};
	// A few groups at a time, within the pool on PostgreSQL (PGlite takes them one by one anyway).
	const load: GroupLoad[] = [];
	while (load.length < groups) {
		const batch = Math.min(SETUP_AT_ONCE, groups - load.length);
		load.push(...(await Promise.all(Array.from({ length: batch }, makeGroup))));
	}

	const httpServer = createServer((_request, response) => response.writeHead(404).end());
	if (from === 'process') {
		await closeDb();
		return { ...(await serverProcess()), load };
	}
	if (from === 'built') {
		// The bundle opens its own database: the one used for setting up is closed first.
		await closeDb();
		const runtime = await builtRuntime();
		runtime.attach(httpServer);
		// server.js's default wait for work in flight.
		return { url: await listen(httpServer), load, close: () => runtime.close(10_000) };
	}
	startRealtime(httpServer, true);
	const url = await listen(httpServer);
	return {
		url,
		load,
		close: async () => {
			await closeRealtime();
			await closeDb();
		}
	};
}

/** `node server.js` on a free port of 127.0.0.1, with this process's database and adapter. */
async function serverProcess(): Promise<{ url: string; pid: number; close: () => Promise<void> }> {
	const probe = createServer();
	const url = await listen(probe);
	await new Promise((done) => probe.close(done));
	if (!existsSync(resolve('build/handler.js')))
		throw new Error('no build/handler.js: run `npm run build` first');
	const child = spawn(process.execPath, ['server.js'], {
		env: { ...process.env, HOST: '127.0.0.1', PORT: new URL(url).port, ORIGIN: url },
		stdio: ['ignore', 'inherit', 'inherit']
	});
	const exited = new Promise<void>((done) => child.once('exit', () => done()));
	for (let tries = 0; ; tries++) {
		const up = await fetch(`${url}/healthz`).then(
			(response) => response.ok,
			() => false
		);
		if (up) break;
		if (child.exitCode !== null || tries > 600) throw new Error('server.js did not start');
		await new Promise((done) => setTimeout(done, 100));
	}
	return {
		url,
		pid: child.pid!,
		close: async () => {
			child.kill('SIGTERM');
			await exited;
		}
	};
}

/**
 * The production bundle's server runtime, as server.js gets it: loading SvelteKit's handler runs
 * the app's start-up, which publishes the runtime under a well-known symbol. Loaded by Node
 * itself, not through Vite.
 */
async function builtRuntime(): Promise<ServerRuntime> {
	const handler = resolve('build/handler.js');
	if (!existsSync(handler)) throw new Error('no build/handler.js: run `npm run build` first');
	await import(/* @vite-ignore */ pathToFileURL(handler).href);
	// The symbol runtime.ts publishes under; importing it would load the app's modules here now.
	const runtime = (globalThis as Record<symbol, unknown>)[Symbol.for('circles.server-runtime')] as
		ServerRuntime | undefined;
	if (!runtime) throw new Error('the built app did not publish its server runtime');
	return runtime;
}

/** socket.io alone: the same rooms, and each message relayed to its room as the app would. */
async function startBare(groups: number) {
	const httpServer = createServer((_request, response) => response.writeHead(404).end());
	const io = new Server<ClientToServerEvents, ServerToClientEvents>(httpServer, {
		serveClient: false
	});
	const seqs = new Map<string, number>();
	io.on('connection', (socket) => {
		socket.on('group:open', async (groupId, ack) => {
			await socket.join(`group:${groupId}`);
			ack({ ok: true });
		});
		socket.on('message:send', (input, ack) => {
			const seq = (seqs.get(input.groupId) ?? 0) + 1;
			seqs.set(input.groupId, seq);
			const message: MessageView = {
				id: randomUUID(),
				seq,
				rev: seq,
				clientId: input.clientId,
				author: 'member',
				authorKey: randomUUID(),
				authorRole: null,
				body: input.body,
				replyTo: null,
				status: 'visible',
				at: new Date().toISOString()
			};
			io.to(`group:${input.groupId}`).emit('message', input.groupId, message);
			ack({ ok: true, message });
		});
	});
	const load: GroupLoad[] = Array.from({ length: groups }, () => ({
		id: randomUUID(),
		cookies: Array.from({ length: GROUP_SIZE }, () => 'sid=none')
	}));
	return { url: await listen(httpServer), load, close: () => io.close() };
}

/** This process's event-loop delay, peak memory and CPU over one step. */
async function watchServer(server: RunningServer) {
	if (server.pid !== undefined) return watchProcess(server.pid, server.url);
	const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
	// The histogram holds the time between samples: the delay is what exceeds the interval.
	const late = (ns: number) => Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS);
	loop.enable();
	const cpuBefore = process.cpuUsage();
	const machineBefore = machineTimes();
	const began = performance.now();
	let peak = { rss: 0, heapUsed: 0 };
	const sample = () => {
		const { rss, heapUsed } = process.memoryUsage();
		peak = { rss: Math.max(peak.rss, rss), heapUsed: Math.max(peak.heapUsed, heapUsed) };
	};
	sample();
	const sampler = setInterval(sample, 250);
	return (): ServerStats => {
		clearInterval(sampler);
		sample();
		loop.disable();
		const cpu = process.cpuUsage(cpuBefore);
		return {
			loopP50: late(loop.percentile(50)),
			loopP99: late(loop.percentile(99)),
			loopMax: late(loop.max),
			rss: peak.rss,
			heapUsed: peak.heapUsed,
			cpu: (cpu.user + cpu.system) / 1000 / (performance.now() - began),
			machine: machineBusy(machineBefore, machineTimes())
		};
	};
}

/**
 * Another process's CPU (from /proc/PID/stat, in clock ticks of 1/100 s, as on Linux) and peak
 * resident memory over one step, and its event-loop delay and heap from its own /metrics.
 */
async function watchProcess(pid: number, url: string) {
	const ticks = () => {
		const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
		// utime and stime: fields 14 and 15 of the line, 12 and 13 after the command's name.
		return Number(fields[11]) + Number(fields[12]);
	};
	const rss = () =>
		Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
	// Read once to start the step afresh: prom-client resets its event-loop histogram at each read.
	await scrapeServer(url);
	const cpuBefore = ticks();
	const machineBefore = machineTimes();
	const began = performance.now();
	let peak = rss();
	const sampler = setInterval(() => (peak = Math.max(peak, rss())), 250);
	return async (): Promise<ServerStats> => {
		clearInterval(sampler);
		const metrics = await scrapeServer(url);
		const late = (name: string) => Math.max(0, metrics(name) * 1000 - LOOP_RESOLUTION_MS);
		return {
			loopP50: late('nodejs_eventloop_lag_p50_seconds'),
			loopP99: late('nodejs_eventloop_lag_p99_seconds'),
			loopMax: late('nodejs_eventloop_lag_max_seconds'),
			rss: Math.max(peak, rss()),
			heapUsed: metrics('nodejs_heap_size_used_bytes'),
			cpu: ((ticks() - cpuBefore) * 10) / (performance.now() - began),
			machine: machineBusy(machineBefore, machineTimes())
		};
	};
}

/**
 * The server's /metrics (it answers this machine's loopback): Node's default metrics, whose
 * event-loop figures (10 ms sampling, as watchServer's) cover the time since the last read.
 */
async function scrapeServer(url: string): Promise<(name: string) => number> {
	const text = await (await fetch(`${url}/metrics`)).text();
	return (name) => Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? NaN);
}

/** All cores' times since boot, in ms: idle and the total. */
function machineTimes() {
	let idle = 0;
	let total = 0;
	for (const { times } of cpus()) {
		idle += times.idle;
		total += times.user + times.nice + times.sys + times.idle + times.irq;
	}
	return { idle, total };
}

function machineBusy(before: { idle: number; total: number }, after: typeof before): number {
	const total = after.total - before.total;
	return total > 0 ? 1 - (after.idle - before.idle) / total : 0;
}

// ---------------------------------------------------------------------------------------------
// The client processes.

/** bench/realtime-clients.ts as plain JavaScript (its imports are Node's and socket.io-client). */
async function buildClients(): Promise<void> {
	const { transformWithOxc } = await import('vite');
	const { code } = await transformWithOxc(readFileSync(CLIENTS_SOURCE, 'utf8'), CLIENTS_SOURCE, {
		lang: 'ts'
	});
	mkdirSync(join(CLIENTS_BUILT, '..'), { recursive: true });
	writeFileSync(CLIENTS_BUILT, code);
}

function startClients(count: number): ChildProcess[] {
	return Array.from({ length: count }, () =>
		fork(CLIENTS_BUILT, [], {
			execArgv: [],
			serialization: 'advanced',
			stdio: ['ignore', 'inherit', 'inherit', 'ipc']
		})
	);
}

/** The child's next message of `type`; fails if the child exits first. */
function next<T extends FromClients['type']>(
	child: ChildProcess,
	type: T
): Promise<Extract<FromClients, { type: T }>> {
	return new Promise((done, fail) => {
		const onMessage = (message: FromClients) => {
			if (message.type !== type) return;
			cleanup();
			done(message as Extract<FromClients, { type: T }>);
		};
		const onExit = (code: number | null) => {
			cleanup();
			fail(new Error(`a client process exited (${code}) while waiting for ${type}`));
		};
		const cleanup = () => {
			child.off('message', onMessage);
			child.off('exit', onExit);
		};
		child.on('message', onMessage);
		child.on('exit', onExit);
	});
}

function exited(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
	return new Promise((done) => child.once('exit', () => done()));
}

// ---------------------------------------------------------------------------------------------
// The ramp and its report.

/** Nearest-rank percentile of a histogram of tenths of a millisecond. */
function percentile(histogram: Map<number, number>, total: number, p: number): number {
	if (total === 0) return Number.NaN;
	const rank = Math.max(1, Math.ceil((p / 100) * total));
	let seen = 0;
	for (const bucket of [...histogram.keys()].sort((a, b) => a - b)) {
		seen += histogram.get(bucket) ?? 0;
		if (seen >= rank) return bucket / 10;
	}
	return Number.NaN;
}

function combine(target: number, options: Options, results: StepCounts[], server: ServerStats) {
	const histogram = new Map<number, number>();
	let received = 0;
	const refused: Record<string, number> = {};
	const row: StepRow = {
		target,
		sentRate: 0,
		sent: 0,
		skipped: 0,
		refused,
		lost: 0,
		duplicated: 0,
		late: 0,
		p50: 0,
		p95: 0,
		p99: 0,
		server,
		clientCpu: results.map((result) => result.cpu),
		clientLoopP99: results.map((result) => result.loopP99),
		failures: []
	};
	for (const result of results) {
		row.sent += result.sent;
		row.skipped += result.skipped;
		row.lost += result.expected - result.received;
		row.duplicated += result.duplicated;
		row.late += result.late;
		received += result.received;
		for (const [why, count] of Object.entries(result.refused))
			refused[why] = (refused[why] ?? 0) + count;
		for (const [bucket, count] of result.histogram)
			histogram.set(bucket, (histogram.get(bucket) ?? 0) + count);
	}
	row.sentRate = row.sent / options.durationS;
	row.p50 = percentile(histogram, received, 50);
	row.p95 = percentile(histogram, received, 95);
	row.p99 = percentile(histogram, received, 99);
	if (!(row.p99 <= options.p99LimitMs)) row.failures.push(`p99 > ${options.p99LimitMs} ms`);
	if (Object.keys(refused).length > 0) row.failures.push('refused');
	if (row.lost > 0) row.failures.push('lost');
	if (row.sentRate < target * SENT_TOLERANCE) row.failures.push('sent below target');
	return row;
}

const mb = (bytes: number) => (Number.isNaN(bytes) ? '-' : (bytes / 2 ** 20).toFixed(0));
const ms = (value: number) => (Number.isNaN(value) ? '-' : value.toFixed(1));
const percent = (share: number) => `${(share * 100).toFixed(0)}%`;

function formatRows(rows: StepRow[]): string {
	const header = [
		'target/s',
		'sent/s',
		'p50 ms',
		'p95 ms',
		'p99 ms',
		'refused',
		'lost',
		'dup',
		'loop p50/p99/max ms',
		'rss MB',
		'heap MB',
		'server cpu',
		'client cpu',
		'client loop p99 ms',
		'machine busy',
		'step'
	];
	const lines = rows.map((row) => [
		String(row.target),
		row.sentRate.toFixed(0),
		ms(row.p50),
		ms(row.p95),
		ms(row.p99),
		Object.entries(row.refused)
			.map(([why, count]) => `${count} ${why}`)
			.join(', ') || '0',
		String(row.lost),
		String(row.duplicated),
		`${ms(row.server.loopP50)}/${ms(row.server.loopP99)}/${ms(row.server.loopMax)}`,
		mb(row.server.rss),
		mb(row.server.heapUsed),
		percent(row.server.cpu),
		row.clientCpu.map(percent).join(' '),
		row.clientLoopP99.map(ms).join(' '),
		percent(row.server.machine),
		row.failures.length ? `FAIL: ${row.failures.join(', ')}` : 'ok'
	]);
	const widths = header.map((_, i) =>
		Math.max(...[header, ...lines].map((line) => line[i].length))
	);
	const format = (line: string[]) =>
		line.map((cell, i) => (i === line.length - 1 ? cell : cell.padStart(widths[i]))).join('  ');
	return [format(header), ...lines.map(format)].join('\n');
}

async function runRamp(kind: Kind, options: Options): Promise<StepRow[]> {
	const began = performance.now();
	const server: RunningServer =
		kind === 'app'
			? await startApp(options.groups, options.adapter, options.server)
			: await startBare(options.groups);
	const clients = startClients(options.clientProcesses);
	try {
		const sockets = server.load.length * GROUP_SIZE;
		console.log(
			`${kind}: ${server.load.length} groups ready in ${((performance.now() - began) / 1000).toFixed(0)} s; ` +
				`connecting ${sockets} clients from ${clients.length} processes`
		);
		// Whole groups per process, so that each message's sender and receivers share one clock.
		const shares = clients.map((_, i) =>
			server.load.filter((_group, g) => g % clients.length === i)
		);
		const connected = await Promise.all(
			clients.map((client, i) => {
				const reply = next(client, 'connected');
				client.send({ type: 'connect', url: server.url, groups: shares[i] } satisfies ToClients);
				return reply;
			})
		);
		const refusedConnections = connected.flatMap((c) => Object.entries(c.refused));
		if (refusedConnections.length > 0) {
			throw new Error(
				`connections refused: ${refusedConnections.map(([why, n]) => `${n} ${why}`).join(', ')}`
			);
		}
		console.log(`${kind}: ${sockets} clients connected, each in its group's room`);

		const runStep = async (step: number, target: number, durationS: number) => {
			const stopWatching = await watchServer(server);
			const results = await Promise.all(
				clients.map((client, i) => {
					const reply = next(client, 'step-result');
					client.send({
						type: 'step',
						step,
						rate: (target * shares[i].length * GROUP_SIZE) / sockets,
						durationMs: durationS * 1000,
						graceMs: options.graceS * 1000
					} satisfies ToClients);
					return reply;
				})
			);
			return combine(target, options, results, await stopWatching());
		};
		if (options.warmupS > 0) {
			// What a process does once, on its first messages (patterns built on first use, code
			// not yet optimised), is not what it sustains: printed, left out of the table.
			const warm = await runStep(-1, options.steps[0], options.warmupS);
			console.log(
				`${kind} warm-up at ${options.steps[0]}/s for ${options.warmupS} s: p99 ${ms(warm.p99)} ms, ` +
					`loop max ${ms(warm.server.loopMax)} ms (not counted)`
			);
			await new Promise((done) => setTimeout(done, PAUSE_BETWEEN_STEPS_MS));
		}

		const rows: StepRow[] = [];
		for (const [index, target] of options.steps.entries()) {
			const row = await runStep(index, target, options.durationS);
			rows.push(row);
			console.log(
				`${kind} ${target}/s: sent ${row.sentRate.toFixed(0)}/s, p99 ${ms(row.p99)} ms, ` +
					`load ${loadavg()[0].toFixed(2)}: ${row.failures.join(', ') || 'ok'}`
			);
			if (row.failures.length > 0) break;
			await new Promise((done) => setTimeout(done, PAUSE_BETWEEN_STEPS_MS));
		}
		for (const client of clients) client.send({ type: 'close' } satisfies ToClients);
		await Promise.all(clients.map(exited));
		return rows;
	} finally {
		for (const client of clients) if (client.exitCode === null) client.kill();
		await server.close();
	}
}

function highest(rows: StepRow[]): string {
	const passed = rows.filter((row) => row.failures.length === 0);
	return passed.length ? `${passed[passed.length - 1].target} messages/s` : 'none';
}

const title = (kind: Kind) => (kind === 'app' ? 'app' : 'bare socket.io');

export async function main(args: string[]): Promise<number> {
	const options = readOptions(args);
	if (!options) {
		console.error(USAGE);
		return 2;
	}
	await buildClients();
	const database = process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'PGlite in memory';
	const loadBefore = loadavg();
	const results = new Map<Kind, StepRow[]>();
	for (const kind of options.kinds) results.set(kind, await runRamp(kind, options));

	const load = (values: number[]) => values.map((n) => n.toFixed(2)).join(' ');
	const lines = [
		'',
		`${options.groups} groups of ${GROUP_SIZE} (${options.groups * GROUP_SIZE} sockets) in ` +
			`${options.clientProcesses} client processes, ${options.server === 'process' ? 'the app in its own, bare in this one' : 'the server in this one'}; ` +
			`${options.durationS} s per step (+ up to ${options.graceS} s grace); ` +
			`app (${options.server}) on ${database}, adapter ${options.adapter}`,
		`${availableParallelism()} cores; load average ${load(loadBefore)} before, ` +
			`${load(loadavg())} after`,
		`A step fails on p99 > ${options.p99LimitMs} ms, a refused send, a lost message, or under ` +
			`${SENT_TOLERANCE * 100}% of its sends made. loop: the server's event-loop delay; ` +
			`cpu: 100% = one core; client figures one per process; machine busy: 100% = every core.`
	];
	for (const [kind, rows] of results) {
		lines.push('', title(kind), formatRows(rows));
		const late = rows.reduce((sum, row) => sum + row.late, 0);
		const skipped = rows.reduce((sum, row) => sum + row.skipped, 0);
		if (late + skipped > 0)
			lines.push(`(over the ramp: ${late} receipts after their step, ${skipped} sends skipped)`);
	}
	lines.push('');
	for (const [kind, rows] of results)
		lines.push(`highest step passed, ${title(kind)}: ${highest(rows)}`);
	const app = results.get('app');
	const bare = results.get('bare');
	const best = app?.filter((row) => row.failures.length === 0).at(-1);
	const same = best && bare?.find((row) => row.target === best.target);
	if (best && same) {
		lines.push(
			`at ${best.target}/s, app/bare latency: p50 ${(best.p50 / same.p50).toFixed(1)}, ` +
				`p99 ${(best.p99 / same.p99).toFixed(1)}`
		);
	}
	console.log(lines.join('\n'));
	return 0;
}
