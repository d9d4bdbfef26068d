import { sql, type Kysely } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock } from '../../../../tests/helpers/clock';
import { openTestDatabase } from '../../../../tests/helpers/database';
import {
	FACTORY_PASSPHRASE,
	fromAddress,
	uniqueAddress
} from '../../../../tests/helpers/factories';
import { createGroupMember, createTestGroup } from '../../../../tests/helpers/groups';
import { createTestSavingsGroup, meetingSheet } from '../../../../tests/helpers/savings';
import { eventually, startRealtime } from '../../../../tests/helpers/realtime';
import { pseudonymKey } from '$lib/accounts/pseudonym-rules';
import type { MessageView } from '$lib/realtime/messages';
import type { Actor } from '../access/actor';
import { systemClock } from '../clock';
import type { DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import { askForHelp } from '../groups/crisis';
import type { WordsOnDeletion } from '../groups/former-member';
import { moderateMember } from '../groups/member-moderation';
import { acceptInvitation, joinWithCode } from '../groups/membership';
import { flagMessage, reviewMessage } from '../groups/message-review';
import { listMessages, messagesChangedAfter, sendMessage } from '../groups/messages';
import { createPoll, listPolls, votePoll } from '../groups/polls';
import { writeToFacilitators } from '../groups/support-conversation';
import { listTopics, proposeTopic, voteTopic } from '../groups/topics';
import { readBooks } from '../savings/books';
import { recordMeeting } from '../savings/meeting';
import { createInvitation } from './invitations';
import { deleteOwnAccount } from './own-account';
import { issueResetCode, regenerateRecoveryCodes } from './recovery';
import { beginAttempt } from './throttle';

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

const clock = fakeClock();

/** A member of a fresh group, a peer beside them, and the group's coordinator (who moderates). */
async function circle() {
	const group = await createTestGroup(db);
	const member = await createGroupMember(db, group.id);
	const peer = await createGroupMember(db, group.id);
	return { groupId: group.id, coordinator: group.coordinator, member, peer };
}

async function say(actor: Actor, groupId: string, body: string, replyToId?: string) {
	const result = await sendMessage(
		db,
		actor,
		{ groupId, clientId: crypto.randomUUID(), body, replyToId },
		clock
	);
	if (!result.ok) throw new Error(result.error);
	return result.message;
}

const deleteAccount = (actor: Actor, words: WordsOnDeletion) =>
	deleteOwnAccount(db, actor, { passphrase: FACTORY_PASSPHRASE, words }, fromAddress());

/** The tables with a row that contains `needle` anywhere (any column, as text, any case). */
async function tablesContaining(needle: string): Promise<string[]> {
	const { rows: tables } = await sql<{ name: string }>`
		select table_name as name from information_schema.tables
		where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db);
	const found: string[] = [];
	for (const { name } of tables) {
		const { rows } = await sql<{ n: number }>`
			select count(*)::int as n from ${sql.table(name)} as t
			where strpos(lower(t::text), ${needle.toLowerCase()}) > 0`.execute(db);
		if (rows[0].n > 0) found.push(name);
	}
	return found;
}

describe('deleting my account', () => {
	it('erases the person: no row anywhere holds their account id, nickname, circle names or session', async () => {
		const { groupId, coordinator, member, peer } = await circle();
		const other = await createTestGroup(db);
		const { code } = await createInvitation(
			db,
			other.coordinator,
			{ formKey: newFormKey(clock()), maxUses: 2, expiresInDays: 7, groupId: other.id },
			clock
		);
		await joinWithCode(db, member, { code, address: uniqueAddress() }, clock());
		const nameThere = `${member.pseudonym}x`;
		await acceptInvitation(db, member, other.id, { displayName: nameThere, agree: true }, clock());
		await regenerateRecoveryCodes(db, member);
		await issueResetCode(db, coordinator, member.id, { formKey: newFormKey(clock()) }, clock);
		await beginAttempt(
			db,
			{ kind: 'login', pseudonymKey: pseudonymKey(member.pseudonym), address: uniqueAddress() },
			clock()
		);
		await say(member, groupId, 'good morning everyone');
		await say(member, other.id, 'hello new circle');
		const peers = await say(peer, groupId, 'morning to you');
		await flagMessage(db, member, groupId, { messageId: peers.id, reason: 'unkind' }, new Date());
		const warn = { kind: 'warn', reason: 'be kind', formKey: newFormKey(clock()) } as const;
		await moderateMember(db, coordinator, groupId, member.memberId, warn, clock());
		const note = { kind: 'note', body: 'seems tired today', formKey: newFormKey(clock()) } as const;
		await moderateMember(db, coordinator, groupId, member.memberId, note, clock());
		const message = { formKey: newFormKey(clock()), body: 'can we talk' };
		await writeToFacilitators(db, member, groupId, message, clock);
		await askForHelp(db, member, groupId, { formKey: newFormKey(clock()) }, clock);

		expect(await deleteAccount(member, 'erase')).toEqual({ ok: true });

		for (const trace of [member.id, member.pseudonym, nameThere, member.sessionId]) {
			expect(await tablesContaining(trace), trace).toEqual([]);
		}
		// What was only about them went; their place in each circle stays, nameless.
		const about = (table: 'member_note' | 'member_notice' | 'support_message' | 'crisis_alert') =>
			db
				.selectFrom(table)
				.select('id')
				.where(table === 'member_note' ? 'subject_id' : 'member_id', '=', member.memberId)
				.execute();
		for (const table of [
			'member_note',
			'member_notice',
			'support_message',
			'crisis_alert'
		] as const)
			expect(await about(table), table).toEqual([]);
		const memberships = await db
			.selectFrom('group_member')
			.select(['group_id', 'status', 'account_id', 'display_name'])
			.where('group_id', 'in', [groupId, other.id])
			.where('status', '=', 'erased')
			.orderBy('group_id')
			.execute();
		expect(memberships).toHaveLength(2);
		expect(memberships.every((row) => row.account_id === null && row.display_name === null)).toBe(
			true
		);
	});

	it('in a savings group, erases the name and keeps every entry, so the books still balance', async () => {
		const group = await createTestSavingsGroup(db);
		const { memberId } = group.member;
		const { name } = await db
			.selectFrom('savings_member')
			.select('name')
			.where('id', '=', memberId)
			.executeTakeFirstOrThrow();
		const sheet = meetingSheet(
			group.memberIds,
			'2026-01-06',
			{ rows: { [memberId]: { shares: 4 } } },
			{
				loanBox: 40_000n,
				socialBox: 0n
			}
		);
		const recorded = await recordMeeting(db, group.secretary, group.id, sheet, {
			formKey: newFormKey(clock()),
			now: clock(),
			today: '2026-01-06'
		});
		expect(recorded).toMatchObject({ ok: true });

		expect(await deleteAccount(group.member, 'keep')).toEqual({ ok: true });

		for (const trace of [group.member.id, group.member.pseudonym, name!]) {
			expect(await tablesContaining(trace), trace).toEqual([]);
		}
		const former = await db
			.selectFrom('savings_member')
			.select(['account_id', 'name', 'erased_at', 'status'])
			.where('id', '=', memberId)
			.executeTakeFirstOrThrow();
		expect(former).toMatchObject({ account_id: null, name: null, status: 'active' });
		expect(former.erased_at).toBeInstanceOf(Date);
		const cycle = await db
			.selectFrom('savings_cycle')
			.select('id')
			.where('group_id', '=', group.id)
			.executeTakeFirstOrThrow();
		const books = await readBooks(db, cycle.id);
		expect(books.cash['loan:box']).toBe(40_000n);
		expect(books.members.get(memberId)).toEqual({ shares: 4, savings: 20_000n });
	});

	it('keeps what the circle shares: messages (when left), flags, topics and poll answers, under "former member"', async () => {
		const { groupId, coordinator, member, peer } = await circle();
		const theirs = await say(member, groupId, 'I found a cheap seed seller');
		const held = await say(member, groupId, 'call me on 081 234 5678');
		expect(held.status).toBe('held');
		const peers = await say(peer, groupId, 'thanks, where?', theirs.id);
		await flagMessage(db, member, groupId, { messageId: peers.id, reason: 'other' }, new Date());
		const topic = await proposeTopic(
			db,
			member,
			groupId,
			{ formKey: newFormKey(clock()), title: 'Seeds' },
			clock()
		);
		if (!topic.ok) throw new Error(topic.error);
		await voteTopic(db, member, groupId, topic.id, true);
		const poll = await createPoll(
			db,
			coordinator,
			groupId,
			{ formKey: newFormKey(clock()), question: 'Meet on Sunday?', options: ['Yes', 'No'] },
			clock()
		);
		if (!poll.ok) throw new Error('no poll');
		const [yes] = (await listPolls(db, coordinator, groupId))[0].options;
		await votePoll(db, member, groupId, { pollId: poll.id, optionId: yes.id });

		expect(await deleteAccount(member, 'keep')).toEqual({ ok: true });

		const { messages } = await listMessages(db, peer, groupId);
		expect(messages.find((message) => message.id === theirs.id)).toMatchObject({
			author: null,
			body: 'I found a cheap seed seller',
			status: 'visible'
		});
		expect(messages.find((message) => message.id === peers.id)?.replyTo).toMatchObject({
			author: null,
			excerpt: 'I found a cheap seed seller'
		});
		// A held message of theirs still waits for a facilitator, who can still let it through.
		await reviewMessage(
			db,
			coordinator,
			groupId,
			{ messageId: held.id, decision: 'approve', reason: '' },
			clock()
		);
		const approved = (await listMessages(db, peer, groupId)).messages.find(
			(message) => message.id === held.id
		);
		expect(approved).toMatchObject({ author: null, status: 'visible' });

		const { flag_count } = await db
			.selectFrom('group_message')
			.select('flag_count')
			.where('id', '=', peers.id)
			.executeTakeFirstOrThrow();
		expect(flag_count).toBe(1);
		const [listedPoll] = await listPolls(db, coordinator, groupId);
		expect(listedPoll.total).toBe(1);
		expect(listedPoll.options[0].votes).toBe(1);
		const [listedTopic] = await listTopics(db, peer, groupId);
		expect(listedTopic).toMatchObject({ title: 'Seeds', proposer: null });
		const topicVotes = await db
			.selectFrom('topic_vote')
			.select('member_id')
			.where('topic_id', '=', topic.id)
			.execute();
		expect(topicVotes).toEqual([{ member_id: member.memberId }]);
	});

	it('takes their words away when asked: each message keeps its place as "removed by its author", for members and facilitators, live and on catch-up', async () => {
		const { groupId, coordinator, member, peer } = await circle();
		const first = await say(member, groupId, 'my first words');
		const held = await say(member, groupId, 'call me on 081 234 5678');
		const second = await say(member, groupId, 'my second words');
		const reply = await say(peer, groupId, 'I agree', first.id);
		for (const flagger of [peer, await createGroupMember(db, groupId)]) {
			await flagMessage(
				db,
				flagger,
				groupId,
				{ messageId: second.id, reason: 'unkind' },
				new Date()
			);
		}
		const { lastRev } = await listMessages(db, peer, groupId);

		server = await startRealtime(db, systemClock);
		const live: MessageView[] = [];
		const peerSocket = await server.connect(peer.token);
		peerSocket.on('message', (_group, message) => live.push(message));
		await peerSocket.emitWithAck('group:open', groupId);

		expect(await deleteAccount(member, 'erase')).toEqual({ ok: true });

		const withdrawn = [first.id, held.id, second.id];
		const rows = await db
			.selectFrom('group_message')
			.select(['id', 'body', 'status', 'held_reason', 'rev'])
			.where('id', 'in', withdrawn)
			.orderBy('seq')
			.execute();
		expect(rows.map(({ body, status, held_reason }) => ({ body, status, held_reason }))).toEqual(
			withdrawn.map(() => ({ body: '', status: 'withdrawn', held_reason: null }))
		);
		// Each change has its own new number in the group's sequence.
		const revs = rows.map((row) => Number(row.rev));
		expect(new Set(revs).size).toBe(3);
		expect(Math.min(...revs)).toBeGreaterThan(lastRev);

		for (const viewer of [peer, coordinator]) {
			const { messages } = await listMessages(db, viewer, groupId);
			for (const id of withdrawn) {
				expect(messages.find((message) => message.id === id)).toMatchObject({
					author: null,
					body: '',
					status: 'withdrawn'
				});
			}
			expect(messages.find((message) => message.id === reply.id)).toMatchObject({
				body: 'I agree',
				replyTo: { id: first.id, author: null, excerpt: '' }
			});
		}
		const caughtUp = await messagesChangedAfter(db, peer, groupId, lastRev);
		expect(caughtUp.messages.map((message) => [message.id, message.status])).toEqual(
			withdrawn.map((id) => [id, 'withdrawn'])
		);
		await eventually(() =>
			expect(live.map((message) => [message.id, message.status, message.body])).toEqual(
				withdrawn.map((id) => [id, 'withdrawn', ''])
			)
		);

		// Nothing is left to decide about them: the flags are closed, a review finds nothing.
		const openFlags = await db
			.selectFrom('message_flag')
			.select('id')
			.where('message_id', '=', second.id)
			.where('resolved_at', 'is', null)
			.execute();
		expect(openFlags).toEqual([]);
		await expect(
			reviewMessage(
				db,
				coordinator,
				groupId,
				{ messageId: second.id, decision: 'approve', reason: '' },
				clock()
			)
		).rejects.toMatchObject({ status: 404 });
	});
});
