import type { Kysely } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestDatabase } from '../../../tests/helpers/database';
import { createGroupMember, createTestGroup } from '../../../tests/helpers/groups';
import { eventually, startRealtime } from '../../../tests/helpers/realtime';
import { createAccount, signedIn } from '../../../tests/helpers/factories';
import { fakeClock } from '../../../tests/helpers/clock';
import { signOutEverywhere } from '../server/accounts/own-account';
import { setRole } from '../server/accounts/roles';
import { systemClock } from '../server/clock';
import type { DB } from '../server/db/schema';
import { moderateMember } from '../server/groups/member-moderation';
import { listMessages, sendMessage } from '../server/groups/messages';
import { realtime, type RealtimeSocket } from '../server/realtime/attach';
import type { HandshakeAuth } from './events';
import { GroupLive } from './group-live';

let db: Kysely<DB>;
let server: Awaited<ReturnType<typeof startRealtime>>;
let stop: (() => void) | undefined;

beforeAll(async () => {
	db = await openTestDatabase();
	// GroupLive follows the browser's online and offline events; here the test sends them.
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

const goOffline = () => window.dispatchEvent(new Event('offline'));
const goOnline = () => window.dispatchEvent(new Event('online'));

/** A member's page of the group, kept live by GroupLive over a real socket.io connection. */
async function openPage(groupId: string, reader: Awaited<ReturnType<typeof createGroupMember>>) {
	const live = new GroupLive(groupId, await listMessages(db, reader, groupId));
	stop = live.start(server.client(reader.token));
	await eventually(() => expect(live.connected).toBe(true));
	return live;
}

/** The `afterRev` of every catch-up the server is asked for (opening or syncing), from here on. */
function recordSyncs() {
	const asked: number[] = [];
	realtime()!.on('connection', (socket: RealtimeSocket) => {
		const { open } = socket.handshake.auth as Partial<HandshakeAuth>;
		if (open) asked.push(open.afterRev);
		socket.use(([event, input], next) => {
			if (event === 'message:sync') asked.push((input as { afterRev: number }).afterRev);
			next();
		});
	});
	return asked;
}

describe('GroupLive catching up after a reconnection', () => {
	it('fetches what was missed even when a live message arrives before the next page is asked for', async () => {
		// Four seconds between messages: more than a page of them at once would be a flood.
		const clock = fakeClock(new Date());
		server = await startRealtime(db, clock);
		const group = await createTestGroup(db);
		const reader = await createGroupMember(db, group.id);
		const writer = await createGroupMember(db, group.id);
		const post = async (body: string) => {
			clock.advance(4_000);
			const sent = await sendMessage(
				db,
				writer,
				{ groupId: group.id, clientId: crypto.randomUUID(), body },
				clock
			);
			if (!sent.ok) throw new Error(sent.error);
		};
		await post('before');
		const live = await openPage(group.id, reader);
		const seenBefore = live.messages.at(-1)!.rev;

		goOffline();
		await eventually(() => expect(live.connected).toBe(false));
		// More than the first page of changes that opening answers with (200).
		const away = Array.from({ length: 201 }, (_, i) => `while away ${i + 1}`);
		for (const body of away) await post(body);
		const asked = recordSyncs();
		// The reopened socket is in the room before the opening is answered: a message posted in
		// that moment reaches the phone live, ahead of the answer and so of the sync for the rest.
		realtime()!.once('connection', (socket: RealtimeSocket) => {
			const emit = socket.emit.bind(socket) as (event: string, ...args: unknown[]) => boolean;
			socket.emit = ((event: string, ...args: unknown[]) => {
				if (event !== 'group:opened') return emit(event, ...args);
				void post('during reopen').then(() => emit(event, ...args));
				return true;
			}) as typeof socket.emit;
		});
		goOnline();

		await eventually(() =>
			expect(live.messages.map((message) => message.body)).toEqual([
				'before',
				...away,
				'during reopen'
			])
		);
		const firstPage = live.messages.find((message) => message.body === 'while away 200')!;
		expect(asked).toEqual([seenBefore, firstPage.rev]);
		expect(live.connected).toBe(true);
	});

	it('moves the resume point with live messages once caught up', async () => {
		server = await startRealtime(db, systemClock);
		const group = await createTestGroup(db);
		const reader = await createGroupMember(db, group.id);
		const writer = await createGroupMember(db, group.id);
		const post = (body: string) =>
			sendMessage(
				db,
				writer,
				{ groupId: group.id, clientId: crypto.randomUUID(), body },
				systemClock
			);
		const live = await openPage(group.id, reader);
		const sent = await post('live');
		if (!sent.ok) throw new Error(sent.error);
		await eventually(() => expect(live.messages.map((message) => message.body)).toEqual(['live']));

		goOffline();
		await eventually(() => expect(live.connected).toBe(false));
		await post('while away');
		const asked = recordSyncs();
		goOnline();

		await eventually(() =>
			expect(live.messages.map((message) => message.body)).toEqual(['live', 'while away'])
		);
		expect(asked).toEqual([sent.message.rev]);
	});
});

describe('GroupLive telling the member what happened to the connection', () => {
	it('says offline, then reconnecting, then back, and then nothing', async () => {
		server = await startRealtime(db, systemClock);
		const group = await createTestGroup(db);
		const live = await openPage(group.id, await createGroupMember(db, group.id));
		expect(live.connection).toBe('online');

		goOffline();
		expect(live.connection).toBe('offline');
		goOnline();
		expect(live.connection).toBe('reconnecting');
		await eventually(() => expect(live.connection).toBe('back'));
		// "Back" shows for a few seconds, then the line is empty again.
		await eventually(() => expect(live.connection).toBe('online'), 6_000);
	});

	it('says offline from the start on a page that starts offline, and connects once online', async () => {
		server = await startRealtime(db, systemClock);
		const group = await createTestGroup(db);
		const member = await createGroupMember(db, group.id);
		vi.stubGlobal('navigator', { onLine: false });
		const live = new GroupLive(group.id, await listMessages(db, member, group.id));
		stop = live.start(server.client(member.token));
		expect(live.connection).toBe('offline');

		vi.stubGlobal('navigator', { onLine: true });
		goOnline();
		await eventually(() => expect(live.connected).toBe(true));
		expect(live.connection).toBe('back');
	});

	it('ends as signed out when the account signs out everywhere', async () => {
		server = await startRealtime(db, systemClock);
		const group = await createTestGroup(db);
		const member = await createGroupMember(db, group.id);
		const live = await openPage(group.id, member);

		await signOutEverywhere(db, member);
		await eventually(() => expect(live.ended).toBe('signed_out'));
	});

	it('comes back after a role change, which cuts the connection but not the session', async () => {
		server = await startRealtime(db, systemClock);
		const admin = await signedIn(db, await createAccount(db, { role: 'admin' }));
		const group = await createTestGroup(db);
		const member = await createGroupMember(db, group.id);
		const live = await openPage(group.id, member);

		await setRole(db, admin, member.id, 'coordinator');
		await eventually(() => expect(live.connection).toBe('back'));
		await eventually(() => expect(live.connected).toBe(true));
		expect(live.ended).toBeNull();
	});

	it('ends as removed when a facilitator removes the member', async () => {
		server = await startRealtime(db, systemClock);
		const group = await createTestGroup(db);
		const facilitator = await createGroupMember(db, group.id, 'facilitator');
		const member = await createGroupMember(db, group.id);
		const live = await openPage(group.id, member);

		await moderateMember(
			db,
			facilitator,
			group.id,
			member.memberId,
			{ kind: 'remove', reason: 'broke the agreement' },
			new Date()
		);
		await eventually(() => expect(live.ended).toBe('removed'));
	});

	it("hears of the member's own mute and unmute, and nobody else's", async () => {
		server = await startRealtime(db, systemClock);
		const group = await createTestGroup(db);
		const facilitator = await createGroupMember(db, group.id, 'facilitator');
		const [member, other] = [
			await createGroupMember(db, group.id),
			await createGroupMember(db, group.id)
		];
		const live = await openPage(group.id, member);
		let changes = 0;
		live.onMuteChange = () => changes++;
		const moderate = (who: typeof member, kind: 'mute' | 'unmute') =>
			moderateMember(
				db,
				facilitator,
				group.id,
				who.memberId,
				kind === 'mute' ? { kind, reason: 'cool down', minutes: 60 } : { kind, reason: '' },
				new Date()
			);

		await moderate(member, 'mute');
		await eventually(() => expect(changes).toBe(1));
		await moderate(member, 'unmute');
		await eventually(() => expect(changes).toBe(2));
		await moderate(other, 'mute');
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(changes).toBe(2);
	});
});

describe('GroupLive telling the page to draw it again', () => {
	it('once for all that changed in the same turn, after it changed', async () => {
		const live = new GroupLive(crypto.randomUUID(), {
			messages: [],
			lastRev: 0,
			hasEarlier: false
		});
		const seen: number[] = [];
		live.onChange = () => seen.push(live.messages.length + live.pending.length);
		const at = new Date().toISOString();
		const message = (seq: number) => ({
			id: crypto.randomUUID(),
			seq,
			rev: seq,
			clientId: crypto.randomUUID(),
			author: 'Orchid',
			authorKey: 'someone',
			authorRole: null,
			body: `words ${seq}`,
			replyTo: null,
			status: 'visible' as const,
			at
		});
		live.receive([message(1), message(2)]);
		// Not connected: it waits, shown as sending.
		live.send('mine', null);
		expect(seen).toEqual([]);
		await Promise.resolve();
		expect(seen).toEqual([3]);
		live.discard(live.pending[0].clientId);
		await Promise.resolve();
		expect(seen).toEqual([3, 2]);
	});
});
