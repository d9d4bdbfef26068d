import type { Kysely } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createGroupMember, createTestGroup } from '../../../../tests/helpers/groups';
import { eventually, startRealtime, type TestClient } from '../../../../tests/helpers/realtime';
import { systemClock } from '../clock';
import type { DB } from '../db/schema';
import { eventLoopLagMs, sendAdmission } from '../limits/send-admission';

let db: Kysely<DB>;
let server: Awaited<ReturnType<typeof startRealtime>>;

beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});
afterEach(async () => {
	await server?.stop();
});

type Answer = Awaited<ReturnType<TestClient['emitWithAck']>>;

interface Send {
	client: TestClient;
	clientId: string;
	body: string;
}

const emit = ({ client, clientId, body }: Send, groupId: string) =>
	client.emitWithAck('message:send', { groupId, clientId, body });

const rowsOf = (groupId: string) =>
	db
		.selectFrom('group_message')
		.select(['client_id', 'body'])
		.where('group_id', '=', groupId)
		.execute();

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('live messages beyond the server’s capacity', () => {
	it('answers sends beyond the limit busy, storing nothing; each sent again is stored once', async () => {
		// The loop's delay never answers here: this is about the sends in flight.
		server = await startRealtime(
			db,
			systemClock,
			sendAdmission({ maxInFlight: 2, maxLagMs: Infinity })
		);
		const group = await createTestGroup(db);
		// Ten each: below the flood limit (12 in 10 s), which counts only what was stored.
		const clients = await Promise.all(
			[1, 2, 3, 4].map(async () => server.connect((await createGroupMember(db, group.id)).token))
		);
		const sends: Send[] = clients.flatMap((client, who) =>
			Array.from({ length: 10 }, (_, n) => ({
				client,
				clientId: crypto.randomUUID(),
				body: `member ${who} says ${n}`
			}))
		);

		const first = await Promise.all(sends.map((send) => emit(send, group.id)));
		const busy = sends.filter((_, i) => !first[i].ok);
		expect(busy.length).toBeGreaterThan(0);
		expect(busy.length).toBeLessThan(sends.length);
		for (const answer of first.filter((answer) => !answer.ok)) {
			expect(answer).toEqual({ ok: false, error: 'busy', retryAfterMs: expect.any(Number) });
			if (!answer.ok) expect(answer.retryAfterMs).toBeGreaterThan(0);
		}
		// Nothing of what was answered busy was stored; what was acknowledged was.
		const stored = new Set((await rowsOf(group.id)).map((row) => row.client_id));
		expect(busy.filter((send) => stored.has(send.clientId))).toEqual([]);
		expect(stored.size).toBe(sends.length - busy.length);

		// As a phone does: the same client id again after the wait, until it is taken.
		const acks = new Map<string, Answer>();
		sends.forEach((send, i) => first[i].ok && acks.set(send.clientId, first[i]));
		let waiting = busy;
		for (let round = 0; waiting.length > 0; round++) {
			expect(round, 'rounds of resending').toBeLessThan(50);
			const answers = await Promise.all(waiting.map((send) => emit(send, group.id)));
			let wait = 0;
			waiting = waiting.filter((send, i) => {
				const answer = answers[i];
				if (answer.ok) acks.set(send.clientId, answer);
				else {
					expect(answer.error).toBe('busy');
					wait = Math.max(wait, answer.retryAfterMs ?? 0);
				}
				return !answer.ok;
			});
			await pause(wait);
		}

		const rows = await rowsOf(group.id);
		expect(rows.map((row) => row.client_id).sort()).toEqual(
			sends.map((send) => send.clientId).sort()
		);
		for (const send of sends) {
			expect(acks.get(send.clientId)).toMatchObject({
				ok: true,
				message: { clientId: send.clientId, body: send.body }
			});
		}
		// A resend of what was acknowledged (its acknowledgement lost) is answered the same, once.
		for (const send of sends.slice(0, 8)) {
			expect(await emit(send, group.id)).toEqual(acks.get(send.clientId));
		}
		expect(await rowsOf(group.id)).toHaveLength(sends.length);
	});

	it('answers sends busy while the event loop runs late, and takes them once it catches up', async () => {
		const limits = { maxInFlight: 100, maxLagMs: 250 };
		server = await startRealtime(db, systemClock, sendAdmission(limits));
		const group = await createTestGroup(db);
		const member = await createGroupMember(db, group.id);
		const client = await server.connect(member.token);
		const send = { client, clientId: crypto.randomUUID(), body: 'while it is slow' };

		// Work that holds the loop for 600 ms at a time, again and again: pages and events all wait.
		let hogging = true;
		const hog = () => {
			const until = performance.now() + 600;
			while (performance.now() < until);
			if (hogging) setTimeout(hog, 1);
		};
		hog();
		try {
			await eventually(() => expect(eventLoopLagMs()).toBeGreaterThan(limits.maxLagMs), 10_000);
			const answer = await emit(send, group.id);
			expect(answer).toEqual({ ok: false, error: 'busy', retryAfterMs: expect.any(Number) });
			expect(await rowsOf(group.id)).toEqual([]);
		} finally {
			hogging = false;
		}

		await eventually(() => expect(eventLoopLagMs()).toBeLessThan(limits.maxLagMs), 10_000);
		const answer = await emit(send, group.id);
		expect(answer).toMatchObject({ ok: true, message: { clientId: send.clientId } });
		expect(await emit(send, group.id)).toEqual(answer);
		expect(await rowsOf(group.id)).toEqual([{ client_id: send.clientId, body: send.body }]);
	});
});
