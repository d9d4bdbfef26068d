import type { Kysely } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { fakeClock } from '../../../../tests/helpers/clock';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createGroupMember, createTestGroup } from '../../../../tests/helpers/groups';
import { startRealtime, type TestClient } from '../../../../tests/helpers/realtime';
import { HUGE, SOCKET_CORPUS } from '../../../../tests/hostile-input';
import { SOCKET_EVENT_MATRIX } from '../../../../tests/route-matrix';
import type { DB } from '../db/schema';
import { log } from '../log';
import type { GroupOpened } from '../../realtime/events';

/*
 * Issue 13, point 9: every value of the hostile corpus, in every argument position of every event
 * a client can send, is answered with a refused acknowledgement (or accepted as the plain text it
 * is), never a throw, never a hang; nothing is stored for a refusal, and the server logs no error.
 */

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
	vi.restoreAllMocks();
});

interface Circle {
	groupId: string;
	/** Another member's id, for the facilitator's view of their private conversation. */
	memberId: string;
}

/**
 * A well-formed first argument for each event, which the corpus then spoils one field at a time.
 * A new event in SOCKET_EVENT_MATRIX fails the test below until it has a line here.
 */
const VALID_INPUT: Record<string, (circle: Circle) => unknown> = {
	'group:open': ({ groupId }) => groupId,
	'message:sync': ({ groupId }) => ({ groupId, afterRev: 0 }),
	'message:history': ({ groupId }) => ({ groupId, beforeSeq: 10 }),
	'crisis:waiting': () => null,
	'support:sync': ({ groupId, memberId }) => ({ groupId, memberId }),
	'message:send': ({ groupId }) => ({
		groupId,
		clientId: crypto.randomUUID(),
		body: 'hello',
		replyToId: null
	}),
	'group:read': ({ groupId }) => ({ groupId, seq: 1 })
};

/** Every way to spoil an event's first argument: the whole of it, then each field in turn. */
function spoiled(valid: unknown): Array<{ label: string; input: unknown }> {
	const cases = SOCKET_CORPUS.map(([name, value]) => ({ label: `input=${name}`, input: value }));
	if (typeof valid === 'object' && valid !== null) {
		for (const field of Object.keys(valid)) {
			for (const [name, value] of SOCKET_CORPUS) {
				const input: Record<string, unknown> = { ...valid };
				if (value === undefined) delete input[field];
				else input[field] = value;
				cases.push({ label: `${field}=${name}`, input });
			}
		}
	}
	return cases;
}

/** What a refusal may leave behind: nothing the circle's members would see or have kept. */
async function circleState(groupId: string) {
	const messages = await db
		.selectFrom('group_message')
		.select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.max('rev').as('rev')])
		.where('group_id', '=', groupId)
		.executeTakeFirstOrThrow();
	const support = await db
		.selectFrom('support_message')
		.select((eb) => eb.fn.countAll<string>().as('n'))
		.where('group_id', '=', groupId)
		.executeTakeFirstOrThrow();
	const members = await db
		.selectFrom('group_member')
		.selectAll()
		.where('group_id', '=', groupId)
		.orderBy('id')
		.execute();
	return JSON.stringify({ messages, support, members }, (_key, value: unknown) =>
		typeof value === 'bigint' ? String(value) : value
	);
}

type Answer = { ok: boolean; error?: string } | 'disconnected';

/** Emits and waits for the acknowledgement; a socket the server closed answers 'disconnected'. */
async function ask(client: TestClient, event: string, ...args: unknown[]): Promise<Answer> {
	const emit = client.timeout(10_000).emitWithAck as (...a: unknown[]) => Promise<Answer>;
	const closed = new Promise<Answer>((resolve) =>
		client.once('disconnect', () => resolve('disconnected'))
	);
	return Promise.race([emit.call(client, event, ...args), closed]);
}

describe('hostile input over socket.io', () => {
	it('has a well-formed input for every event a client can send', () => {
		expect(SOCKET_EVENT_MATRIX.map((row) => row.event).sort()).toEqual(
			Object.keys(VALID_INPUT).sort()
		);
	});

	it('refuses every corpus value in every argument of every event, stores nothing, logs no error', async () => {
		// A second between events: the write limits (12 messages in 10 s) never answer for the
		// validation this test is about.
		const clock = fakeClock(new Date());
		server = await startRealtime(db, clock);
		const errors = vi.spyOn(log(), 'error');
		const fatal = vi.spyOn(log(), 'fatal');
		const group = await createTestGroup(db);
		const facilitator = await createGroupMember(db, group.id, 'facilitator');
		const other = await createGroupMember(db, group.id);
		const circle: Circle = { groupId: group.id, memberId: other.memberId };
		let client = await server.connect(facilitator.token);
		const answers: Record<string, number> = {};
		const accepted: string[] = [];

		for (const { event } of SOCKET_EVENT_MATRIX) {
			const valid = VALID_INPUT[event](circle);
			// The well-formed input is accepted: the refusals below are the corpus's doing.
			expect(await ask(client, event, valid), `${event} well-formed`).toMatchObject({ ok: true });
			const cases = [
				...spoiled(valid),
				// Arguments a client should never send: more than one, or an acknowledgement that is
				// not a function (the server cannot answer it, and must not fail either).
				...SOCKET_CORPUS.map(([name, value]) => ({
					label: `extra argument=${name}`,
					input: valid,
					extra: [value]
				}))
			];
			for (const { label, input, extra } of cases as Array<{
				label: string;
				input: unknown;
				extra?: unknown[];
			}>) {
				clock.advance(1_000);
				// A fresh key for every send, so a resend's answer never stands in for a refusal.
				if (event === 'message:send' && typeof input === 'object' && input && 'clientId' in input)
					if (
						(input as { clientId: unknown }).clientId === (valid as { clientId: string }).clientId
					)
						(input as { clientId: string }).clientId = crypto.randomUUID();
				const before = await circleState(group.id);
				const answer = await ask(client, event, input, ...(extra ?? []));
				const where = `${event} ${label}`;
				expect.soft(answer, where).not.toBe('disconnected');
				if (answer === 'disconnected') client = await server.connect(facilitator.token);
				expect.soft(typeof answer === 'object' && answer !== null, where).toBe(true);
				const result = answer as { ok: boolean; error?: string };
				if (result.ok) {
					accepted.push(where);
				} else {
					expect.soft(result.error, where).toMatch(/^[a-z_]+$/);
					expect.soft(result.error, where).not.toBe('unavailable');
					expect.soft(await circleState(group.id), `${where}: nothing changed`).toBe(before);
				}
				answers[result.ok ? 'ok' : result.error!] =
					(answers[result.ok ? 'ok' : result.error!] ?? 0) + 1;
			}
			// No acknowledgement at all: nothing to answer, and nothing goes wrong.
			const emit = client.emit.bind(client) as (...a: unknown[]) => void;
			for (const [, value] of SOCKET_CORPUS) emit(event, value);
			emit(event, valid, 'not a function');
		}

		// Beyond the transport's limit (1 MB): the server closes that socket, nothing is stored,
		// and the member connects again.
		const before = await circleState(group.id);
		expect(
			await ask(client, 'message:send', {
				groupId: group.id,
				clientId: crypto.randomUUID(),
				body: HUGE
			})
		).toBe('disconnected');
		expect(await circleState(group.id)).toBe(before);
		client = await server.connect(facilitator.token);
		expect(await ask(client, 'group:open', group.id)).toEqual({ ok: true });

		// What was accepted is text a member may write, or a read of what the member may see.
		for (const where of accepted) {
			expect.soft(where).toMatch(
				new RegExp(
					[
						// Text a member may write: shown as text, never run.
						'^message:send body=(number-like text|xss|zero width|mixed scripts)$',
						'^message:send replyToId=(missing|null)$',
						// Reads from the start, or of the member's own conversation.
						'^message:sync afterRev=zero$',
						'^group:read seq=zero$',
						'^support:sync memberId=null$',
						// Takes no input: whatever is sent is ignored.
						'^crisis:waiting input='
					].join('|')
				)
			);
		}
		expect(errors).not.toHaveBeenCalled();
		expect(fatal).not.toHaveBeenCalled();
		// Most answers are refusals, and of the kinds a client has a sentence for.
		expect(answers.invalid).toBeGreaterThan(answers.ok);
	});

	it('refuses every corpus value in a group opened in the handshake, logs no error', async () => {
		server = await startRealtime(db, fakeClock(new Date()));
		const errors = vi.spyOn(log(), 'error');
		const group = await createTestGroup(db);
		const member = await createGroupMember(db, group.id);
		const answers: string[] = [];
		for (const { label, input } of spoiled({ groupId: group.id, afterRev: 0 })) {
			// Nothing to open: the handshake says nothing the server answers.
			if (label === 'input=missing') continue;
			const client = server.client(member.token, { open: input });
			const opened = await new Promise<GroupOpened>((resolve) =>
				client.once('group:opened', resolve)
			);
			client.close();
			answers.push(`${label}: ${opened.ok ? 'ok' : opened.error}`);
		}
		// Only a resume point of zero (from the start) opens; every other value is refused, with an
		// answer a page has a sentence for.
		expect(answers.filter((answer) => answer.endsWith(': ok'))).toEqual(['afterRev=zero: ok']);
		for (const answer of answers) expect(answer).toMatch(/: (ok|invalid|not_found)$/);
		expect(errors).not.toHaveBeenCalled();
	});
});
