import type { Kysely } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, signedIn } from '../../../../tests/helpers/factories';
import { createGroupMember, createTestGroup } from '../../../../tests/helpers/groups';
import { startRealtime, type TestClient } from '../../../../tests/helpers/realtime';
import type { SupportMessageView } from '$lib/realtime/support-messages';
import { systemClock } from '../clock';
import type { DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import { replyToMember, writeToFacilitators } from './support-conversation';

/*
 * A member's private conversation with the facilitators is live both ways, with the delivery
 * guarantees of circle messages: stored before it is broadcast, a resend stored and sent once,
 * and the whole conversation asked again after a reconnection. Only the member and the group's
 * moderators ever hear it.
 */

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

let server: Awaited<ReturnType<typeof startRealtime>>;
afterEach(async () => {
	await server?.stop();
});

type Heard = Array<{ thread: { groupId: string; memberId: string }; message: SupportMessageView }>;

/** A connected socket of the actor (in the group's moderators' room when `opens`) and what it heard. */
async function listen(actor: { token: string }, opens?: string) {
	const client: TestClient = await server.connect(actor.token);
	if (opens) expect(await client.emitWithAck('group:open', opens)).toEqual({ ok: true });
	const heard: Heard = [];
	client.on('support:message', (thread, message) => heard.push({ thread, message }));
	return { client, heard };
}

async function eventually(check: () => boolean) {
	const until = Date.now() + 2_000;
	while (!check()) {
		if (Date.now() > until) throw new Error('nothing arrived in time');
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

async function scene() {
	const group = await createTestGroup(db);
	const other = await createTestGroup(db);
	server = await startRealtime(db, systemClock);
	return {
		group,
		member: await createGroupMember(db, group.id),
		peer: await createGroupMember(db, group.id),
		facilitator: await createGroupMember(db, group.id, 'facilitator'),
		otherFacilitator: await createGroupMember(db, other.id, 'facilitator'),
		outsider: await signedIn(db, await createAccount(db))
	};
}

describe('the private conversation, live', () => {
	it('brings the facilitator’s reply to the member and the member’s words to the facilitator', async () => {
		const s = await scene();
		const member = await listen(s.member);
		const facilitator = await listen(s.facilitator, s.group.id);
		const bystanders = await Promise.all([
			listen(s.peer, s.group.id),
			listen(s.otherFacilitator),
			listen(s.outsider)
		]);
		const thread = { groupId: s.group.id, memberId: s.member.memberId };

		const written = await writeToFacilitators(
			db,
			s.member,
			s.group.id,
			{ formKey: newFormKey(systemClock()), body: 'Can we talk today?' },
			systemClock
		);
		await eventually(() => facilitator.heard.length === 1 && member.heard.length === 1);
		expect(facilitator.heard[0]).toEqual({
			thread,
			message: {
				id: written.ok ? written.id : '',
				body: 'Can we talk today?',
				at: expect.any(String),
				fromMember: true,
				authorName: null
			}
		});

		await replyToMember(
			db,
			s.facilitator,
			s.group.id,
			s.member.memberId,
			{ formKey: newFormKey(systemClock()), body: 'Yes, at five.' },
			systemClock
		);
		await eventually(() => member.heard.length === 2);
		expect(member.heard[1]).toEqual({
			thread,
			message: expect.objectContaining({
				body: 'Yes, at five.',
				fromMember: false,
				authorName: s.facilitator.displayName
			})
		});
		await settle();
		for (const bystander of bystanders) expect(bystander.heard).toEqual([]);
	});

	it('stores and sends a message sent twice (a retry) once', async () => {
		const s = await scene();
		const facilitator = await listen(s.facilitator, s.group.id);
		const input = { formKey: newFormKey(systemClock()), body: 'Are you there?' };
		const [first, second] = await Promise.all([
			writeToFacilitators(db, s.member, s.group.id, input, systemClock),
			writeToFacilitators(db, s.member, s.group.id, input, systemClock)
		]);
		expect(second).toEqual(first);
		await eventually(() => facilitator.heard.length === 1);
		await settle();
		expect(facilitator.heard).toHaveLength(1);
	});

	it('gives a reconnecting phone the whole conversation, and only to those who may read it', async () => {
		const s = await scene();
		await writeToFacilitators(
			db,
			s.member,
			s.group.id,
			{ formKey: newFormKey(systemClock()), body: 'While you were away' },
			systemClock
		);
		const own = await (
			await listen(s.member)
		).client.emitWithAck('support:sync', {
			groupId: s.group.id,
			memberId: null
		});
		expect(own).toEqual({
			ok: true,
			messages: [expect.objectContaining({ body: 'While you were away', fromMember: true })]
		});
		const asFacilitator = await (
			await listen(s.facilitator)
		).client.emitWithAck('support:sync', {
			groupId: s.group.id,
			memberId: s.member.memberId
		});
		expect(asFacilitator).toEqual(own);

		// A peer cannot read another's conversation, nor anyone outside the group; the peer's own
		// is empty.
		for (const actor of [s.peer, s.otherFacilitator, s.outsider]) {
			const { client } = await listen(actor);
			expect(
				await client.emitWithAck('support:sync', {
					groupId: s.group.id,
					memberId: s.member.memberId
				})
			).toEqual({ ok: false, error: 'not_found' });
		}
		expect(
			await (
				await listen(s.peer)
			).client.emitWithAck('support:sync', {
				groupId: s.group.id,
				memberId: null
			})
		).toEqual({ ok: true, messages: [] });
		for (const input of [null, { groupId: 'nope', memberId: null }]) {
			const { client } = await listen(s.member);
			const send = client.emitWithAck as (event: string, input: unknown) => Promise<unknown>;
			expect(await send.call(client, 'support:sync', input)).toMatchObject({ ok: false });
		}
	});
});
