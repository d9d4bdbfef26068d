import type { Kysely } from 'kysely';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, signedIn } from '../../../../tests/helpers/factories';
import { createGroupMember, createTestGroup } from '../../../../tests/helpers/groups';
import { ANONYMOUS, type Actor } from '../access/actor';
import { removeTopicSchema, topicSchema } from '$lib/schemas/participation';
import type { DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import { deleteTopic, listTopics, proposeTopic, voteTopic } from './topics';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

const propose = (actor: Actor, groupId: string, title: string, now = new Date()) =>
	proposeTopic(db, actor, groupId, { formKey: newFormKey(now), title }, now);

async function proposed(
	actor: Actor,
	groupId: string,
	title: string,
	now = new Date()
): Promise<string> {
	const result = await propose(actor, groupId, title, now);
	if (!result.ok) throw new Error(`not proposed: ${result.error}`);
	return result.id;
}

const topicRows = (groupId: string) =>
	db.selectFrom('group_topic').select(['id', 'title']).where('group_id', '=', groupId).execute();

const voteCount = async (topicId: string) =>
	(await db.selectFrom('topic_vote').select('member_id').where('topic_id', '=', topicId).execute())
		.length;

/** A group with a member, a facilitator, and the people around it who are not in it. */
async function cast() {
	const group = await createTestGroup(db);
	const other = await createTestGroup(db);
	return {
		group,
		member: await createGroupMember(db, group.id),
		facilitator: await createGroupMember(db, group.id, 'facilitator'),
		coFacilitator: await createGroupMember(db, group.id, 'co_facilitator'),
		outsider: await signedIn(db, await createAccount(db)),
		otherFacilitator: await createGroupMember(db, other.id, 'facilitator'),
		coordinator: await signedIn(db, await createAccount(db, { role: 'coordinator' })),
		admin: await signedIn(db, await createAccount(db, { role: 'admin' }))
	};
}

describe('who may do what with topics', () => {
	it('lets members and the group’s facilitators propose, vote and list', async () => {
		const { group, member, facilitator, coFacilitator } = await cast();
		for (const actor of [member, facilitator, coFacilitator]) {
			const id = await proposed(actor, group.id, `from ${actor.pseudonym}`);
			expect(await voteTopic(db, actor, group.id, id, true)).toEqual({ ok: true, voted: true });
			expect((await listTopics(db, actor, group.id)).map((topic) => topic.id)).toContain(id);
		}
	});

	it('is a 404 for anonymous visitors, non-members and another group’s facilitator', async () => {
		const { group, member, outsider, otherFacilitator } = await cast();
		const id = await proposed(member, group.id, 'Finding work nearby');
		for (const actor of [ANONYMOUS, outsider, otherFacilitator]) {
			await expect(listTopics(db, actor, group.id)).rejects.toMatchObject({ status: 404 });
			await expect(propose(actor, group.id, 'Sneaky')).rejects.toMatchObject({ status: 404 });
			await expect(voteTopic(db, actor, group.id, id, true)).rejects.toMatchObject({
				status: 404
			});
			await expect(deleteTopic(db, actor, group.id, id)).rejects.toMatchObject({ status: 404 });
		}
		expect(await topicRows(group.id)).toHaveLength(1);
		expect(await voteCount(id)).toBe(0);
	});

	it('is a 404 for members who were invited, asked, left or were removed', async () => {
		const { group, member } = await cast();
		const id = await proposed(member, group.id, 'Sending money home');
		for (const status of ['invited', 'requested', 'left', 'removed'] as const) {
			const former = await createGroupMember(db, group.id);
			await db
				.updateTable('group_member')
				.set({ status })
				.where('id', '=', former.memberId)
				.execute();
			await expect(listTopics(db, former, group.id)).rejects.toMatchObject({ status: 404 });
			await expect(voteTopic(db, former, group.id, id, true)).rejects.toMatchObject({
				status: 404
			});
		}
	});

	it('lets coordinators and admins see and remove topics, but not propose or vote', async () => {
		const { group, member, coordinator, admin } = await cast();
		const id = await proposed(member, group.id, 'Learning to drive');
		for (const staff of [coordinator, admin]) {
			expect((await listTopics(db, staff, group.id)).map((topic) => topic.id)).toEqual([id]);
			await expect(propose(staff, group.id, 'Staff idea')).rejects.toMatchObject({ status: 404 });
			await expect(voteTopic(db, staff, group.id, id, true)).rejects.toMatchObject({
				status: 404
			});
		}
		expect(await deleteTopic(db, coordinator, group.id, id)).toBe(true);
		expect(await topicRows(group.id)).toEqual([]);
	});

	it('does not let a member remove a topic, even their own', async () => {
		const { group, member } = await cast();
		const id = await proposed(member, group.id, 'My own idea');
		await expect(deleteTopic(db, member, group.id, id)).rejects.toMatchObject({ status: 404 });
		expect(await topicRows(group.id)).toHaveLength(1);
	});

	it('is a 404 for a malformed or unknown group id', async () => {
		const { member } = await cast();
		await expect(listTopics(db, member, 'nope')).rejects.toMatchObject({ status: 404 });
		await expect(propose(member, crypto.randomUUID(), 'x')).rejects.toMatchObject({
			status: 404
		});
	});
});

describe('proposing a topic', () => {
	it('stores the title trimmed, with the proposer’s group name and no votes', async () => {
		const { group, member } = await cast();
		const id = await proposed(member, group.id, '  Saving for a small shop  ');
		expect(await listTopics(db, member, group.id)).toEqual([
			{
				id,
				title: 'Saving for a small shop',
				proposer: member.displayName,
				votes: 0,
				voted: false,
				createdAt: expect.any(Date)
			}
		]);
	});

	it('refuses an empty or too long title and changes nothing', async () => {
		const { group, member } = await cast();
		expect(await propose(member, group.id, '   ')).toEqual({ ok: false, error: 'empty' });
		expect(await propose(member, group.id, 'ก'.repeat(201))).toEqual({
			ok: false,
			error: 'too_long'
		});
		expect(
			await proposeTopic(
				db,
				member,
				group.id,
				{ formKey: newFormKey(new Date()), title: 42 as unknown as string },
				new Date()
			)
		).toEqual({ ok: false, error: 'empty' });
		expect(await topicRows(group.id)).toEqual([]);
		// 200 Khmer code points fit; the database counts the same way.
		expect((await propose(member, group.id, 'ក'.repeat(200))).ok).toBe(true);
	});

	it('refuses a title with contact details or a job offer, which the whole group would see at once', async () => {
		const { group, member } = await cast();
		for (const title of [
			'Add me on LINE: mai_2024',
			'หางานเกาหลี ค่านายหน้าถูก',
			'Call 081 234 5678'
		]) {
			expect(await propose(member, group.id, title)).toEqual({ ok: false, error: 'contact' });
		}
		expect(await topicRows(group.id)).toEqual([]);
	});

	it('adds a title the group already has only once, however it is spelt or sent', async () => {
		const { group, member, facilitator } = await cast();
		const results = await Promise.all(
			['Health checks', 'health  checks', ' HEALTH CHECKS', 'Ｈｅａｌｔｈ checks'].map((title, i) =>
				propose(i % 2 ? facilitator : member, group.id, title)
			)
		);
		const ids = new Set(results.map((result) => (result.ok ? result.id : null)));
		expect(ids.size).toBe(1);
		expect(results.filter((result) => result.ok && !result.existing)).toHaveLength(1);
		expect(await topicRows(group.id)).toHaveLength(1);
	});

	it('refuses a muted member, and members of a paused group, but not its facilitators', async () => {
		const { group, member, facilitator } = await cast();
		await db
			.updateTable('group_member')
			.set({ muted_until: new Date(Date.now() + 60_000), mute_reason: 'calm down' })
			.where('id', '=', member.memberId)
			.execute();
		expect(await propose(member, group.id, 'Muted idea')).toEqual({ ok: false, error: 'muted' });

		const other = await createGroupMember(db, group.id);
		await db
			.updateTable('peer_group')
			.set({ paused_at: new Date() })
			.where('id', '=', group.id)
			.execute();
		expect(await propose(other, group.id, 'Paused idea')).toEqual({ ok: false, error: 'paused' });
		expect((await propose(facilitator, group.id, 'Facilitator idea')).ok).toBe(true);
		expect((await topicRows(group.id)).map((topic) => topic.title)).toEqual(['Facilitator idea']);
	});
});

describe('sending the same topic form again', () => {
	it('is one topic, and the resend gets the first result', async () => {
		const { group, member } = await cast();
		const now = new Date();
		const input = { formKey: newFormKey(now), title: 'Markets' };
		const first = await proposeTopic(db, member, group.id, input, now);
		expect(first).toEqual({ ok: true, id: expect.any(String), existing: false });
		expect(await proposeTopic(db, member, group.id, input, now)).toEqual(first);
		expect(await topicRows(group.id)).toHaveLength(1);
	});

	it('is one topic when both sends arrive at the same time', async () => {
		const { group, member } = await cast();
		const now = new Date();
		const input = { formKey: newFormKey(now), title: 'Markets' };
		const [first, second] = await Promise.all([
			proposeTopic(db, member, group.id, input, now),
			proposeTopic(db, member, group.id, input, now)
		]);
		expect(first).toEqual({ ok: true, id: expect.any(String), existing: false });
		expect(second).toEqual(first);
		expect(await topicRows(group.id)).toHaveLength(1);
	});

	it('refuses a key past its lifetime, after the access check, and adds nothing', async () => {
		const { group, member, outsider } = await cast();
		const now = new Date();
		const old = { formKey: newFormKey(new Date(now.getTime() - 2 * 60 * 60_000)), title: 'Old' };
		await expect(proposeTopic(db, outsider, group.id, old, now)).rejects.toMatchObject({
			status: 404
		});
		expect(await proposeTopic(db, member, group.id, old, now)).toEqual({
			ok: false,
			error: 'form_key_expired'
		});
		expect(await topicRows(group.id)).toEqual([]);
	});
});

describe('voting for topics', () => {
	it('sets and takes back a vote, and setting or taking back twice changes nothing more', async () => {
		const { group, member } = await cast();
		const id = await proposed(member, group.id, 'Rights at work');
		await voteTopic(db, member, group.id, id, true);
		await voteTopic(db, member, group.id, id, true);
		expect(await listTopics(db, member, group.id)).toMatchObject([{ id, votes: 1, voted: true }]);
		await voteTopic(db, member, group.id, id, false);
		expect(await voteTopic(db, member, group.id, id, false)).toEqual({ ok: true, voted: false });
		expect(await listTopics(db, member, group.id)).toMatchObject([{ id, votes: 0, voted: false }]);
	});

	it('counts 10 parallel votes by one member once', async () => {
		const { group, member } = await cast();
		const id = await proposed(member, group.id, 'Parallel taps');
		const results = await Promise.all(
			Array.from({ length: 10 }, () => voteTopic(db, member, group.id, id, true))
		);
		expect(results.every((result) => result.ok)).toBe(true);
		expect(await voteCount(id)).toBe(1);
	});

	it('counts 10 members voting at once as 10', async () => {
		const { group, member } = await cast();
		const id = await proposed(member, group.id, 'Everyone at once');
		const voters = await Promise.all(
			Array.from({ length: 10 }, () => createGroupMember(db, group.id))
		);
		await Promise.all(voters.map((voter) => voteTopic(db, voter, group.id, id, true)));
		expect(await voteCount(id)).toBe(10);
		expect(await listTopics(db, voters[0], group.id)).toMatchObject([{ id, votes: 10 }]);
	});

	it('lists the most voted first, then the newest, and marks only my own votes', async () => {
		const { group, member, facilitator } = await cast();
		const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 12, minute));
		const old = await proposed(member, group.id, 'Old, no votes', at(1));
		const popular = await proposed(member, group.id, 'Popular', at(2));
		const newer = await proposed(member, group.id, 'Newer, no votes', at(3));
		const one = await proposed(member, group.id, 'One vote', at(0));
		await voteTopic(db, member, group.id, popular, true);
		await voteTopic(db, facilitator, group.id, popular, true);
		await voteTopic(db, facilitator, group.id, one, true);
		const topics = await listTopics(db, member, group.id);
		expect(topics.map((topic) => topic.id)).toEqual([popular, one, newer, old]);
		expect(topics.map((topic) => topic.voted)).toEqual([true, false, false, false]);
	});

	it('no longer counts the votes of members who left', async () => {
		const { group, member } = await cast();
		const id = await proposed(member, group.id, 'Who still counts');
		const leaver = await createGroupMember(db, group.id);
		await voteTopic(db, member, group.id, id, true);
		await voteTopic(db, leaver, group.id, id, true);
		await db
			.updateTable('group_member')
			.set({ status: 'left' })
			.where('id', '=', leaver.memberId)
			.execute();
		expect(await listTopics(db, member, group.id)).toMatchObject([{ id, votes: 1 }]);
	});

	it('answers not_found for a malformed id, a removed topic or another group’s topic', async () => {
		const { group, member } = await cast();
		const elsewhere = await createTestGroup(db);
		const stranger = await createGroupMember(db, elsewhere.id);
		const foreign = await proposed(stranger, elsewhere.id, 'Elsewhere');
		const gone = await proposed(member, group.id, 'Gone soon');
		await deleteTopic(db, group.coordinator, group.id, gone);
		for (const id of ['nope', gone, foreign]) {
			expect(await voteTopic(db, member, group.id, id, true)).toEqual({
				ok: false,
				error: 'not_found'
			});
		}
		expect(await voteCount(foreign)).toBe(0);
	});
});

describe('removing a topic', () => {
	it('removes it with its votes and logs who, whose and why, without the title', async () => {
		const { group, member, facilitator } = await cast();
		const id = await proposed(member, group.id, 'Something unkind');
		await voteTopic(db, member, group.id, id, true);
		expect(await deleteTopic(db, facilitator, group.id, id, '  Not kind to others  ')).toBe(true);
		expect(await topicRows(group.id)).toEqual([]);
		expect(await voteCount(id)).toBe(0);
		const log = await db
			.selectFrom('moderation_action')
			.select(['action', 'actor_id', 'subject_id', 'reason', 'details'])
			.where('group_id', '=', group.id)
			.where('action', '=', 'topic_removed')
			.execute();
		expect(log).toEqual([
			{
				action: 'topic_removed',
				actor_id: facilitator.id,
				subject_id: member.memberId,
				reason: 'Not kind to others',
				details: {}
			}
		]);
		expect(JSON.stringify(log)).not.toContain('Something unkind');
	});

	it('changes nothing when the topic is already gone, and 404s a malformed id', async () => {
		const { group, member, facilitator } = await cast();
		const id = await proposed(member, group.id, 'Twice removed');
		const results = await Promise.all([1, 2].map(() => deleteTopic(db, facilitator, group.id, id)));
		expect(results.sort()).toEqual([false, true]);
		expect(await deleteTopic(db, facilitator, group.id, crypto.randomUUID())).toBe(false);
		await expect(deleteTopic(db, facilitator, group.id, 'nope')).rejects.toMatchObject({
			status: 404
		});
		const logged = await db
			.selectFrom('moderation_action')
			.select('id')
			.where('group_id', '=', group.id)
			.where('action', '=', 'topic_removed')
			.execute();
		expect(logged).toHaveLength(1);
	});

	it('does not remove another group’s topic', async () => {
		const { group, facilitator } = await cast();
		const elsewhere = await createTestGroup(db);
		const stranger = await createGroupMember(db, elsewhere.id);
		const foreign = await proposed(stranger, elsewhere.id, 'Not yours');
		expect(await deleteTopic(db, facilitator, group.id, foreign)).toBe(false);
		expect(await topicRows(elsewhere.id)).toHaveLength(1);
	});
});

describe('the topic forms', () => {
	it('trims the title and says what is wrong with it', () => {
		const formKey = newFormKey(new Date());
		expect(v.parse(topicSchema, { formKey, title: '  Rent  ' })).toEqual({
			formKey,
			title: 'Rent'
		});
		const message = (title: string) =>
			v.safeParse(topicSchema, { formKey, title }).issues?.[0].message;
		expect(message('   ')).toBe('Please fill this in.');
		expect(message('ក'.repeat(201))).toBe('Please use 200 characters or fewer.');
		expect(message('ក'.repeat(200))).toBeUndefined();
	});

	it('takes an optional removal reason of up to 300 characters', () => {
		const topicId = crypto.randomUUID();
		expect(v.parse(removeTopicSchema, { topicId })).toEqual({ topicId, reason: '' });
		expect(v.safeParse(removeTopicSchema, { topicId, reason: 'x'.repeat(301) }).success).toBe(
			false
		);
	});
});
