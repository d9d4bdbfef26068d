// One client process of `npm run bench:realtime`: it owns whole groups (so a message's sender and
// its receivers share one clock), sends at its share of each step's rate and reports counts and a
// latency histogram to the parent over IPC. bench/realtime-load.ts compiles it to plain JavaScript
// and starts it; never run by hand.
import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { io as connectClient, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../src/lib/realtime/events';

// Plain words: a digit run or an app name would be held for a facilitator, and never broadcast.
const BODY = 'Good morning, everyone. How was your week?';
/** Handshakes in flight at once per process, so that connecting does not storm the server. */
const CONNECTING_AT_ONCE = 50;
/** A send due longer ago than this is skipped: the process could not keep the pace. */
const MAX_CATCH_UP_MS = 250;
const TICK_MS = 5;

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface GroupLoad {
	id: string;
	/** One Cookie header per member; the bare server ignores them. */
	cookies: string[];
}

export type ToClients =
	| { type: 'connect'; url: string; groups: GroupLoad[] }
	| { type: 'step'; step: number; rate: number; durationMs: number; graceMs: number }
	| { type: 'close' };

export interface StepCounts {
	sent: number;
	/** Sends that fell due while the process was too busy to make them. */
	skipped: number;
	refused: Record<string, number>;
	/** Receipts of accepted messages: group size per message. */
	expected: number;
	received: number;
	duplicated: number;
	/** Receipts of an earlier step's messages, after its grace ended. */
	late: number;
	/** Latency in tenths of a millisecond → receipts. */
	histogram: [number, number][];
	/** This process's CPU time over the step's wall time (1 = one core). */
	cpu: number;
	/** This process's own event-loop delay, ms. */
	loopP99: number;
	sendingMs: number;
}

export type FromClients =
	| { type: 'connected'; sockets: number; refused: Record<string, number> }
	| ({ type: 'step-result'; step: number } & StepCounts);

interface Member {
	client: Client;
	groupId: string;
	groupSize: number;
	seen: Set<string>;
}

interface Step {
	id: number;
	sentAt: Map<string, number>;
	sent: number;
	skipped: number;
	refused: Record<string, number>;
	accepted: number;
	pendingAcks: number;
	received: number;
	duplicated: number;
	late: number;
	histogram: Map<number, number>;
}

const members: Member[] = [];
let current: Step | undefined;
let lateReceipts = 0;

const send = (message: FromClients) => process.send?.(message);

function receive(member: Member, clientId: string, messageId: string) {
	const at = performance.now();
	const step = current;
	const sent = step?.sentAt.get(clientId);
	if (!step || sent === undefined) {
		lateReceipts++;
		return;
	}
	if (member.seen.has(messageId)) {
		step.duplicated++;
		return;
	}
	member.seen.add(messageId);
	step.received++;
	const bucket = Math.round((at - sent) * 10);
	step.histogram.set(bucket, (step.histogram.get(bucket) ?? 0) + 1);
}

async function connectOne(url: string, groupId: string, cookie: string, groupSize: number) {
	const client: Client = connectClient(url, {
		transports: ['websocket'],
		reconnection: false,
		timeout: 60_000,
		extraHeaders: { cookie }
	});
	try {
		await new Promise<void>((resolve, reject) => {
			client.once('connect', resolve);
			client.once('connect_error', reject);
		});
		const member: Member = { client, groupId, groupSize, seen: new Set() };
		client.on('message', (_groupId, message) => receive(member, message.clientId, message.id));
		const opened = await client.timeout(60_000).emitWithAck('group:open', groupId);
		if (!opened.ok) throw new Error(`group:open ${opened.error}`);
		members.push(member);
		return null;
	} catch (error) {
		client.close();
		return (error as Error).message || 'failed';
	}
}

async function connectAll(url: string, groups: GroupLoad[]) {
	const jobs = groups.flatMap((group) =>
		group.cookies.map((cookie) => () => connectOne(url, group.id, cookie, group.cookies.length))
	);
	const refused: Record<string, number> = {};
	let next = 0;
	await Promise.all(
		Array.from({ length: CONNECTING_AT_ONCE }, async () => {
			while (next < jobs.length) {
				const why = await jobs[next++]();
				if (why) refused[why] = (refused[why] ?? 0) + 1;
			}
		})
	);
	send({ type: 'connected', sockets: members.length, refused });
}

function shuffled<T>(items: T[]): T[] {
	const out = [...items];
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(Math.random() * (i + 1));
		[out[i], out[j]] = [out[j], out[i]];
	}
	return out;
}

async function runStep(id: number, rate: number, durationMs: number, graceMs: number) {
	const step: Step = {
		id,
		sentAt: new Map(),
		sent: 0,
		skipped: 0,
		refused: {},
		accepted: 0,
		pendingAcks: 0,
		received: 0,
		duplicated: 0,
		late: 0,
		histogram: new Map()
	};
	for (const member of members) member.seen.clear();
	current = step;
	lateReceipts = 0;
	const loop = monitorEventLoopDelay({ resolution: 10 });
	loop.enable();
	const cpuBefore = process.cpuUsage();
	const began = performance.now();

	const refuse = (why: string) => (step.refused[why] = (step.refused[why] ?? 0) + 1);
	// Senders in a random order, each in turn: every member sends at the same pace (the flood
	// limits count per member) and consecutive sends go to different groups.
	const order = shuffled(members);
	let turn = 0;
	let due = 0;
	const sendOne = () => {
		const member = order[turn++ % order.length];
		const clientId = randomUUID();
		step.sentAt.set(clientId, performance.now());
		step.sent++;
		step.pendingAcks++;
		member.client
			.timeout(durationMs + graceMs)
			.emitWithAck('message:send', { groupId: member.groupId, clientId, body: BODY })
			.then(
				(ack) => (ack.ok ? null : ack.error),
				() => 'no acknowledgement'
			)
			.then((refusal) => {
				if (current !== step) return;
				step.pendingAcks--;
				if (refusal) refuse(refusal);
				else step.accepted++;
			});
	};
	await new Promise<void>((resolve) => {
		const timer = setInterval(() => {
			const elapsed = Math.min(performance.now() - began, durationMs);
			const target = Math.floor((elapsed / 1000) * rate);
			// Sends due long ago are skipped rather than sent in a burst: the shortfall shows.
			const oldest = Math.floor((Math.max(0, elapsed - MAX_CATCH_UP_MS) / 1000) * rate);
			if (due < oldest) {
				step.skipped += oldest - due;
				due = oldest;
			}
			for (; due < target; due++) sendOne();
			if (elapsed >= durationMs) {
				clearInterval(timer);
				resolve();
			}
		}, TICK_MS);
	});
	const sendingMs = performance.now() - began;

	const graceUntil = performance.now() + graceMs;
	const settled = () =>
		step.pendingAcks === 0 &&
		step.received >= (step.sent - sumValues(step.refused)) * (members[0]?.groupSize ?? 0);
	while (!settled() && performance.now() < graceUntil) {
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	const wallMs = performance.now() - began;
	const cpu = process.cpuUsage(cpuBefore);
	loop.disable();
	if (step.pendingAcks > 0) {
		step.refused['no acknowledgement'] =
			(step.refused['no acknowledgement'] ?? 0) + step.pendingAcks;
	}
	current = undefined;
	// Every member of this process's groups receives each accepted message, the sender included.
	const groupSize = members[0]?.groupSize ?? 0;
	send({
		type: 'step-result',
		step: id,
		sent: step.sent,
		skipped: step.skipped,
		refused: step.refused,
		expected: step.accepted * groupSize,
		received: step.received,
		duplicated: step.duplicated,
		late: lateReceipts,
		histogram: [...step.histogram],
		cpu: (cpu.user + cpu.system) / 1000 / wallMs,
		loopP99: Math.max(0, loop.percentile(99) / 1e6 - 10),
		sendingMs
	});
}

function sumValues(record: Record<string, number>): number {
	return Object.values(record).reduce((a, b) => a + b, 0);
}

/** Runs until the parent says close. */
async function main(): Promise<number> {
	if (!process.send) {
		console.error('bench/realtime-clients.ts is started by bench/realtime-load.ts');
		return 2;
	}
	await new Promise<void>((resolve) => {
		// Work is queued so that a step never starts before the connections are made.
		let queue = Promise.resolve();
		process.on('message', (message: ToClients) => {
			queue = queue.then(async () => {
				if (message.type === 'connect') await connectAll(message.url, message.groups);
				else if (message.type === 'step')
					await runStep(message.step, message.rate, message.durationMs, message.graceMs);
				else {
					for (const { client } of members) client.close();
					resolve();
				}
			});
		});
		// The parent went away: nothing left to report to.
		process.on('disconnect', resolve);
	});
	for (const { client } of members) client.close();
	return 0;
}

void main().then((code) => process.exit(code));
