import type { Kysely } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, signedIn } from '../../../../tests/helpers/factories';
import { createGroupMember, createTestGroup } from '../../../../tests/helpers/groups';
import { eventually, startRealtime, type TestClient } from '../../../../tests/helpers/realtime';
import type { GroupNews } from '../../realtime/events';
import { systemClock } from '../clock';
import type { DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import { decideJoinRequest, requestToJoin } from './membership';
import { flagMessage, reviewMessage } from './message-review';
import { sendMessage } from './messages';
import { createPoll } from './polls';
import { proposeTopic } from './topics';

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

/** A client with the group open (as its pages do), counting what it hears of the group. */
async function watching(token: string, groupId: string) {
	const client: TestClient = await server.connect(token);
	expect(await client.emitWithAck('group:open', groupId)).toEqual({ ok: true });
	const heard = { reviewChanged: 0, news: [] as GroupNews[] };
	client.on('review:changed', (group) => {
		if (group === groupId) heard.reviewChanged += 1;
	});
	client.on('group:news', (group, news) => {
		if (group === groupId) heard.news.push(news);
	});
	return heard;
}

const post = (actor: Parameters<typeof sendMessage>[1], groupId: string, body: string) =>
	sendMessage(db, actor, { groupId, clientId: crypto.randomUUID(), body }, systemClock);

/** Lets events already sent arrive, before checking that one did not. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

describe("the facilitators' review list, live", () => {
	it('is told of a held message, a report and a decision; members never are', async () => {
		server = await startRealtime(db, systemClock);
		const group = await createTestGroup(db, { holdFirstPosts: 1 });
		const newcomer = await createGroupMember(db, group.id);
		const reporter = await createGroupMember(db, group.id);
		const facilitator = await createGroupMember(db, group.id, 'facilitator');
		const coFacilitator = await createGroupMember(db, group.id, 'facilitator');
		const toFacilitator = await watching(facilitator.token, group.id);
		const toMember = await watching(reporter.token, group.id);

		const held = await post(newcomer, group.id, 'my first words');
		if (!held.ok) throw new Error('not stored');
		await eventually(() => expect(toFacilitator.reviewChanged).toBe(1));

		// A message that is not held is no news for the list.
		const visible = await post(coFacilitator, group.id, 'welcome');
		if (!visible.ok) throw new Error('not stored');
		await settle();
		expect(toFacilitator.reviewChanged).toBe(1);

		await flagMessage(
			db,
			reporter,
			group.id,
			{ messageId: visible.message.id, reason: 'unkind' },
			new Date()
		);
		await eventually(() => expect(toFacilitator.reviewChanged).toBe(2));
		// A second report by the same member counts once, and changes nothing on the list.
		await flagMessage(
			db,
			reporter,
			group.id,
			{ messageId: visible.message.id, reason: 'spam' },
			new Date()
		);

		await reviewMessage(
			db,
			coFacilitator,
			group.id,
			{ messageId: held.message.id, decision: 'approve', reason: '' },
			new Date()
		);
		await eventually(() => expect(toFacilitator.reviewChanged).toBe(3));
		await settle();
		expect(toFacilitator.reviewChanged).toBe(3);
		expect(toMember.reviewChanged).toBe(0);
	});

	it('is told of a request to join and of its answer; members never are', async () => {
		server = await startRealtime(db, systemClock);
		const group = await createTestGroup(db, { joinRule: 'request' });
		const member = await createGroupMember(db, group.id);
		const facilitator = await createGroupMember(db, group.id, 'facilitator');
		const toFacilitator = await watching(facilitator.token, group.id);
		const toMember = await watching(member.token, group.id);
		const asker = await signedIn(db, await createAccount(db));

		const asked = await requestToJoin(
			db,
			asker,
			group.id,
			{ displayName: 'Orchid', agree: true },
			new Date()
		);
		expect(asked).toEqual({ ok: true });
		await eventually(() => expect(toFacilitator.reviewChanged).toBe(1));

		const request = await db
			.selectFrom('group_member')
			.select('id')
			.where('group_id', '=', group.id)
			.where('account_id', '=', asker.id)
			.executeTakeFirstOrThrow();
		await decideJoinRequest(db, facilitator, group.id, request.id, true, new Date());
		await eventually(() => expect(toFacilitator.reviewChanged).toBe(2));
		await settle();
		expect(toFacilitator.reviewChanged).toBe(2);
		expect(toMember.reviewChanged).toBe(0);
	});
});

describe('new polls and topics, live', () => {
	it("reach the open pages of the group's members once, but not the author's or outsiders'", async () => {
		server = await startRealtime(db, systemClock);
		const group = await createTestGroup(db);
		const member = await createGroupMember(db, group.id);
		const facilitator = await createGroupMember(db, group.id, 'facilitator');
		const other = await createTestGroup(db);
		const outsider = await createGroupMember(db, other.id);
		const toMember = await watching(member.token, group.id);
		const toFacilitator = await watching(facilitator.token, group.id);
		const toOutsider = await watching(outsider.token, other.id);
		const stranger = await server.connect((await signedIn(db, await createAccount(db))).token);
		let strangerHeard = 0;
		stranger.onAny(() => (strangerHeard += 1));

		const now = new Date();
		const pollForm = {
			formKey: newFormKey(now),
			question: 'Meet on Sunday?',
			options: ['Yes', 'No']
		};
		const poll = await createPoll(db, facilitator, group.id, pollForm, now);
		if (!poll.ok) throw new Error('no poll');
		await eventually(() =>
			expect(toMember.news).toEqual([{ kind: 'poll', id: poll.id, title: 'Meet on Sunday?' }])
		);

		const topicForm = { formKey: newFormKey(now), title: '  Finding work ' };
		const topic = await proposeTopic(db, member, group.id, topicForm, now);
		if (!topic.ok) throw new Error('no topic');
		await eventually(() =>
			expect(toFacilitator.news).toEqual([{ kind: 'topic', id: topic.id, title: 'Finding work' }])
		);

		// The same forms again, and the same words on a new form: nothing new, no news.
		await createPoll(db, facilitator, group.id, pollForm, now);
		await proposeTopic(db, member, group.id, topicForm, now);
		await proposeTopic(
			db,
			member,
			group.id,
			{ formKey: newFormKey(now), title: 'FINDING  work' },
			now
		);
		await settle();
		// What one added shows on their own page already.
		expect(toMember.news.map((news) => news.kind)).toEqual(['poll']);
		expect(toFacilitator.news.map((news) => news.kind)).toEqual(['topic']);
		expect(toOutsider.news).toEqual([]);
		expect(strangerHeard).toBe(0);
	});
});
