import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Kysely } from 'kysely';
import { poolUse } from '../db/open';
import type { DB } from '../db/schema';
import type { WriteKind } from '../limits/write-limits';

/**
 * What an operator can watch, in Prometheus' text format. Every label value comes from a short
 * list fixed in this code (route ids such as /groups/[id], status codes, reasons): never a
 * nickname, an id, a path as requested, or anything a member typed.
 */

/** Why a write was refused. */
export type WriteRefusal = 'too_fast' | 'slow' | 'muted' | 'paused';
/** Why a socket was refused at its handshake (realtime/attach.ts). */
export type ConnectionRefusal = 'origin' | 'unauthorized' | 'too_many' | 'unavailable';
/** Why a sign-in failed: a wrong nickname or passphrase, or an address made to wait. */
export type SignInFailure = 'invalid' | 'throttled';

const WRITE_KINDS: readonly WriteKind[] = [
	'message',
	'topic',
	'poll',
	'report',
	'support_message',
	'invitation',
	'check_in'
];
const CONNECTION_REFUSALS: readonly ConnectionRefusal[] = [
	'origin',
	'unauthorized',
	'too_many',
	'unavailable'
];
const SIGN_IN_FAILURES: readonly SignInFailure[] = ['invalid', 'throttled'];
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

function createMetrics() {
	/** The database whose pool the gauges read (watchDatabasePool). */
	let database: Kysely<DB> | undefined;
	const currentPoolUse = () => (database ? poolUse(database) : undefined);
	const registry = new Registry();
	// Process and Node.js figures: CPU, memory, handles, garbage collection, and the event loop's
	// delay (nodejs_eventloop_lag_seconds and its percentiles).
	collectDefaultMetrics({ register: registry });
	const registers = [registry];

	const httpDuration = new Histogram({
		name: 'circles_http_request_duration_seconds',
		help: 'Time to answer a request through SvelteKit, by route id (or "unmatched"), method and status.',
		labelNames: ['route', 'method', 'status'] as const,
		buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
		registers
	});

	const socketConnections = new Gauge({
		name: 'circles_socket_connections',
		help: 'socket.io connections open on this process now.',
		registers
	});

	const connectionsRefused = new Counter({
		name: 'circles_socket_connections_refused_total',
		help: 'socket.io handshakes refused, by reason.',
		labelNames: ['reason'] as const,
		registers
	});
	for (const reason of CONNECTION_REFUSALS) connectionsRefused.inc({ reason }, 0);

	const messagesStored = new Counter({
		name: 'circles_messages_stored_total',
		help: 'Circle messages stored (a resend is not counted again); rate() gives messages per second.',
		registers
	});

	const writesRefused = new Counter({
		name: 'circles_writes_refused_total',
		help: 'Writes refused, by kind of write and reason (too_fast: a write limit; slow: slow mode; muted; paused).',
		labelNames: ['kind', 'reason'] as const,
		registers
	});
	for (const kind of WRITE_KINDS) writesRefused.inc({ kind, reason: 'too_fast' }, 0);
	for (const reason of ['slow', 'muted', 'paused'] as const)
		writesRefused.inc({ kind: 'message', reason }, 0);

	const eventsRefused = new Counter({
		name: 'circles_socket_events_refused_total',
		help: "socket.io events answered with a refusal, by event and the answer's error code.",
		labelNames: ['event', 'reason'] as const,
		registers
	});

	const signInFailures = new Counter({
		name: 'circles_signin_failures_total',
		help: 'Failed sign-ins, by reason; rate() * 60 gives failures per minute.',
		labelNames: ['reason'] as const,
		registers
	});
	for (const reason of SIGN_IN_FAILURES) signInFailures.inc({ reason }, 0);

	// Read from the pool at each scrape; PostgreSQL only (PGlite has no pool: no series at all).
	new Gauge({
		name: 'circles_db_pool_connections',
		help: 'PostgreSQL connections of this process, by state (in_use, idle).',
		labelNames: ['state'] as const,
		registers,
		collect() {
			const use = currentPoolUse();
			if (!use) return;
			this.set({ state: 'in_use' }, use.total - use.idle);
			this.set({ state: 'idle' }, use.idle);
		}
	});
	new Gauge({
		name: 'circles_db_pool_max',
		help: 'The most PostgreSQL connections this process opens (DB_POOL_MAX).',
		registers,
		collect() {
			const use = currentPoolUse();
			if (use) this.set(use.max);
		}
	});
	new Gauge({
		name: 'circles_db_pool_waiting',
		help: 'Queries waiting for a PostgreSQL connection because every one is busy.',
		registers,
		collect() {
			const use = currentPoolUse();
			if (use) this.set(use.waiting);
		}
	});

	const backupTime = new Gauge({
		name: 'circles_backup_last_time_seconds',
		help: 'When the last backup finished, in seconds since 1970 (UTC).',
		registers
	});
	const backupSize = new Gauge({
		name: 'circles_backup_last_size_bytes',
		help: 'Size of the last backup.',
		registers
	});
	const backupDuration = new Gauge({
		name: 'circles_backup_last_duration_seconds',
		help: 'How long the last backup took.',
		registers
	});
	const backups = new Counter({
		name: 'circles_backups_total',
		help: 'Backups written since this process started.',
		registers
	});

	return {
		watchDatabase(db: Kysely<DB>) {
			database = db;
		},
		registry,
		httpDuration,
		socketConnections,
		connectionsRefused,
		messagesStored,
		writesRefused,
		eventsRefused,
		signInFailures,
		backupTime,
		backupSize,
		backupDuration,
		backups
	};
}

// One set per process: Vite runs this module again in development, and a metric registered twice
// under one name would be refused.
const PROCESS_METRICS = Symbol.for('circles.metrics');
const processState = globalThis as { [PROCESS_METRICS]?: ReturnType<typeof createMetrics> };
const metrics = () => (processState[PROCESS_METRICS] ??= createMetrics());

/** The process's database: its pool's use is read at each scrape (PostgreSQL; PGlite has none). */
export function watchDatabasePool(db: Kysely<DB>): void {
	metrics().watchDatabase(db);
}

/** One request answered: its route id (null when no route matched), method and status. */
export function observeRequest(
	routeId: string | null,
	method: string,
	status: number,
	seconds: number
): void {
	metrics().httpDuration.observe(
		{
			route: routeId ?? 'unmatched',
			// Any other method is a word the client chose.
			method: METHODS.has(method) ? method : 'other',
			status: String(status)
		},
		seconds
	);
}

/** A socket passed its handshake; `socketClosed` when it disconnects. */
export function socketOpened(): void {
	metrics().socketConnections.inc();
}

export function socketClosed(): void {
	metrics().socketConnections.dec();
}

export function connectionRefused(reason: ConnectionRefusal): void {
	metrics().connectionsRefused.inc({ reason });
}

export function messageStored(): void {
	metrics().messagesStored.inc();
}

export function writeRefused(kind: WriteKind, reason: WriteRefusal): void {
	metrics().writesRefused.inc({ kind, reason });
}

/**
 * A socket event answered with a refusal. Both labels are the server's own words: the names of
 * the events it handles and the error codes it answers with.
 */
export function eventRefused(event: string, reason: string): void {
	metrics().eventsRefused.inc({ event, reason });
}

export function signInFailed(reason: SignInFailure): void {
	metrics().signInFailures.inc({ reason });
}

/** For the backup job: one backup written, when it finished, its size, how long it took. */
export function recordBackup(backup: { at: Date; bytes: number; seconds: number }): void {
	const set = metrics();
	set.backupTime.set(backup.at.getTime() / 1000);
	set.backupSize.set(backup.bytes);
	set.backupDuration.set(backup.seconds);
	set.backups.inc();
}

/** Every metric of this process, as a scraper reads it. */
export async function scrapeMetrics(): Promise<{ contentType: string; body: string }> {
	const { registry } = metrics();
	return { contentType: registry.contentType, body: await registry.metrics() };
}
