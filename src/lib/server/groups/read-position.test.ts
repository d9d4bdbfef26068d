import type { Kysely } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createGroupMember, createTestGroup } from '../../../../tests/helpers/groups';
import { startRealtime } from '../../../../tests/helpers/realtime';
import { systemClock } from '../clock';
import type { DB } from '../db/schema';
import { listCircleNews } from './circle-news';
import { sendMessage } from './messages';

let db: Kysely<DB>;
let server: Awaited<ReturnType<typeof startRealtime>> | undefined;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterEach(async () => {
	await server?.stop();
	server = undefined;
});
afterAll(async () => {
	await db.destroy();
});

describe('reading as messages arrive (group:read)', () => {
	it('moves the member’s place to the message their open page received', async () => {
		server = await startRealtime(db, systemClock);
		const group = await createTestGroup(db);
		const [reader, other] = await Promise.all([
			createGroupMember(db, group.id),
			createGroupMember(db, group.id)
		]);
		const sent = [];
		for (const body of ['one', 'two', 'three']) {
			const result = await sendMessage(
				db,
				other,
				{ groupId: group.id, clientId: crypto.randomUUID(), body },
				systemClock
			);
			if (!result.ok) throw new Error(result.error);
			sent.push(result.message);
		}
		const unread = async () =>
			(await listCircleNews(db, reader)).find((circle) => circle.groupId === group.id)?.messages;
		expect(await unread()).toBe(3);

		const client = await server.connect(reader.token);
		expect(await client.emitWithAck('group:read', { groupId: group.id, seq: sent[1].seq })).toEqual(
			{ ok: true }
		);
		expect(await unread()).toBe(1);
	});

	it('refuses a malformed place, and a circle the sender is not a member of', async () => {
		server = await startRealtime(db, systemClock);
		const group = await createTestGroup(db);
		const member = await createGroupMember(db, group.id);
		const client = await server.connect(member.token);
		for (const input of [
			{ groupId: group.id, seq: -1 },
			{ groupId: group.id, seq: 1.5 },
			{ groupId: group.id, seq: 'many' },
			{ groupId: { id: group.id }, seq: 1 },
			null
		]) {
			// The client is typed; these are what a tampered one could send.
			const emit = client.emitWithAck as (event: string, input: unknown) => Promise<unknown>;
			expect(await emit.call(client, 'group:read', input)).toEqual({
				ok: false,
				error: 'invalid'
			});
		}
		const elsewhere = await createTestGroup(db);
		expect(await client.emitWithAck('group:read', { groupId: elsewhere.id, seq: 1 })).toEqual({
			ok: false,
			error: 'not_found'
		});
	});
});
