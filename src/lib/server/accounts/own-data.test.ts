import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock } from '../../../../tests/helpers/clock';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createGroupMember, createTestGroup } from '../../../../tests/helpers/groups';
import { systemClock } from '../clock';
import type { DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import { askForHelp } from '../groups/crisis';
import { flagMessage } from '../groups/message-review';
import { sendMessage } from '../groups/messages';
import { createPoll, votePoll } from '../groups/polls';
import { replyToMember, writeToFacilitators } from '../groups/support-conversation';
import { proposeTopic, voteTopic } from '../groups/topics';
import { jsonDownload } from '../json-download';
import { exportOwnData } from './own-data';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

describe('the download of my data', () => {
	it('holds each of my messages with its place in the circle, written exactly as a string', async () => {
		const group = await createTestGroup(db);
		// Far beyond 2^53, where a float would round it.
		await db
			.updateTable('peer_group')
			.set({ last_seq: 9_007_199_254_740_992n })
			.where('id', '=', group.id)
			.execute();
		const me = await createGroupMember(db, group.id);
		const sent = await sendMessage(
			db,
			me,
			{ groupId: group.id, clientId: crypto.randomUUID(), body: 'my own words' },
			fakeClock()
		);
		expect(sent).toMatchObject({ ok: true });

		const data = await exportOwnData(db, me);
		expect(data.messages).toMatchObject([{ seq: 9_007_199_254_740_993n, body: 'my own words' }]);

		const response = jsonDownload(data, 'my-data.json');
		expect(response.headers.get('content-disposition')).toBe('attachment; filename="my-data.json"');
		expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
		const file = await response.json();
		expect(file.messages).toMatchObject([{ seq: '9007199254740993', body: 'my own words' }]);
	});

	it('holds everything I wrote or did in circles, and nothing of another member', async () => {
		const circle = await createTestGroup(db);
		const me = await createGroupMember(db, circle.id);
		const peer = await createGroupMember(db, circle.id);
		const facilitator = await createGroupMember(db, circle.id, 'facilitator');
		// In a second circle I am its facilitator.
		const mine = await createTestGroup(db);
		const meThere = await db
			.insertInto('group_member')
			.values({
				group_id: mine.id,
				account_id: me.id,
				role: 'facilitator',
				status: 'active',
				display_name: 'Lotus',
				display_name_key: 'lotus',
				joined_at: new Date()
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const now = new Date();
		const key = () => newFormKey(now);
		const say = async (who: typeof me, body: string) => {
			const sent = await sendMessage(
				db,
				who,
				{ groupId: circle.id, clientId: crypto.randomUUID(), body },
				systemClock
			);
			if (!sent.ok) throw new Error(sent.error);
			return sent.message.id;
		};

		const myMessage = await say(me, 'my own words');
		const peerMessage = await say(peer, 'words of my peer');
		await flagMessage(db, me, circle.id, { messageId: peerMessage, reason: 'unkind' }, new Date());
		await flagMessage(db, peer, circle.id, { messageId: myMessage, reason: 'spam' }, new Date());
		await proposeTopic(db, me, circle.id, { formKey: key(), title: 'Saving money' }, now);
		await proposeTopic(db, peer, circle.id, { formKey: key(), title: 'Topic of my peer' }, now);
		const shared = await proposeTopic(
			db,
			facilitator,
			circle.id,
			{ formKey: key(), title: 'Finding work' },
			now
		);
		if (!shared.ok) throw new Error(shared.error);
		await voteTopic(db, me, circle.id, shared.id, true);
		const poll = await createPoll(
			db,
			facilitator,
			circle.id,
			{ formKey: key(), question: 'Meet when?', options: ['Sunday', 'Tuesday'] },
			now
		);
		if (!poll.ok) throw new Error('no poll');
		const [sunday, tuesday] = await db
			.selectFrom('poll_option')
			.select('id')
			.where('poll_id', '=', poll.id)
			.orderBy('position')
			.execute();
		await votePoll(db, me, circle.id, { pollId: poll.id, optionId: sunday.id });
		await votePoll(db, peer, circle.id, { pollId: poll.id, optionId: tuesday.id });
		await createPoll(
			db,
			me,
			mine.id,
			{ formKey: key(), question: 'Which day suits you?', options: ['Friday', 'Saturday'] },
			now
		);
		await askForHelp(db, me, circle.id, { formKey: key() }, systemClock);
		await askForHelp(db, peer, circle.id, { formKey: key() }, systemClock);
		await writeToFacilitators(
			db,
			me,
			circle.id,
			{ formKey: key(), body: 'please call me' },
			systemClock
		);
		await writeToFacilitators(
			db,
			peer,
			circle.id,
			{ formKey: key(), body: 'secret of my peer' },
			systemClock
		);
		await replyToMember(
			db,
			facilitator,
			circle.id,
			me.memberId,
			{ formKey: key(), body: 'we are here for you' },
			systemClock
		);

		const file = await jsonDownload(await exportOwnData(db, me), 'my-data.json').json();
		const circleName = (
			await db
				.selectFrom('peer_group')
				.select('name')
				.where('id', '=', circle.id)
				.executeTakeFirstOrThrow()
		).name;

		expect(file.circles).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ circle: circleName, display_name: me.displayName }),
				expect.objectContaining({ display_name: 'Lotus', role: 'facilitator' })
			])
		);
		expect(file.messages).toMatchObject([{ circle: circleName, body: 'my own words' }]);
		expect(file.reports).toMatchObject([{ circle: circleName, reason: 'unkind' }]);
		expect(file.topicsProposed).toMatchObject([{ circle: circleName, title: 'Saving money' }]);
		expect(file.topicVotes).toMatchObject([{ circle: circleName, topic: 'Finding work' }]);
		expect(file.pollVotes).toMatchObject([{ poll: 'Meet when?', choice: 'Sunday' }]);
		expect(file.pollsCreated).toMatchObject([
			{ question: 'Which day suits you?', options: ['Friday', 'Saturday'] }
		]);
		expect(file.helpRequests).toHaveLength(1);
		expect(file.helpRequests[0]).toMatchObject({ circle: circleName, acknowledged_at: null });
		expect(file.helpConversations).toMatchObject([
			{ from: 'me', body: 'please call me' },
			{ from: 'facilitator', body: 'we are here for you' }
		]);

		// Nothing another member wrote, chose or asked, and no one's ids.
		const text = JSON.stringify(file);
		for (const theirs of [
			'words of my peer',
			'Topic of my peer',
			'secret of my peer',
			'Tuesday',
			'spam',
			peer.displayName,
			peer.pseudonym,
			peer.memberId,
			peer.id,
			facilitator.displayName,
			meThere.id
		])
			expect(text).not.toContain(theirs);

		// And the peer's file holds none of mine.
		const theirs = await jsonDownload(await exportOwnData(db, peer), 'my-data.json').text();
		for (const word of ['my own words', 'please call me', 'we are here for you', 'Saving money'])
			expect(theirs).not.toContain(word);
		expect(theirs).toContain('secret of my peer');
	});
});
