import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, signedIn } from '../../../../tests/helpers/factories';
import { createGroupMember, createTestGroup } from '../../../../tests/helpers/groups';
import { fakeClock } from '../../../../tests/helpers/clock';
import { loggingQueries } from '../../../../tests/helpers/query-log';
import { systemClock } from '../clock';
import type { DB } from '../db/schema';
import { setGroupPace } from './groups';
import { listMessages, messagesChangedAfter, sendMessage } from './messages';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

const send = (
	actor: Parameters<typeof sendMessage>[1],
	groupId: string,
	body: string,
	clientId = crypto.randomUUID()
) => sendMessage(db, actor, { groupId, clientId, body }, systemClock);

describe('sending a message', () => {
	it('stores one row for three sends of the same client id and acknowledges each the same', async () => {
		const group = await createTestGroup(db);
		const member = await createGroupMember(db, group.id);
		const clientId = crypto.randomUUID();
		const acks = await Promise.all([1, 2, 3].map(() => send(member, group.id, 'hello', clientId)));
		expect(acks[0]).toMatchObject({ ok: true });
		expect(acks[1]).toEqual(acks[0]);
		expect(acks[2]).toEqual(acks[0]);
		const rows = await db
			.selectFrom('group_message')
			.select('id')
			.where('group_id', '=', group.id)
			.execute();
		expect(rows).toHaveLength(1);
	});

	it('numbers parallel messages 1, 2, 3 … without gaps or repeats', async () => {
		const group = await createTestGroup(db);
		const members = await Promise.all([1, 2, 3].map(() => createGroupMember(db, group.id)));
		const acks = await Promise.all(
			Array.from({ length: 12 }, (_, i) => send(members[i % 3], group.id, `message ${i}`))
		);
		const seqs = acks.map((ack) => (ack.ok ? ack.message.seq : -1)).sort((a, b) => a - b);
		expect(seqs).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
	});

	it('acknowledges a message as a read shows it: its author, their role, what it answers', async () => {
		const group = await createTestGroup(db, { holdFirstPosts: 1 });
		const facilitator = await createGroupMember(db, group.id, 'facilitator');
		const newcomer = await createGroupMember(db, group.id);
		const question = await send(facilitator, group.id, 'What helped you this week?');
		if (!question.ok) throw new Error('not sent');
		const answer = await sendMessage(
			db,
			newcomer,
			{
				groupId: group.id,
				clientId: crypto.randomUUID(),
				body: 'Talking here',
				replyToId: question.message.id
			},
			systemClock
		);
		const shown = (await listMessages(db, facilitator, group.id)).messages;
		expect(shown).toEqual([question.ok && question.message, answer.ok && answer.message]);
		expect(answer).toMatchObject({
			ok: true,
			message: { status: 'held', authorRole: null, replyTo: { id: question.message.id } }
		});
		expect(question.message.authorRole).toBe('facilitator');
	});

	it('stores a reply in five statements, the first taking the circle’s lock', async () => {
		const group = await createTestGroup(db, { holdFirstPosts: 0 });
		const member = await createGroupMember(db, group.id);
		const first = await send(member, group.id, 'first');
		if (!first.ok) throw new Error('not sent');
		const { db: logged, statements } = loggingQueries(db);
		const reply = await sendMessage(
			logged,
			member,
			{
				groupId: group.id,
				clientId: crypto.randomUUID(),
				body: 'and more',
				replyToId: first.message.id
			},
			systemClock
		);
		expect(reply).toMatchObject({
			ok: true,
			message: { seq: 2, replyTo: { id: first.message.id } }
		});
		// The circle and membership (locked), the author's latest, the write counts, the reply, the row.
		expect(statements).toHaveLength(5);
	});

	it('refuses bad input and changes nothing', async () => {
		const group = await createTestGroup(db);
		const member = await createGroupMember(db, group.id);
		expect(await send(member, group.id, '   ')).toEqual({ ok: false, error: 'empty' });
		// Invisible characters alone would stand as an empty bubble.
		expect(await send(member, group.id, ' \u200b\u200d\u2060 ')).toEqual({
			ok: false,
			error: 'empty'
		});
		expect(await send(member, group.id, 'ก'.repeat(2001))).toEqual({
			ok: false,
			error: 'too_long'
		});
		expect((await send(member, group.id, 'ก'.repeat(2000))).ok).toBe(true);
		expect(
			await sendMessage(db, member, { groupId: group.id, clientId: 'nope', body: 'x' }, systemClock)
		).toEqual({
			ok: false,
			error: 'invalid'
		});
		const rows = await db
			.selectFrom('group_message')
			.select('id')
			.where('group_id', '=', group.id)
			.execute();
		expect(rows).toHaveLength(1);
	});

	it('is a 404 for anyone not active in the group, staff included', async () => {
		const group = await createTestGroup(db);
		const outsider = await signedIn(db, await createAccount(db));
		const coordinator = await signedIn(db, await createAccount(db, { role: 'coordinator' }));
		for (const actor of [outsider, coordinator]) {
			await expect(send(actor, group.id, 'hello')).rejects.toMatchObject({ status: 404 });
		}
		await expect(send(outsider, crypto.randomUUID(), 'hello')).rejects.toMatchObject({
			status: 404
		});
		await expect(listMessages(db, outsider, group.id)).rejects.toMatchObject({ status: 404 });
		await expect(messagesChangedAfter(db, outsider, group.id, 0)).rejects.toMatchObject({
			status: 404
		});
	});

	it('holds a member’s first posts for review, shown to them and the facilitators only', async () => {
		const group = await createTestGroup(db, { holdFirstPosts: 2 });
		const newcomer = await createGroupMember(db, group.id);
		const peer = await createGroupMember(db, group.id);
		const facilitator = await createGroupMember(db, group.id, 'facilitator');
		const first = await send(newcomer, group.id, 'hello everyone');
		await send(newcomer, group.id, 'second');
		const third = await send(newcomer, group.id, 'third');
		expect(first).toMatchObject({ ok: true, message: { status: 'held' } });
		expect(third).toMatchObject({ ok: true, message: { status: 'held' } });
		expect((await send(facilitator, group.id, 'welcome')).ok && true).toBe(true);

		const bodies = async (actor: typeof peer) =>
			(await listMessages(db, actor, group.id)).messages.map((m) => `${m.body}:${m.status}`);
		expect(await bodies(peer)).toEqual(['welcome:visible']);
		expect(await bodies(newcomer)).toEqual([
			'hello everyone:held',
			'second:held',
			'third:held',
			'welcome:visible'
		]);
		expect(await bodies(facilitator)).toEqual(await bodies(newcomer));
		expect((await messagesChangedAfter(db, peer, group.id, 0)).messages).toHaveLength(1);
	});

	it('counts a visible post among the author’s approved posts, a held one not, and notes when', async () => {
		const group = await createTestGroup(db, { holdFirstPosts: 0 });
		const member = await createGroupMember(db, group.id);
		const counted = () =>
			db
				.selectFrom('group_member')
				.select(['approved_posts', 'last_posted_at'])
				.where('group_id', '=', group.id)
				.where('account_id', '=', member.id)
				.executeTakeFirstOrThrow();
		await send(member, group.id, 'hello');
		await send(member, group.id, 'how is everyone');
		expect((await counted()).approved_posts).toBe(2);
		const held = await send(member, group.id, 'Call me on 081 234 5678');
		expect(held).toMatchObject({ ok: true, message: { status: 'held' } });
		const after = await counted();
		expect(after.approved_posts).toBe(2);
		expect(after.last_posted_at).not.toBeNull();
	});

	it.each([
		['en', 'Call me on 081 234 5678'],
		['th', 'แอดไลน์มาคุยกันนะ'],
		['km', 'ទូរស័ព្ទមកលេខ ០១២ ៣៤៥ ៦៧៨'],
		['lo', 'ມີວຽກດີ ຄ່ານາຍໜ້າຖືກ'],
		['my', 'ဗီဇာ ကုန်ကျစရိတ် သက်သာတယ်'],
		['vi', 'Tuyển dụng đi làm nước ngoài, inbox zalo']
	])(
		'holds a message with contact details or recruitment (%s) whatever the member’s history, but not a facilitator’s',
		async (_language, body) => {
			const group = await createTestGroup(db, { holdFirstPosts: 0 });
			const member = await createGroupMember(db, group.id);
			const peer = await createGroupMember(db, group.id);
			const facilitator = await createGroupMember(db, group.id, 'facilitator');
			expect(await send(member, group.id, body)).toMatchObject({
				ok: true,
				message: { status: 'held' }
			});
			expect(await send(facilitator, group.id, body)).toMatchObject({
				ok: true,
				message: { status: 'visible' }
			});
			const row = await db
				.selectFrom('group_message')
				.select('held_reason')
				.where('author_id', '=', member.memberId)
				.executeTakeFirstOrThrow();
			expect(row.held_reason).toBe('contact');
			expect((await listMessages(db, peer, group.id)).messages).toHaveLength(1);
		}
	);

	it('keeps a paused group read-only for members but not for its facilitators', async () => {
		const group = await createTestGroup(db);
		const member = await createGroupMember(db, group.id);
		const facilitator = await createGroupMember(db, group.id, 'facilitator');
		await setGroupPace(
			db,
			facilitator,
			group.id,
			{ slowModeSeconds: 0, paused: true, reason: 'break' },
			new Date()
		);
		expect(await send(member, group.id, 'hello')).toEqual({ ok: false, error: 'paused' });
		expect((await send(facilitator, group.id, 'back soon')).ok).toBe(true);
		await setGroupPace(
			db,
			facilitator,
			group.id,
			{ slowModeSeconds: 0, paused: false, reason: '' },
			new Date()
		);
		expect((await send(member, group.id, 'hello')).ok).toBe(true);
	});

	it('lets a member post once per slow-mode interval', async () => {
		const group = await createTestGroup(db);
		const member = await createGroupMember(db, group.id);
		const facilitator = await createGroupMember(db, group.id, 'facilitator');
		const clock = fakeClock();
		await setGroupPace(
			db,
			facilitator,
			group.id,
			{ slowModeSeconds: 30, paused: false, reason: '' },
			clock()
		);
		const post = (body: string) =>
			sendMessage(db, member, { groupId: group.id, clientId: crypto.randomUUID(), body }, clock);
		expect((await post('one')).ok).toBe(true);
		clock.advance(10_000);
		expect(await post('two')).toEqual({ ok: false, error: 'slow', retryAfterS: 20 });
		clock.advance(20_000);
		expect((await post('two')).ok).toBe(true);
	});
});

describe('reading a group', () => {
	it('pages back through history and syncs what changed after a number, in order', async () => {
		const group = await createTestGroup(db);
		const member = await createGroupMember(db, group.id);
		// A second between messages: sixty at once would be a flood (limits/write-limits.ts).
		const clock = fakeClock(new Date());
		for (let i = 1; i <= 60; i++) {
			clock.advance(1000);
			await sendMessage(
				db,
				member,
				{ groupId: group.id, clientId: crypto.randomUUID(), body: `m${i}` },
				clock
			);
		}
		const latest = await listMessages(db, member, group.id);
		expect(latest.messages.map((m) => m.body)).toEqual(
			Array.from({ length: 50 }, (_, i) => `m${i + 11}`)
		);
		expect(latest.hasEarlier).toBe(true);
		expect(latest.lastRev).toBe(60);
		const earlier = await listMessages(db, member, group.id, { beforeSeq: latest.messages[0].seq });
		expect(earlier.messages.map((m) => m.body)).toEqual(
			Array.from({ length: 10 }, (_, i) => `m${i + 1}`)
		);
		expect(earlier.hasEarlier).toBe(false);
		const missed = await messagesChangedAfter(db, member, group.id, 55);
		expect(missed.messages.map((m) => m.seq)).toEqual([56, 57, 58, 59, 60]);
	});
});
