import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock, MINUTE } from '../../../../tests/helpers/clock';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { FACTORY_PASSPHRASE, fromAddress } from '../../../../tests/helpers/factories';
import { createGroupMember, createTestGroup } from '../../../../tests/helpers/groups';
import { loggingQueries } from '../../../../tests/helpers/query-log';
import type { AccountActor } from '../access/actor';
import { deleteOwnAccount } from '../accounts/own-account';
import { systemClock } from '../clock';
import type { DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import { isUnread, listCircleNews } from './circle-news';
import { reviewMessage } from './message-review';
import { listMessages, sendMessage } from './messages';
import { createPoll } from './polls';
import { markConversationRead, markSeen } from './read-position';
import { replyToMember, writeToFacilitators } from './support-conversation';
import { proposeTopic } from './topics';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

async function post(author: AccountActor, groupId: string, body = 'hello') {
	const sent = await sendMessage(
		db,
		author,
		{ groupId, clientId: crypto.randomUUID(), body },
		systemClock
	);
	if (!sent.ok) throw new Error(sent.error);
	return sent.message;
}

const newsIn = async (actor: AccountActor, groupId: string) =>
	(await listCircleNews(db, actor)).find((circle) => circle.groupId === groupId);

/** The group's change number now: what a page shown now has read up to. */
const lastSeq = async (groupId: string) =>
	Number(
		(
			await db
				.selectFrom('peer_group')
				.select('last_seq')
				.where('id', '=', groupId)
				.executeTakeFirstOrThrow()
		).last_seq
	);

describe('unread messages', () => {
	it('counts the messages of others after the place the member read up to, and reading resets it', async () => {
		const group = await createTestGroup(db);
		const [reader, other] = await Promise.all([
			createGroupMember(db, group.id),
			createGroupMember(db, group.id)
		]);
		await post(other, group.id, 'one');
		await post(other, group.id, 'two');
		expect(await newsIn(reader, group.id)).toMatchObject({ messages: 2 });

		await markConversationRead(db, reader, group.id, await lastSeq(group.id));
		expect(await newsIn(reader, group.id)).toMatchObject({ messages: 0 });

		await post(other, group.id, 'three');
		expect(await newsIn(reader, group.id)).toMatchObject({ messages: 1 });
	});

	it('never counts the member’s own messages', async () => {
		const group = await createTestGroup(db);
		const [reader, other] = await Promise.all([
			createGroupMember(db, group.id),
			createGroupMember(db, group.id)
		]);
		await post(reader, group.id, 'mine');
		await post(other, group.id, 'theirs');
		await post(reader, group.id, 'mine again');
		expect(await newsIn(reader, group.id)).toMatchObject({ messages: 1 });
		expect(await newsIn(other, group.id)).toMatchObject({ messages: 2 });
	});

	it('does not count a message of another held for a facilitator, until it is let through', async () => {
		const group = await createTestGroup(db, { holdFirstPosts: 1 });
		const facilitator = await createGroupMember(db, group.id, 'facilitator');
		const [reader, newcomer] = await Promise.all([
			createGroupMember(db, group.id),
			createGroupMember(db, group.id)
		]);
		const held = await post(newcomer, group.id, 'my first words');
		expect(held.status).toBe('held');
		expect(await newsIn(reader, group.id)).toMatchObject({ messages: 0 });
		// Not for the facilitators either: it waits in their review list, not in the conversation.
		expect(await newsIn(facilitator, group.id)).toMatchObject({ messages: 0 });

		await reviewMessage(
			db,
			facilitator,
			group.id,
			{ messageId: held.id, decision: 'approve', reason: '' },
			new Date()
		);
		expect(await newsIn(reader, group.id)).toMatchObject({ messages: 1 });
	});

	it('does not count messages whose words are gone: withdrawn by their author, or deleted', async () => {
		const group = await createTestGroup(db);
		const facilitator = await createGroupMember(db, group.id, 'facilitator');
		const [reader, leaving, other] = await Promise.all([
			createGroupMember(db, group.id),
			createGroupMember(db, group.id),
			createGroupMember(db, group.id)
		]);
		await post(leaving, group.id, 'I will take this back');
		const deleted = await post(other, group.id, 'unkind words');
		await post(other, group.id, 'kind words');
		expect(await newsIn(reader, group.id)).toMatchObject({ messages: 3 });

		await markSeen(db, leaving, group.id, 'topics', new Date());
		await markSeen(db, leaving, group.id, 'help', new Date());
		await deleteOwnAccount(
			db,
			leaving,
			{ passphrase: FACTORY_PASSPHRASE, words: 'erase' },
			fromAddress()
		);
		// When the former member last looked goes with them.
		expect(
			await db
				.selectFrom('group_member')
				.select(['topics_seen_at', 'help_seen_at'])
				.where('id', '=', leaving.memberId)
				.executeTakeFirstOrThrow()
		).toEqual({ topics_seen_at: null, help_seen_at: null });
		await reviewMessage(
			db,
			facilitator,
			group.id,
			{ messageId: deleted.id, decision: 'delete', reason: 'unkind' },
			new Date()
		);
		expect(await newsIn(reader, group.id)).toMatchObject({ messages: 1 });
	});

	it('says the same of each message on the page as the count does', async () => {
		const group = await createTestGroup(db, { holdFirstPosts: 1 });
		const facilitator = await createGroupMember(db, group.id, 'facilitator');
		const [reader, other, newcomer] = await Promise.all([
			createGroupMember(db, group.id),
			createGroupMember(db, group.id),
			createGroupMember(db, group.id)
		]);
		await reviewMessage(
			db,
			facilitator,
			group.id,
			{ messageId: (await post(other, group.id, 'first')).id, decision: 'approve', reason: '' },
			new Date()
		);
		await post(reader, group.id, 'mine');
		await markConversationRead(db, reader, group.id, await lastSeq(group.id));
		const readUpTo = await lastSeq(group.id);
		await post(other, group.id, 'after');
		await post(newcomer, group.id, 'held');
		const hidden = await post(other, group.id, 'to hide');
		await reviewMessage(
			db,
			facilitator,
			group.id,
			{ messageId: hidden.id, decision: 'hide', reason: 'unkind' },
			new Date()
		);
		await post(reader, group.id, 'mine again');
		await post(facilitator, group.id, 'from the facilitator');

		for (const viewer of [reader, facilitator]) {
			const { context, messages } = await listMessages(db, viewer, group.id);
			const me = {
				memberId: context.membership!.id,
				readUpTo: Number(context.membership!.last_read_seq)
			};
			const counted = (await newsIn(viewer, group.id))!.messages;
			expect(messages.filter((message) => isUnread(message, me))).toHaveLength(counted);
		}
		const { messages } = await listMessages(db, reader, group.id);
		expect(
			messages
				.filter((message) => isUnread(message, { memberId: reader.memberId, readUpTo }))
				.map((message) => message.body)
		).toEqual(['after', 'from the facilitator']);
	});

	it('never moves the place back, nor past the last number the circle handed out', async () => {
		const group = await createTestGroup(db);
		const [reader, other] = await Promise.all([
			createGroupMember(db, group.id),
			createGroupMember(db, group.id)
		]);
		await post(other, group.id, 'one');
		await markConversationRead(db, reader, group.id, 1_000_000);
		await post(other, group.id, 'two');
		// Marked as far as the circle went, not beyond: the message after it is new.
		expect(await newsIn(reader, group.id)).toMatchObject({ messages: 1 });

		await markConversationRead(db, reader, group.id, await lastSeq(group.id));
		await markConversationRead(db, reader, group.id, 0);
		expect(await newsIn(reader, group.id)).toMatchObject({ messages: 0 });
	});

	it('writes nothing when the member has already read as far', async () => {
		const group = await createTestGroup(db);
		const [reader, other] = await Promise.all([
			createGroupMember(db, group.id),
			createGroupMember(db, group.id)
		]);
		await post(other, group.id, 'one');
		const { db: logged, statements } = loggingQueries(db);
		await markConversationRead(logged, reader, group.id, await lastSeq(group.id));
		expect(statements).toEqual(['peer_group', 'UpdateQueryNode']);

		// The same page shown again: the membership read says the member is that far.
		statements.length = 0;
		await markConversationRead(logged, reader, group.id, await lastSeq(group.id));
		await markConversationRead(logged, reader, group.id, 0);
		expect(statements).toEqual(['peer_group', 'peer_group']);
		await post(other, group.id, 'two');
		expect(await newsIn(reader, group.id)).toMatchObject({ messages: 1 });
	});

	it('keeps no place for someone who is not a member of the circle', async () => {
		const group = await createTestGroup(db);
		await expect(markConversationRead(db, group.coordinator, group.id, 1)).rejects.toMatchObject({
			status: 404
		});
	});
});

describe('new topics, polls and answers', () => {
	it('counts topics and polls others added since the member last looked at them', async () => {
		const clock = fakeClock();
		const group = await createTestGroup(db);
		const facilitator = await createGroupMember(db, group.id, 'facilitator');
		const [reader, other] = await Promise.all([
			createGroupMember(db, group.id),
			createGroupMember(db, group.id)
		]);
		const topic = (who: AccountActor, title: string) =>
			proposeTopic(db, who, group.id, { formKey: newFormKey(clock()), title }, clock());
		const poll = (question: string) =>
			createPoll(
				db,
				facilitator,
				group.id,
				{ formKey: newFormKey(clock()), question, options: ['Yes', 'No'] },
				clock()
			);
		await topic(other, 'Sending money home');
		await topic(reader, 'Finding work nearby');
		await poll('Meet on Sunday?');
		expect(await newsIn(reader, group.id)).toMatchObject({ topics: 1, polls: 1 });
		// Their own poll is not news to the facilitator; both topics are.
		expect(await newsIn(facilitator, group.id)).toMatchObject({ topics: 2, polls: 0 });

		clock.advance(MINUTE);
		await markSeen(db, reader, group.id, 'topics', clock());
		expect(await newsIn(reader, group.id)).toMatchObject({ topics: 0, polls: 0 });

		clock.advance(MINUTE);
		await topic(other, 'Cooking together');
		await poll('Meet at noon?');
		await poll('Bring a friend?');
		expect(await newsIn(reader, group.id)).toMatchObject({ topics: 1, polls: 2 });
	});

	it('counts the facilitators’ answers in the member’s own help conversation since they last looked', async () => {
		const clock = fakeClock();
		const group = await createTestGroup(db);
		const facilitator = await createGroupMember(db, group.id, 'facilitator');
		const [member, other] = await Promise.all([
			createGroupMember(db, group.id),
			createGroupMember(db, group.id)
		]);
		const write = (who: AccountActor, body: string) =>
			writeToFacilitators(db, who, group.id, { formKey: newFormKey(clock()), body }, () => clock());
		const answer = (memberId: string, body: string) =>
			replyToMember(
				db,
				facilitator,
				group.id,
				memberId,
				{ formKey: newFormKey(clock()), body },
				() => clock()
			);
		await write(member, 'Can we talk?');
		clock.advance(MINUTE);
		await markSeen(db, member, group.id, 'help', clock());
		clock.advance(MINUTE);
		await answer(member.memberId, 'Of course.');
		await write(other, 'Me too');
		await answer(other.memberId, 'Yes.');
		expect(await newsIn(member, group.id)).toMatchObject({ replies: 1 });

		clock.advance(MINUTE);
		await markSeen(db, member, group.id, 'help', clock());
		expect(await newsIn(member, group.id)).toMatchObject({ replies: 0 });
		// The member's own words are never news to them.
		await write(member, 'Thank you');
		expect(await newsIn(member, group.id)).toMatchObject({ replies: 0 });
	});
});

describe('the news of every circle', () => {
	it('covers the circles the member is active in, in one statement however many there are', async () => {
		const groups = await Promise.all([1, 2, 3].map(() => createTestGroup(db)));
		const account = await createGroupMember(db, groups[0].id);
		for (const group of groups.slice(1)) {
			await db
				.insertInto('group_member')
				.values({
					group_id: group.id,
					account_id: account.id,
					status: 'active',
					display_name: account.displayName,
					display_name_key: account.displayName.toLowerCase(),
					agreement_accepted_at: new Date(),
					joined_at: new Date()
				})
				.execute();
		}
		for (const group of groups) {
			const other = await createGroupMember(db, group.id);
			await post(other, group.id);
		}
		const left = await createTestGroup(db);
		await db
			.insertInto('group_member')
			.values({
				group_id: left.id,
				account_id: account.id,
				status: 'left',
				display_name: account.displayName,
				display_name_key: account.displayName.toLowerCase()
			})
			.execute();

		const { db: logged, statements } = loggingQueries(db);
		const news = await listCircleNews(logged, account);
		expect(statements).toEqual(['group_member']);
		expect(news.map((circle) => circle.groupId).sort()).toEqual(
			groups.map((group) => group.id).sort()
		);
		expect(news.map((circle) => circle.messages)).toEqual([1, 1, 1]);
	});

	it('is empty for a visitor who is not signed in', async () => {
		expect(await listCircleNews(db, { kind: 'anonymous' })).toEqual([]);
	});
});
