import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { loggingQueries } from '../../../../tests/helpers/query-log';
import { fakeClock, MINUTE } from '../../../../tests/helpers/clock';
import { createAccount, signedIn } from '../../../../tests/helpers/factories';
import { createGroupMember, createTestGroup } from '../../../../tests/helpers/groups';
import { ANONYMOUS, type Actor } from '../access/actor';
import { systemClock, type Clock } from '../clock';
import type { DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import {
	listOwnConversation,
	openHelpConversations,
	readConversation,
	replyToMember,
	writeToFacilitators
} from './support-conversation';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

async function scene() {
	const group = await createTestGroup(db);
	const other = await createTestGroup(db);
	return {
		group,
		other,
		member: await createGroupMember(db, group.id),
		peer: await createGroupMember(db, group.id),
		facilitator: await createGroupMember(db, group.id, 'facilitator'),
		coFacilitator: await createGroupMember(db, group.id, 'co_facilitator'),
		otherFacilitator: await createGroupMember(db, other.id, 'facilitator'),
		outsider: await signedIn(db, await createAccount(db)),
		coordinator: await signedIn(db, await createAccount(db, { role: 'coordinator' })),
		admin: await signedIn(db, await createAccount(db, { role: 'admin' }))
	};
}

const notFound = { status: 404 };
const HOUR = 60 * MINUTE;

/** The member's form, rendered just now unless a key is given, sent with these words. */
const writeAs = (
	actor: Actor,
	groupId: string,
	body: string,
	clock: Clock,
	formKey = newFormKey(clock())
) => writeToFacilitators(db, actor, groupId, { formKey, body }, clock);

/** A facilitator's answer, rendered just now unless a key is given. */
const replyAs = (
	actor: Actor,
	groupId: string,
	memberId: string,
	body: string,
	clock: Clock,
	formKey = newFormKey(clock())
) => replyToMember(db, actor, groupId, memberId, { formKey, body }, clock);
const bodies = (messages: Array<{ body: string }>) => messages.map((message) => message.body);

describe('a member’s conversation with the facilitators', () => {
	it('is read by the member and the group’s facilitators, and answered by them', async () => {
		const s = await scene();
		const clock = fakeClock();
		expect(await writeAs(s.member, s.group.id, '  I feel low  ', clock)).toEqual({
			ok: true,
			id: expect.any(String)
		});
		clock.advance(MINUTE);
		expect(await replyAs(s.facilitator, s.group.id, s.member.memberId, 'I am here', clock)).toEqual(
			{ ok: true, id: expect.any(String) }
		);
		clock.advance(MINUTE);
		await replyAs(s.coordinator, s.group.id, s.member.memberId, 'Me too', clock);

		const own = await listOwnConversation(db, s.member, s.group.id);
		expect(own).toEqual([
			expect.objectContaining({ body: 'I feel low', fromMember: true, authorName: null }),
			expect.objectContaining({
				body: 'I am here',
				fromMember: false,
				authorName: s.facilitator.displayName
			}),
			// Staff outside the group have no name in it.
			expect.objectContaining({ body: 'Me too', fromMember: false, authorName: null })
		]);
		for (const moderator of [s.facilitator, s.coFacilitator, s.coordinator, s.admin]) {
			const thread = await readConversation(db, moderator, s.group.id, s.member.memberId);
			expect(thread.member).toEqual({
				id: s.member.memberId,
				name: s.member.displayName,
				active: true
			});
			expect(thread.messages).toEqual(own);
		}
	});

	it('is never seen by another member, a facilitator of another group, or anyone outside', async () => {
		const s = await scene();
		await writeAs(s.member, s.group.id, 'private words', systemClock);
		expect(await listOwnConversation(db, s.peer, s.group.id)).toEqual([]);
		for (const actor of [ANONYMOUS, s.member, s.peer, s.outsider, s.otherFacilitator]) {
			await expect(
				readConversation(db, actor, s.group.id, s.member.memberId)
			).rejects.toMatchObject(notFound);
			await expect(
				replyAs(actor, s.group.id, s.member.memberId, 'hello', systemClock)
			).rejects.toMatchObject(notFound);
		}
		for (const actor of [ANONYMOUS, s.outsider, s.otherFacilitator]) {
			await expect(
				openHelpConversations(db, actor, s.group.id, systemClock())
			).rejects.toMatchObject(notFound);
		}
		// Members of the circle open their own conversation and see nobody else's.
		for (const actor of [s.member, s.peer]) {
			expect((await openHelpConversations(db, actor, s.group.id, systemClock())).all).toEqual([]);
		}
		// Not through the other group either.
		await expect(
			readConversation(db, s.otherFacilitator, s.other.id, s.member.memberId)
		).rejects.toMatchObject(notFound);
		await expect(
			replyAs(s.otherFacilitator, s.other.id, s.member.memberId, 'hi', systemClock)
		).rejects.toMatchObject(notFound);
		for (const memberId of [crypto.randomUUID(), 'nope', s.otherFacilitator.memberId]) {
			await expect(readConversation(db, s.facilitator, s.group.id, memberId)).rejects.toMatchObject(
				notFound
			);
		}
		for (const actor of [ANONYMOUS, s.outsider, s.coordinator, s.otherFacilitator]) {
			await expect(listOwnConversation(db, actor, s.group.id)).rejects.toMatchObject(notFound);
			await expect(writeAs(actor, s.group.id, 'hello', systemClock)).rejects.toMatchObject(
				notFound
			);
		}
		expect(bodies(await listOwnConversation(db, s.member, s.group.id))).toEqual(['private words']);
	});

	it('refuses an empty or too long message and stores nothing', async () => {
		const s = await scene();
		const write = (body: string) => writeAs(s.member, s.group.id, body, systemClock);
		expect(await write('   ')).toEqual({ ok: false, error: 'empty' });
		expect(await write('ก'.repeat(2001))).toEqual({ ok: false, error: 'too_long' });
		expect(await replyAs(s.facilitator, s.group.id, s.member.memberId, '', systemClock)).toEqual({
			ok: false,
			error: 'empty'
		});
		expect(await listOwnConversation(db, s.member, s.group.id)).toEqual([]);
		// 2,000 characters of Thai (or emoji, two UTF-16 units each) is within the limit.
		expect(await write('ก'.repeat(2000))).toEqual({ ok: true, id: expect.any(String) });
		expect(await write('🙂'.repeat(2000))).toEqual({ ok: true, id: expect.any(String) });
	});

	it('stores the same form sent twice, or three times at once, once, with one result', async () => {
		const s = await scene();
		const clock = fakeClock();
		const writeKey = newFormKey(clock());
		const first = await writeAs(s.member, s.group.id, 'are you there?', clock, writeKey);
		clock.advance(2 * MINUTE);
		expect(await writeAs(s.member, s.group.id, 'are you there?', clock, writeKey)).toEqual(first);
		clock.advance(MINUTE);
		const parallelKey = newFormKey(clock());
		const sends = await Promise.all(
			[1, 2, 3].map(() => writeAs(s.member, s.group.id, 'hello?', clock, parallelKey))
		);
		expect(sends).toEqual([sends[0], sends[0], sends[0]]);

		clock.advance(MINUTE);
		const replyKey = newFormKey(clock());
		const answer = () =>
			replyAs(s.facilitator, s.group.id, s.member.memberId, 'I am here', clock, replyKey);
		const answers = await Promise.all([answer(), answer()]);
		expect(await answer()).toEqual(answers[0]);
		expect(answers[1]).toEqual(answers[0]);
		expect(bodies(await listOwnConversation(db, s.member, s.group.id))).toEqual([
			'are you there?',
			'hello?',
			'I am here'
		]);
	});

	it('stores the same words sent again from a fresh form twice', async () => {
		const s = await scene();
		const clock = fakeClock();
		await writeAs(s.member, s.group.id, 'yes', clock);
		clock.advance(1000);
		await writeAs(s.member, s.group.id, 'yes', clock);
		expect(bodies(await listOwnConversation(db, s.member, s.group.id))).toEqual(['yes', 'yes']);
	});

	it('refuses a form rendered too long ago, and stores nothing', async () => {
		const s = await scene();
		const clock = fakeClock();
		const old = newFormKey(new Date(clock().getTime() - 2 * HOUR));
		const expired = { ok: false, error: 'form_key_expired' };
		expect(await writeAs(s.member, s.group.id, 'hello', clock, old)).toEqual(expired);
		expect(await writeAs(s.member, s.group.id, 'hello', clock, 'not-a-key')).toEqual(expired);
		expect(await replyAs(s.facilitator, s.group.id, s.member.memberId, 'hi', clock, old)).toEqual(
			expired
		);
		expect(await listOwnConversation(db, s.member, s.group.id)).toEqual([]);
	});

	it('lets a refused form be corrected and sent again with its key', async () => {
		const s = await scene();
		const clock = fakeClock();
		const formKey = newFormKey(clock());
		expect(await writeAs(s.member, s.group.id, '  ', clock, formKey)).toEqual({
			ok: false,
			error: 'empty'
		});
		expect(await writeAs(s.member, s.group.id, 'now', clock, formKey)).toMatchObject({ ok: true });
		expect(bodies(await listOwnConversation(db, s.member, s.group.id))).toEqual(['now']);
	});

	it('lists the conversations for the facilitators, latest first, marking those waiting', async () => {
		const s = await scene();
		const clock = fakeClock();
		await writeAs(s.member, s.group.id, 'first', clock);
		clock.advance(MINUTE);
		await writeAs(s.peer, s.group.id, 'second', clock);
		clock.advance(MINUTE);
		await replyAs(s.facilitator, s.group.id, s.member.memberId, 'answer', clock);
		// Another group's conversations stay in that group.
		const otherMember = await createGroupMember(db, s.other.id);
		await writeAs(otherMember, s.other.id, 'elsewhere', clock);

		expect((await openHelpConversations(db, s.coFacilitator, s.group.id, clock())).all).toEqual([
			{
				memberId: s.member.memberId,
				name: s.member.displayName,
				active: true,
				lastAt: expect.any(Date),
				waiting: false
			},
			{
				memberId: s.peer.memberId,
				name: s.peer.displayName,
				active: true,
				lastAt: expect.any(Date),
				waiting: true
			}
		]);
	});

	it('can still be read, but not answered, once the member has left', async () => {
		const s = await scene();
		await writeAs(s.member, s.group.id, 'goodbye', systemClock);
		await db
			.updateTable('group_member')
			.set({ status: 'left' })
			.where('id', '=', s.member.memberId)
			.execute();
		const thread = await readConversation(db, s.facilitator, s.group.id, s.member.memberId);
		expect(thread.member.active).toBe(false);
		expect(bodies(thread.messages)).toEqual(['goodbye']);
		expect(await replyAs(s.facilitator, s.group.id, s.member.memberId, 'bye', systemClock)).toEqual(
			{ ok: false, error: 'closed' }
		);
		await expect(listOwnConversation(db, s.member, s.group.id)).rejects.toMatchObject(notFound);
		expect(
			(await openHelpConversations(db, s.facilitator, s.group.id, systemClock())).all[0]
		).toMatchObject({
			memberId: s.member.memberId,
			active: false
		});
	});
});

describe('the member opening their conversation', () => {
	const seenAt = (memberId: string) =>
		db
			.selectFrom('group_member')
			.select('help_seen_at')
			.where('id', '=', memberId)
			.executeTakeFirstOrThrow()
			.then((row) => row.help_seen_at);

	it('reads it and marks it seen in one statement, for them alone', async () => {
		const s = await scene();
		await writeAs(s.member, s.group.id, 'are you there', systemClock);
		const now = new Date('2030-05-01T10:00:00Z');
		const peerBefore = await seenAt(s.peer.memberId);
		const { db: logged, statements } = loggingQueries(db);
		const opened = await openHelpConversations(logged, s.member, s.group.id, now);
		// The group with the membership, then the thread with the mark.
		expect(statements).toHaveLength(2);
		expect(opened).toEqual({
			own: await listOwnConversation(db, s.member, s.group.id),
			all: []
		});
		expect(await seenAt(s.member.memberId)).toEqual(now);
		expect(await seenAt(s.peer.memberId)).toEqual(peerBefore);
	});

	it('is a 404 for anyone neither taking part nor moderating, and marks nothing', async () => {
		const s = await scene();
		await writeAs(s.member, s.group.id, 'are you there', systemClock);
		const before = await seenAt(s.facilitator.memberId);
		for (const actor of [ANONYMOUS, s.outsider, s.otherFacilitator]) {
			await expect(openHelpConversations(db, actor, s.group.id, new Date())).rejects.toMatchObject(
				notFound
			);
		}
		// A coordinator moderating from outside has no thread of their own to open.
		const staff = await openHelpConversations(db, s.coordinator, s.group.id, new Date());
		expect(staff.own).toEqual([]);
		expect(staff.all.map((conversation) => conversation.memberId)).toEqual([s.member.memberId]);
		expect(await seenAt(s.facilitator.memberId)).toEqual(before);
	});
});
