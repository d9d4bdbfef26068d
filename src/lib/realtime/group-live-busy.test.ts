import type { Kysely } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestDatabase } from '../../../tests/helpers/database';
import { createGroupMember, createTestGroup } from '../../../tests/helpers/groups';
import { eventually, startRealtime } from '../../../tests/helpers/realtime';
import { systemClock } from '../server/clock';
import type { DB } from '../server/db/schema';
import { listMessages } from '../server/groups/messages';
import { sendAdmission } from '../server/limits/send-admission';
import { GroupLive } from './group-live';

let db: Kysely<DB>;
let server: Awaited<ReturnType<typeof startRealtime>>;
let stop: (() => void) | undefined;

type Answer = { ok: true } | { ok: false; error: string };

beforeAll(async () => {
	db = await openTestDatabase();
	// GroupLive follows the browser's online and offline events.
	vi.stubGlobal('window', new EventTarget());
	vi.stubGlobal('navigator', { onLine: true });
});
afterAll(async () => {
	vi.unstubAllGlobals();
	await db.destroy();
});
afterEach(async () => {
	stop?.();
	await server?.stop();
});

describe('GroupLive when the server is at capacity', () => {
	it('sends busy messages again by itself, shown as sending, each stored once', async () => {
		// One send at a time: a member's quick messages mostly come back busy.
		server = await startRealtime(
			db,
			systemClock,
			sendAdmission({ maxInFlight: 1, maxLagMs: Infinity })
		);
		const group = await createTestGroup(db);
		const member = await createGroupMember(db, group.id);
		const page = await listMessages(db, member, group.id);
		// The page opens its group in the handshake: the socket starts connecting in the same turn
		// as `start`, as on the page, never before it.
		const socket = server.client(member.token);
		// What the server answered each send, as the page receives it (just before it acts on it).
		const answers: string[] = [];
		const emitWithAck = socket.emitWithAck.bind(socket) as (...args: unknown[]) => Promise<Answer>;
		socket.emitWithAck = (async (...args: unknown[]) => {
			const answer = await emitWithAck(...args);
			if (args[0] === 'message:send') answers.push(answer.ok ? 'ok' : answer.error);
			return answer;
		}) as typeof socket.emitWithAck;
		const live = new GroupLive(group.id, page);
		stop = live.start(socket);
		await eventually(() => expect(live.connected).toBe(true));
		const bodies = Array.from({ length: 8 }, (_, n) => `quick message ${n}`);
		for (const body of bodies) live.send(body, null);
		const sent = live.pending.map((message) => message.clientId);
		// One written while the others wait for room goes after them, not ahead.
		await eventually(() => expect(answers.length).toBeGreaterThanOrEqual(bodies.length));
		expect(answers).toContain('busy');
		const later = 'written while the others wait';
		live.send(later, null);
		bodies.push(later);
		sent.push(live.pending.at(-1)!.clientId);

		const shownFailed: string[] = [];
		await eventually(() => {
			shownFailed.push(
				...live.pending.filter((m) => m.state !== 'sending').map((m) => m.error ?? '')
			);
			expect(live.pending).toEqual([]);
		}, 30_000);
		// Never shown as failed; in the order written, each once.
		expect(shownFailed).toEqual([]);
		expect(answers.filter((answer) => answer === 'ok')).toHaveLength(bodies.length);
		expect(live.messages.map((message) => message.body)).toEqual(bodies);

		const rows = await db
			.selectFrom('group_message')
			.select('client_id')
			.where('group_id', '=', group.id)
			.orderBy('seq')
			.execute();
		expect(rows.map((row) => row.client_id)).toEqual(sent);
	});
});
