import type { Kysely } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock, MINUTE } from '../../../../tests/helpers/clock';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { SOCKET_EVENT_MATRIX } from '../../../../tests/route-matrix';
import { createAccount, signedIn } from '../../../../tests/helpers/factories';
import { createGroupMember, createTestGroup } from '../../../../tests/helpers/groups';
import { eventually, startRealtime, type TestClient } from '../../../../tests/helpers/realtime';
import { mergeMessages } from '../../realtime/message-list';
import type { GroupOpened } from '../../realtime/events';
import type { MessageView } from '../../realtime/messages';
import { invalidateSession } from '../accounts/sessions';
import { systemClock } from '../clock';
import type { DB } from '../db/schema';
import { moderateMember } from './member-moderation';
import { flagMessage, reviewMessage } from './message-review';
import { listMessages, sendMessage } from './messages';
import { workSettled } from '../work-in-flight';

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

/** A client that keeps every message event of a group, as the browser's list does. */
function collect(client: TestClient, groupId: string) {
	const received: MessageView[] = [];
	client.on('message', (group, message) => {
		if (group === groupId) received.push(message);
	});
	return received;
}

const send = (client: TestClient, groupId: string, body: string, clientId = crypto.randomUUID()) =>
	client.emitWithAck('message:send', { groupId, clientId, body });

describe('group events over socket.io', () => {
	it('refuses to open, read or post in a group to anyone not in it', async () => {
		server = await startRealtime(db, systemClock);
		const group = await createTestGroup(db);
		await createGroupMember(db, group.id);
		const outsider = await server.connect((await signedIn(db, await createAccount(db))).token);
		expect(await outsider.emitWithAck('group:open', group.id)).toEqual({
			ok: false,
			error: 'not_found'
		});
		expect(await outsider.emitWithAck('group:open', 'not-a-uuid')).toEqual({
			ok: false,
			error: 'not_found'
		});
		expect(await send(outsider, group.id, 'hello')).toEqual({ ok: false, error: 'not_found' });
		expect(await outsider.emitWithAck('message:sync', { groupId: group.id, afterRev: 0 })).toEqual({
			ok: false,
			error: 'not_found'
		});
		expect(
			await outsider.emitWithAck('message:history', { groupId: group.id, beforeSeq: 10 })
		).toEqual({ ok: false, error: 'not_found' });
		const rows = await db
			.selectFrom('group_message')
			.select('id')
			.where('group_id', '=', group.id)
			.execute();
		expect(rows).toHaveLength(0);
	});

	it('answers malformed events with a refusal, and stores nothing', async () => {
		server = await startRealtime(db, systemClock);
		const group = await createTestGroup(db);
		const member = await createGroupMember(db, group.id);
		const client = await server.connect(member.token);
		const emit = client.emitWithAck as (event: string, input: unknown) => Promise<unknown>;
		for (const input of [
			null,
			'text',
			42,
			{ groupId: group.id },
			{ groupId: group.id, clientId: 'x', body: 7 }
		]) {
			expect(await emit.call(client, 'message:send', input)).toEqual({
				ok: false,
				error: 'invalid'
			});
		}
		// A hidden control character (NUL cannot be stored at all) is refused with its own answer.
		expect(
			await emit.call(client, 'message:send', {
				groupId: group.id,
				clientId: crypto.randomUUID(),
				body: 'hello\u0000'
			})
		).toEqual({ ok: false, error: 'hidden_characters' });
		for (const input of [
			null,
			{ groupId: group.id, afterRev: 'soon' },
			// Beyond any number a message can have: refused, not a failed query.
			{ groupId: group.id, afterRev: 1e300 },
			{ groupId: group.id, afterRev: -1 }
		]) {
			expect(await emit.call(client, 'message:sync', input)).toEqual({
				ok: false,
				error: 'invalid'
			});
		}
		const rows = await db
			.selectFrom('group_message')
			.select('id')
			.where('group_id', '=', group.id)
			.execute();
		expect(rows).toHaveLength(0);
		expect(await send(client, group.id, 'still here')).toMatchObject({ ok: true });
	});

	it('answers three sends of one client id with one row and three identical acks', async () => {
		server = await startRealtime(db, systemClock);
		const group = await createTestGroup(db);
		const member = await createGroupMember(db, group.id);
		const client = await server.connect(member.token);
		const clientId = crypto.randomUUID();
		const acks = await Promise.all([1, 2, 3].map(() => send(client, group.id, 'once', clientId)));
		expect(acks[0]).toMatchObject({ ok: true, message: { body: 'once', seq: 1 } });
		expect(acks[1]).toEqual(acks[0]);
		expect(acks[2]).toEqual(acks[0]);
		const rows = await db
			.selectFrom('group_message')
			.select('id')
			.where('group_id', '=', group.id)
			.execute();
		expect(rows).toHaveLength(1);
	});

	it('delivers live to the group, and after an absence exactly what was missed, in order', async () => {
		// A second between messages: fifty at once would be a flood (limits/write-limits.ts).
		const clock = fakeClock(new Date());
		server = await startRealtime(db, clock);
		const group = await createTestGroup(db);
		const sender = await createGroupMember(db, group.id);
		const reader = await createGroupMember(db, group.id);
		const senderClient = await server.connect(sender.token);
		let readerClient = await server.connect(reader.token);
		expect(await readerClient.emitWithAck('group:open', group.id)).toEqual({ ok: true });
		const live = collect(readerClient, group.id);
		await send(senderClient, group.id, 'first');
		await eventually(() => expect(live.map((m) => m.body)).toEqual(['first']));
		const lastRev = live[0].rev;

		readerClient.close();
		for (let i = 1; i <= 50; i++) {
			clock.advance(1000);
			await send(senderClient, group.id, `while away ${i}`);
		}

		readerClient = await server.connect(reader.token);
		expect(await readerClient.emitWithAck('group:open', group.id)).toEqual({ ok: true });
		let missed: MessageView[] = [];
		let afterRev = lastRev;
		for (;;) {
			const page = await readerClient.emitWithAck('message:sync', { groupId: group.id, afterRev });
			if (!page.ok) throw new Error(page.error);
			missed = mergeMessages(missed, page.messages);
			afterRev = Math.max(afterRev, ...page.messages.map((m) => m.rev));
			if (!page.more) break;
		}
		expect(missed.map((m) => m.body)).toEqual(
			Array.from({ length: 50 }, (_, i) => `while away ${i + 1}`)
		);
		expect(new Set(missed.map((m) => m.id)).size).toBe(50);
	});

	it('opens a group named in the handshake and answers with what changed since, as a sync would', async () => {
		const clock = fakeClock(new Date());
		server = await startRealtime(db, clock);
		const group = await createTestGroup(db);
		const sender = await createGroupMember(db, group.id);
		const reader = await createGroupMember(db, group.id);
		const outsider = await createGroupMember(db, (await createTestGroup(db)).id);
		const senderClient = await server.connect(sender.token);
		for (const body of ['seen', 'missed 1', 'missed 2']) {
			clock.advance(1000);
			await send(senderClient, group.id, body);
		}
		const seen = (await listMessages(db, reader, group.id)).messages[0];
		/** What the server says right after connecting with `open` in the handshake. */
		const openInHandshake = async (token: string, open: unknown) => {
			const client = server.client(token, { open });
			const opened = await new Promise<GroupOpened>((resolve) =>
				client.once('group:opened', resolve)
			);
			return { client, opened };
		};

		const { client, opened } = await openInHandshake(reader.token, {
			groupId: group.id,
			afterRev: seen.rev
		});
		const synced = await client.emitWithAck('message:sync', {
			groupId: group.id,
			afterRev: seen.rev
		});
		if (!opened.ok || !synced.ok) throw new Error('refused');
		expect(opened.changes.messages.map((m) => m.body)).toEqual(['missed 1', 'missed 2']);
		expect(opened.changes).toEqual({ messages: synced.messages, more: synced.more });
		// The socket is in the group's room: what comes next arrives live.
		const live = collect(client, group.id);
		await send(senderClient, group.id, 'live');
		await eventually(() => expect(live.map((m) => m.body)).toEqual(['live']));

		// Someone else's group is not opened, and a bad resume point changes nothing.
		const elsewhere = await openInHandshake(outsider.token, { groupId: group.id, afterRev: 0 });
		expect(elsewhere.opened).toEqual({ ok: false, error: 'not_found' });
		const outsiderLive = collect(elsewhere.client, group.id);
		for (const afterRev of [-1, 1.5, '3', null])
			expect((await openInHandshake(reader.token, { groupId: group.id, afterRev })).opened).toEqual(
				{ ok: false, error: 'invalid' }
			);
		await send(senderClient, group.id, 'after');
		await eventually(() => expect(live.map((m) => m.body)).toEqual(['live', 'after']));
		expect(outsiderLive).toEqual([]);
	});

	it('shows a held message to its author and the facilitators only', async () => {
		server = await startRealtime(db, systemClock);
		const group = await createTestGroup(db, { holdFirstPosts: 1 });
		const newcomer = await createGroupMember(db, group.id);
		const peer = await createGroupMember(db, group.id);
		const facilitator = await createGroupMember(db, group.id, 'facilitator');
		const clients = await Promise.all(
			[newcomer, peer, facilitator].map((who) => server.connect(who.token))
		);
		for (const client of clients)
			expect(await client.emitWithAck('group:open', group.id)).toEqual({ ok: true });
		const [toNewcomer, toPeer, toFacilitator] = clients.map((client) => collect(client, group.id));

		const ack = await send(clients[0], group.id, 'hello, I am new');
		expect(ack).toMatchObject({ ok: true, message: { status: 'held' } });
		await eventually(() => expect(toFacilitator.map((m) => m.status)).toEqual(['held']));
		await eventually(() => expect(toNewcomer.map((m) => m.status)).toEqual(['held']));

		if (!ack.ok) throw new Error();
		await reviewMessage(
			db,
			facilitator,
			group.id,
			{ messageId: ack.message.id, decision: 'approve', reason: '' },
			new Date()
		);
		await eventually(() =>
			expect(toPeer.map((m) => `${m.body}:${m.status}`)).toEqual(['hello, I am new:visible'])
		);
		expect(toPeer).toHaveLength(1);
	});

	it('takes a removed member out of the room at once', async () => {
		server = await startRealtime(db, systemClock);
		const group = await createTestGroup(db);
		const member = await createGroupMember(db, group.id);
		const speaker = await createGroupMember(db, group.id);
		const facilitator = await createGroupMember(db, group.id, 'facilitator');
		const memberClient = await server.connect(member.token);
		expect(await memberClient.emitWithAck('group:open', group.id)).toEqual({ ok: true });
		const received = collect(memberClient, group.id);
		const closed = new Promise<string>((resolve) => memberClient.on('group:closed', resolve));

		await moderateMember(
			db,
			facilitator,
			group.id,
			member.memberId,
			{ kind: 'remove', reason: 'rules' },
			new Date()
		);
		expect(await closed).toBe(group.id);
		await sendMessage(
			db,
			speaker,
			{ groupId: group.id, clientId: crypto.randomUUID(), body: 'after' },
			systemClock
		);
		// The speaker's own socket proves the message went out; the removed member's got nothing.
		const speakerClient = await server.connect(speaker.token);
		await speakerClient.emitWithAck('group:open', group.id);
		await send(speakerClient, group.id, 'later still');
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(received).toEqual([]);
		expect(await memberClient.emitWithAck('group:open', group.id)).toEqual({
			ok: false,
			error: 'not_found'
		});
	});

	it('keeps a session alive while its member talks over the socket only', async () => {
		const clock = fakeClock();
		server = await startRealtime(db, clock);
		const group = await createTestGroup(db);
		const member = await createGroupMember(db, group.id);
		const session = await signedIn(
			db,
			{ ...member, passphrase: '', role: 'member' },
			{ now: clock() }
		);
		const client = await server.connect(session.token);
		// Fifty minutes of talk, a message every ten: no page load, yet never idle for 30 minutes.
		for (let minute = 10; minute <= 50; minute += 10) {
			clock.advance(10 * MINUTE);
			expect(await send(client, group.id, `minute ${minute}`)).toMatchObject({ ok: true });
		}
		clock.advance(31 * MINUTE);
		expect(await send(client, group.id, 'after a long silence')).toEqual({
			ok: false,
			error: 'not_found'
		});
	});

	it('stops answering a socket whose session was signed out', async () => {
		server = await startRealtime(db, systemClock);
		const group = await createTestGroup(db);
		const member = await createGroupMember(db, group.id);
		const client = await server.connect(member.token);
		const gone = new Promise<void>((resolve) => client.on('disconnect', () => resolve()));
		await invalidateSession(db, member.sessionId);
		expect(await send(client, group.id, 'hello')).toEqual({ ok: false, error: 'not_found' });
		await gone;
	});

	it('builds, from events, the same state that a fresh page load shows', async () => {
		server = await startRealtime(db, systemClock);
		const group = await createTestGroup(db, { holdFirstPosts: 1 });
		const [a, b, c, d] = await Promise.all([1, 2, 3, 4].map(() => createGroupMember(db, group.id)));
		const facilitator = await createGroupMember(db, group.id, 'facilitator');
		const viewers = [a, facilitator];
		const live = new Map<string, MessageView[]>();
		for (const viewer of viewers) {
			const client = await server.connect(viewer.token);
			await client.emitWithAck('group:open', group.id);
			const page = await listMessages(db, viewer, group.id);
			live.set(viewer.id, page.messages);
			client.on('message', (groupId, message) => {
				if (groupId === group.id)
					live.set(viewer.id, mergeMessages(live.get(viewer.id)!, [message]));
			});
		}
		const post = (who: typeof a, body: string) =>
			sendMessage(db, who, { groupId: group.id, clientId: crypto.randomUUID(), body }, systemClock);
		const ids: string[] = [];
		const remember = (result: Awaited<ReturnType<typeof post>>) => {
			if (result.ok) ids.push(result.message.id);
		};
		// First posts are held; a facilitator approves two, hides one; three flags hold another.
		for (const who of [a, b, c, d]) remember(await post(who, `hello from ${who.displayName}`));
		await reviewMessage(
			db,
			facilitator,
			group.id,
			{ messageId: ids[0], decision: 'approve', reason: '' },
			new Date()
		);
		await reviewMessage(
			db,
			facilitator,
			group.id,
			{ messageId: ids[1], decision: 'approve', reason: '' },
			new Date()
		);
		await reviewMessage(
			db,
			facilitator,
			group.id,
			{ messageId: ids[2], decision: 'hide', reason: 'off topic' },
			new Date()
		);
		remember(await post(a, 'a second word'));
		remember(await post(facilitator, 'welcome all'));
		for (const who of [b, c, d])
			await flagMessage(db, who, group.id, { messageId: ids[4], reason: 'unkind' }, new Date());
		await reviewMessage(
			db,
			facilitator,
			group.id,
			{ messageId: ids[1], decision: 'delete', reason: 'contact' },
			new Date()
		);

		for (const viewer of viewers) {
			const reloaded = (await listMessages(db, viewer, group.id)).messages;
			await eventually(() => expect(live.get(viewer.id)).toEqual(reloaded));
		}
		// And what each saw differs as it should: the facilitator sees held words; the member does not.
		const forMember = live.get(a.id)!.map((m) => m.status);
		expect(forMember).toEqual(['visible', 'deleted', 'hidden', 'held', 'visible']);
		expect(live.get(facilitator.id)!.map((m) => m.status)).toEqual([
			'visible',
			'deleted',
			'hidden',
			'held',
			'held',
			'visible'
		]);
	});

	it('answers every event as the access matrix says, for each role outside the group', async () => {
		server = await startRealtime(db, systemClock);
		const group = await createTestGroup(db);
		const member = await createGroupMember(db, group.id);
		await sendMessage(
			db,
			member,
			{ groupId: group.id, clientId: crypto.randomUUID(), body: 'hi' },
			systemClock
		);
		const inputs: Record<string, unknown> = {
			'group:open': group.id,
			'message:sync': { groupId: group.id, afterRev: 0 },
			'message:history': { groupId: group.id, beforeSeq: 5 },
			'crisis:waiting': null,
			'support:sync': { groupId: group.id, memberId: member.memberId },
			'message:send': { groupId: group.id, clientId: crypto.randomUUID(), body: 'hello' },
			'group:read': { groupId: group.id, seq: 1 }
		};
		for (const role of ['member', 'coordinator', 'admin'] as const) {
			const client = await server.connect(
				(await signedIn(db, await createAccount(db, { role }))).token
			);
			for (const row of SOCKET_EVENT_MATRIX) {
				// The events are typed one by one; the matrix walks them all with one loose call.
				const emit = client.emitWithAck as (
					event: string,
					input: unknown
				) => Promise<{ ok: boolean }>;
				const answer = await emit.call(client, row.event, inputs[row.event]);
				expect([row.event, role, answer.ok ? 'allowed' : 'refused']).toEqual([
					row.event,
					role,
					row.expect[role]
				]);
			}
		}
	});
	it('counts a send as work in flight until it is answered, for shutdown to wait on', async () => {
		server = await startRealtime(db, systemClock);
		const group = await createTestGroup(db);
		const member = await createGroupMember(db, group.id);
		const client = await server.connect(member.token);
		let answer: Promise<unknown> | undefined;
		// The group's row held by another transaction keeps the send waiting inside the server.
		await db.transaction().execute(async (trx) => {
			await trx
				.selectFrom('peer_group')
				.select('id')
				.where('id', '=', group.id)
				.forUpdate()
				.execute();
			answer = send(client, group.id, 'still on its way');
			const deadline = Date.now() + 5_000;
			while ((await workSettled(0)) === 0 && Date.now() < deadline)
				await new Promise((resolve) => setTimeout(resolve, 20));
			expect(await workSettled(0)).toBe(1);
		});
		expect(await answer).toMatchObject({ ok: true });
		expect(await workSettled(0)).toBe(0);
	});
});
