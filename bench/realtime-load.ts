// Group chat under load: the app's socket.io server (session check, access rules, a database
// write per message, broadcast after commit) against a bare socket.io server that only relays, with
// the same clients, rooms and pace. Run with `npm run bench:realtime -- --help`.
import { randomUUID } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Server } from 'socket.io';
import { io as connectClient, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../src/lib/realtime/events';
import type { MessageView } from '../src/lib/realtime/messages';
import { systemClock } from '../src/lib/server/clock';
import { migrateToLatest } from '../src/lib/server/db/migrate';
import { openDatabase } from '../src/lib/server/db/open';
import { registerGroupEvents } from '../src/lib/server/groups/group-socket';
import { attachRealtime, closeRealtime } from '../src/lib/server/realtime/attach';
import { identifySocket } from '../src/lib/server/realtime/identity';
import { postgresAdapter } from '../src/lib/server/realtime/postgres-adapter';
import { createGroupMember, createTestGroup } from '../tests/helpers/groups';

const USAGE = `npm run bench:realtime -- [--groups 10] [--rate 0.5] [--duration 15] [--grace 5] [--adapter memory|postgres]

  --groups     groups of 10 members, one connected client per member
  --rate       messages per second sent by each client
  --duration   seconds of sending
  --grace      seconds to wait for messages still on their way
  --adapter    postgres: the app server broadcasts through @socket.io/postgres-adapter too
               (needs DATABASE_URL)

The app runs on DATABASE_URL when it is set (use a throwaway database: the bench adds accounts and
groups), otherwise on an in-memory PGlite.`;

const GROUP_SIZE = 10;
// Plain words: a digit run or an app name would be held for a facilitator, and never broadcast.
const BODY = 'Good morning, everyone. How was your week?';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

interface Options {
	groups: number;
	rate: number;
	durationS: number;
	graceS: number;
	adapter: 'memory' | 'postgres';
}

/** The groups a run uses: room ids and, for the app, one session token per member. */
interface Load {
	groups: { id: string; tokens: string[] }[];
}

interface Result {
	clients: number;
	groups: number;
	sent: number;
	refused: Record<string, number>;
	expected: number;
	received: number;
	duplicated: number;
	/** Milliseconds from send to receipt, one per receipt. */
	latencies: number[];
}

function readOptions(args: string[]): Options | null {
	const { values } = parseArgs({
		args,
		options: {
			groups: { type: 'string', default: '10' },
			rate: { type: 'string', default: '0.5' },
			duration: { type: 'string', default: '15' },
			grace: { type: 'string', default: '5' },
			adapter: { type: 'string', default: 'memory' },
			help: { type: 'boolean', default: false }
		}
	});
	const options: Options = {
		groups: Number(values.groups),
		rate: Number(values.rate),
		durationS: Number(values.duration),
		graceS: Number(values.grace),
		adapter: values.adapter === 'postgres' ? 'postgres' : 'memory'
	};
	const numbersOk = [options.groups, options.rate, options.durationS, options.graceS].every(
		(n) => Number.isFinite(n) && n > 0
	);
	if (values.help || !numbersOk || !['memory', 'postgres'].includes(values.adapter)) return null;
	if (options.adapter === 'postgres' && !process.env.DATABASE_URL) return null;
	return options;
}

async function listen(httpServer: HttpServer): Promise<string> {
	await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
	const { port } = httpServer.address() as { port: number };
	return `http://127.0.0.1:${port}`;
}

/** Connects every member, opens their group, sends at a steady pace, and counts what arrives. */
async function drive(url: string, load: Load, options: Options): Promise<Result> {
	const sentAt = new Map<string, number>();
	const result: Result = {
		clients: 0,
		groups: load.groups.length,
		sent: 0,
		refused: {},
		expected: 0,
		received: 0,
		duplicated: 0,
		latencies: []
	};

	const clients = await Promise.all(
		load.groups.flatMap((group) =>
			group.tokens.map(async (token) => {
				const client: Client = connectClient(url, {
					transports: ['websocket'],
					reconnection: false,
					extraHeaders: { cookie: `sid=${token}` }
				});
				await new Promise<void>((resolve, reject) => {
					client.once('connect', resolve);
					client.once('connect_error', reject);
				});
				const seen = new Set<string>();
				client.on('message', (_groupId, message) => {
					const at = performance.now();
					if (seen.has(message.id)) {
						result.duplicated++;
						return;
					}
					seen.add(message.id);
					const sent = sentAt.get(message.clientId);
					if (sent === undefined) return;
					result.received++;
					result.latencies.push(at - sent);
				});
				const opened = await client.timeout(10_000).emitWithAck('group:open', group.id);
				if (!opened.ok) throw new Error(`group:open refused: ${opened.error}`);
				return { client, groupId: group.id, groupSize: group.tokens.length };
			})
		)
	);
	result.clients = clients.length;

	const intervalMs = 1000 / options.rate;
	const stopAt = performance.now() + options.durationS * 1000;
	const timers: NodeJS.Timeout[] = [];
	const send = ({ client, groupId, groupSize }: (typeof clients)[number]) => {
		if (performance.now() >= stopAt) return;
		const clientId = randomUUID();
		sentAt.set(clientId, performance.now());
		result.sent++;
		result.expected += groupSize;
		client
			.timeout(30_000)
			.emitWithAck('message:send', { groupId, clientId, body: BODY })
			.then(
				(ack) => (ack.ok ? undefined : ack.error),
				() => 'no acknowledgement'
			)
			.then((refusal) => {
				if (refusal) result.refused[refusal] = (result.refused[refusal] ?? 0) + 1;
			});
	};
	// Spread the first sends over one interval, so that clients do not send in lockstep.
	for (const entry of clients) {
		const start = setTimeout(() => {
			send(entry);
			timers.push(setInterval(() => send(entry), intervalMs));
		}, Math.random() * intervalMs);
		timers.push(start);
	}
	await new Promise((resolve) => setTimeout(resolve, options.durationS * 1000));
	for (const timer of timers) clearInterval(timer);

	const graceUntil = performance.now() + options.graceS * 1000;
	while (result.received < result.expected && performance.now() < graceUntil) {
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	for (const { client } of clients) client.close();
	return result;
}

/** The app's realtime server, as `startRealtime` builds it, on its own database. */
async function runApp(options: Options): Promise<Result> {
	const url = process.env.DATABASE_URL;
	const db = url
		? openDatabase({
				url,
				poolMax: 10,
				connectTimeoutMs: 5_000,
				statementTimeoutMs: 15_000,
				onConnectionError: (error) => console.error(`database connection failed: ${error.name}`)
			})
		: openDatabase({ dataDir: 'memory://' });
	try {
		await migrateToLatest(db);
		const load: Load = { groups: [] };
		for (let g = 0; g < options.groups; g++) {
			const group = await createTestGroup(db);
			const members = await Promise.all(
				Array.from({ length: GROUP_SIZE }, () => createGroupMember(db, group.id))
			);
			load.groups.push({ id: group.id, tokens: members.map((member) => member.token) });
		}

		const httpServer = createServer((_request, response) => response.writeHead(404).end());
		attachRealtime(httpServer, {
			origin: undefined,
			ownsUpgrades: true,
			authenticate: (cookie) => identifySocket(db, cookie, new Date()),
			onConnection: (socket) => registerGroupEvents(socket, db, systemClock),
			adapter:
				options.adapter === 'postgres' && url
					? postgresAdapter({ url, connectTimeoutMs: 5_000 })
					: undefined
		});
		try {
			return await drive(await listen(httpServer), load, options);
		} finally {
			await closeRealtime();
		}
	} finally {
		await db.destroy();
	}
}

/** socket.io alone: the same rooms, and each message relayed to its room as the app would. */
async function runBare(options: Options): Promise<Result> {
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
				body: input.body,
				replyTo: null,
				status: 'visible',
				at: new Date().toISOString()
			};
			io.to(`group:${input.groupId}`).emit('message', input.groupId, message);
			ack({ ok: true, message });
		});
	});
	const load: Load = {
		groups: Array.from({ length: options.groups }, () => ({
			id: randomUUID(),
			tokens: Array.from({ length: GROUP_SIZE }, () => 'none')
		}))
	};
	try {
		return await drive(await listen(httpServer), load, options);
	} finally {
		await io.close();
	}
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return Number.NaN;
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function report(options: Options, app: Result, bare: Result): string {
	const appSorted = [...app.latencies].sort((a, b) => a - b);
	const bareSorted = [...bare.latencies].sort((a, b) => a - b);
	const refused = (result: Result) =>
		Object.entries(result.refused)
			.map(([why, count]) => `${count} ${why}`)
			.join(', ') || '0';
	const rows: [string, string, string, string][] = [
		['clients', String(app.clients), String(bare.clients), ''],
		['groups', String(app.groups), String(bare.groups), ''],
		['messages sent', String(app.sent), String(bare.sent), ''],
		['messages refused', refused(app), refused(bare), ''],
		['receipts expected', String(app.expected), String(bare.expected), ''],
		['receipts received', String(app.received), String(bare.received), ''],
		['lost', String(app.expected - app.received), String(bare.expected - bare.received), ''],
		['duplicated', String(app.duplicated), String(bare.duplicated), '']
	];
	for (const p of [50, 95, 99]) {
		const a = percentile(appSorted, p);
		const b = percentile(bareSorted, p);
		rows.push([`latency p${p} (ms)`, a.toFixed(1), b.toFixed(1), (a / b).toFixed(1)]);
	}
	const header: [string, string, string, string] = ['', 'app', 'bare socket.io', 'app/bare'];
	const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => row[i].length)));
	const line = (row: string[]) =>
		row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
	const database = process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'PGlite in memory';
	return [
		`${options.groups} groups of ${GROUP_SIZE}, ${options.rate} message/s per client for ` +
			`${options.durationS} s (+${options.graceS} s grace); app on ${database}, ` +
			`adapter ${options.adapter}`,
		'',
		line(header),
		...rows.map(line)
	].join('\n');
}

export async function main(args: string[]): Promise<number> {
	const options = readOptions(args);
	if (!options) {
		console.error(USAGE);
		return 2;
	}
	console.log('app: setting up groups and running…');
	const app = await runApp(options);
	console.log('bare socket.io: running…');
	const bare = await runBare(options);
	console.log(`\n${report(options, app, bare)}`);
	return 0;
}
