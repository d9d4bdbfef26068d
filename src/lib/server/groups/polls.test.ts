import type { Kysely } from 'kysely';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, signedIn } from '../../../../tests/helpers/factories';
import { createGroupMember, createTestGroup } from '../../../../tests/helpers/groups';
import { ANONYMOUS, type Actor } from '../access/actor';
import { pollSchema, pollVoteSchema } from '$lib/schemas/participation';
import type { DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import { closePoll, createPoll, listPolls, votePoll, type PollView } from './polls';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

const create = (
	actor: Actor,
	groupId: string,
	question: string,
	options: string[],
	now = new Date()
) => createPoll(db, actor, groupId, { formKey: newFormKey(now), question, options }, now);

async function created(
	actor: Actor,
	groupId: string,
	options = ['Monday', 'Saturday'],
	now = new Date()
) {
	const question = `When shall we meet? ${crypto.randomUUID()}`;
	const result = await create(actor, groupId, question, options, now);
	if (!result.ok) throw new Error(`no poll: ${JSON.stringify(result.error)}`);
	const poll = (await listPolls(db, actor, groupId)).find((view) => view.id === result.id)!;
	return { id: result.id, options: poll.options.map((option) => option.id) };
}

const pollRows = (groupId: string) =>
	db.selectFrom('group_poll').select('id').where('group_id', '=', groupId).execute();

const voteRows = (pollId: string) =>
	db
		.selectFrom('poll_vote')
		.select(['member_id', 'option_id'])
		.where('poll_id', '=', pollId)
		.execute();

const viewOf = async (actor: Actor, groupId: string, pollId: string): Promise<PollView> =>
	(await listPolls(db, actor, groupId)).find((poll) => poll.id === pollId)!;

/** A group with a member, its facilitators, and the people around it who are not in it. */
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

describe('who may do what with polls', () => {
	it('lets the group’s facilitators, coordinators and admins create and close polls', async () => {
		const { group, facilitator, coFacilitator, coordinator, admin } = await cast();
		for (const actor of [facilitator, coFacilitator, coordinator, admin]) {
			const poll = await created(actor, group.id);
			expect(await closePoll(db, actor, group.id, poll.id, new Date())).toBe(true);
		}
		expect(await pollRows(group.id)).toHaveLength(4);
	});

	it('does not let a member create or close a poll', async () => {
		const { group, member, facilitator } = await cast();
		await expect(create(member, group.id, 'Mine?', ['a', 'b'])).rejects.toMatchObject({
			status: 404
		});
		const poll = await created(facilitator, group.id);
		await expect(closePoll(db, member, group.id, poll.id, new Date())).rejects.toMatchObject({
			status: 404
		});
		expect((await viewOf(member, group.id, poll.id)).closed).toBe(false);
		expect(await pollRows(group.id)).toHaveLength(1);
	});

	it('is a 404 for anonymous visitors, non-members and another group’s facilitator', async () => {
		const { group, facilitator, outsider, otherFacilitator } = await cast();
		const poll = await created(facilitator, group.id);
		for (const actor of [ANONYMOUS, outsider, otherFacilitator]) {
			await expect(listPolls(db, actor, group.id)).rejects.toMatchObject({ status: 404 });
			await expect(create(actor, group.id, 'Sneaky', ['a', 'b'])).rejects.toMatchObject({
				status: 404
			});
			await expect(
				votePoll(db, actor, group.id, { pollId: poll.id, optionId: poll.options[0] })
			).rejects.toMatchObject({ status: 404 });
			await expect(closePoll(db, actor, group.id, poll.id, new Date())).rejects.toMatchObject({
				status: 404
			});
		}
		expect(await pollRows(group.id)).toHaveLength(1);
		expect(await voteRows(poll.id)).toEqual([]);
	});

	it('lets members and the group’s facilitators vote, but not coordinators outside it', async () => {
		const { group, member, facilitator, coordinator } = await cast();
		const poll = await created(coordinator, group.id);
		for (const actor of [member, facilitator]) {
			expect(
				await votePoll(db, actor, group.id, { pollId: poll.id, optionId: poll.options[1] })
			).toEqual({ ok: true, counted: true, choice: poll.options[1] });
		}
		await expect(
			votePoll(db, coordinator, group.id, { pollId: poll.id, optionId: poll.options[0] })
		).rejects.toMatchObject({ status: 404 });
		expect(await voteRows(poll.id)).toHaveLength(2);
	});

	it('is a 404 for a member who left or was removed', async () => {
		const { group, facilitator } = await cast();
		const poll = await created(facilitator, group.id);
		for (const status of ['left', 'removed'] as const) {
			const former = await createGroupMember(db, group.id);
			await db
				.updateTable('group_member')
				.set({ status })
				.where('id', '=', former.memberId)
				.execute();
			await expect(listPolls(db, former, group.id)).rejects.toMatchObject({ status: 404 });
			await expect(
				votePoll(db, former, group.id, { pollId: poll.id, optionId: poll.options[0] })
			).rejects.toMatchObject({ status: 404 });
		}
	});
});

describe('creating a poll', () => {
	it('keeps the answers in order, trimmed, leaving out empty ones', async () => {
		const { group, facilitator } = await cast();
		const result = await create(facilitator, group.id, '  Where shall we meet?  ', [
			' The temple ',
			'',
			'The market',
			'   ',
			'Online'
		]);
		expect(result).toMatchObject({ ok: true, existing: false });
		const [poll] = await listPolls(db, facilitator, group.id);
		expect(poll).toMatchObject({
			question: 'Where shall we meet?',
			closed: false,
			options: [
				{ label: 'The temple', votes: 0 },
				{ label: 'The market', votes: 0 },
				{ label: 'Online', votes: 0 }
			],
			total: 0
		});
	});

	it('refuses bad questions and answers and changes nothing', async () => {
		const { group, facilitator } = await cast();
		const cases: Array<[string, string[], unknown]> = [
			['  ', ['a', 'b'], { field: 'question', problem: 'empty' }],
			['ก'.repeat(201), ['a', 'b'], { field: 'question', problem: 'too_long' }],
			['One answer?', ['only', '', ' '], { field: 'options', index: null, problem: 'too_few' }],
			[
				'Seven?',
				['1', '2', '3', '4', '5', '6', '7'],
				{ field: 'options', index: null, problem: 'too_many' }
			],
			['Twice?', ['Yes', 'No', ' yes '], { field: 'options', index: 2, problem: 'duplicate' }],
			['Long?', ['ok', 'ก'.repeat(101)], { field: 'options', index: 1, problem: 'too_long' }]
		];
		for (const [question, options, error] of cases) {
			expect(await create(facilitator, group.id, question, options)).toEqual({ ok: false, error });
		}
		expect(
			await createPoll(
				db,
				facilitator,
				group.id,
				{ formKey: newFormKey(new Date()), question: 'x', options: 'ab' as unknown as string[] },
				new Date()
			)
		).toMatchObject({ ok: false });
		expect(await pollRows(group.id)).toEqual([]);
		expect(
			await db.selectFrom('poll_option').select('id').where('label', '=', 'ก'.repeat(101)).execute()
		).toEqual([]);
		// The limits themselves are fine: 200 and 100 code points, 6 answers.
		const longest = await create(facilitator, group.id, 'ក'.repeat(200), [
			'ក'.repeat(100),
			'2',
			'3',
			'4',
			'5',
			'6'
		]);
		expect(longest.ok).toBe(true);
	});

	it('makes one poll of a question sent twice while it is open', async () => {
		const { group, facilitator } = await cast();
		const results = await Promise.all(
			[1, 2, 3].map(() => create(facilitator, group.id, 'Shall we meet weekly?', ['Yes', 'No']))
		);
		expect(new Set(results.map((result) => result.ok && result.id)).size).toBe(1);
		expect(await pollRows(group.id)).toHaveLength(1);
		// Once closed, the same question may be asked again.
		const [first] = results;
		await closePoll(db, facilitator, group.id, first.ok ? first.id : '', new Date());
		expect(
			await create(facilitator, group.id, 'Shall we meet weekly?', ['Yes', 'No'])
		).toMatchObject({
			ok: true,
			existing: false
		});
	});
});

describe('sending the same poll form again', () => {
	it('is one poll, and the resend gets the first result', async () => {
		const group = await createTestGroup(db);
		const facilitator = await createGroupMember(db, group.id, 'facilitator');
		const now = new Date();
		const input = { formKey: newFormKey(now), question: 'Sunday?', options: ['Yes', 'No'] };
		const first = await createPoll(db, facilitator, group.id, input, now);
		expect(first).toEqual({ ok: true, id: expect.any(String), existing: false });
		expect(await createPoll(db, facilitator, group.id, input, now)).toEqual(first);
		expect(await pollRows(group.id)).toHaveLength(1);
	});

	it('is one poll when both sends arrive at the same time', async () => {
		const group = await createTestGroup(db);
		const facilitator = await createGroupMember(db, group.id, 'facilitator');
		const now = new Date();
		const input = { formKey: newFormKey(now), question: 'Sunday?', options: ['Yes', 'No'] };
		const [first, second] = await Promise.all([
			createPoll(db, facilitator, group.id, input, now),
			createPoll(db, facilitator, group.id, input, now)
		]);
		expect(first).toEqual({ ok: true, id: expect.any(String), existing: false });
		expect(second).toEqual(first);
		expect(await pollRows(group.id)).toHaveLength(1);
	});
});

describe('voting in a poll', () => {
	it('hides the results from members until they vote, then shows them with their choice', async () => {
		const { group, member, facilitator } = await cast();
		const poll = await created(facilitator, group.id, ['Yes', 'No']);
		const early = await createGroupMember(db, group.id);
		await votePoll(db, early, group.id, { pollId: poll.id, optionId: poll.options[0] });

		const before = await viewOf(member, group.id, poll.id);
		expect(before).toMatchObject({
			showResults: false,
			canVote: true,
			total: null,
			myChoice: null
		});
		expect(before.options.map((option) => option.votes)).toEqual([null, null]);
		expect(JSON.stringify(before)).not.toMatch(/"votes":\d/);

		await votePoll(db, member, group.id, { pollId: poll.id, optionId: poll.options[1] });
		const after = await viewOf(member, group.id, poll.id);
		expect(after).toMatchObject({
			showResults: true,
			canVote: false,
			total: 2,
			myChoice: poll.options[1]
		});
		expect(after.options.map((option) => option.votes)).toEqual([1, 1]);
	});

	it('shows the results to the group’s facilitators and to coordinators without voting', async () => {
		const { group, member, facilitator, coordinator } = await cast();
		const poll = await created(facilitator, group.id);
		await votePoll(db, member, group.id, { pollId: poll.id, optionId: poll.options[0] });
		for (const actor of [facilitator, coordinator]) {
			expect(await viewOf(actor, group.id, poll.id)).toMatchObject({ showResults: true, total: 1 });
		}
		expect(await viewOf(coordinator, group.id, poll.id)).toMatchObject({ canVote: false });
		expect(await viewOf(facilitator, group.id, poll.id)).toMatchObject({ canVote: true });
	});

	it('shows everyone the results once closed, and takes no more votes', async () => {
		const { group, member, facilitator } = await cast();
		const poll = await created(facilitator, group.id);
		const voter = await createGroupMember(db, group.id);
		await votePoll(db, voter, group.id, { pollId: poll.id, optionId: poll.options[1] });
		expect(await closePoll(db, facilitator, group.id, poll.id, new Date())).toBe(true);

		expect(
			await votePoll(db, member, group.id, { pollId: poll.id, optionId: poll.options[0] })
		).toEqual({ ok: false, error: 'closed' });
		expect(await viewOf(member, group.id, poll.id)).toMatchObject({
			closed: true,
			showResults: true,
			canVote: false,
			total: 1,
			myChoice: null,
			options: [{ votes: 0 }, { votes: 1 }]
		});
		expect(await voteRows(poll.id)).toHaveLength(1);
	});

	it('keeps the first vote: a second one changes nothing and is not an error', async () => {
		const { group, member, facilitator } = await cast();
		const poll = await created(facilitator, group.id);
		await votePoll(db, member, group.id, { pollId: poll.id, optionId: poll.options[0] });
		expect(
			await votePoll(db, member, group.id, { pollId: poll.id, optionId: poll.options[1] })
		).toEqual({ ok: true, counted: false, choice: poll.options[0] });
		expect(await voteRows(poll.id)).toEqual([
			{ member_id: member.memberId, option_id: poll.options[0] }
		]);
	});

	it('counts 10 parallel votes by one member, for different answers, once', async () => {
		const { group, member, facilitator } = await cast();
		const poll = await created(facilitator, group.id, ['A', 'B', 'C']);
		const results = await Promise.all(
			Array.from({ length: 10 }, (_, i) =>
				votePoll(db, member, group.id, { pollId: poll.id, optionId: poll.options[i % 3] })
			)
		);
		const rows = await voteRows(poll.id);
		expect(rows).toHaveLength(1);
		expect(results.filter((result) => result.ok && result.counted)).toHaveLength(1);
		expect(results.every((result) => result.ok && result.choice === rows[0].option_id)).toBe(true);
	});

	it('counts 10 members voting at once as 10', async () => {
		const { group, facilitator } = await cast();
		const poll = await created(facilitator, group.id, ['A', 'B']);
		const voters = await Promise.all(
			Array.from({ length: 10 }, () => createGroupMember(db, group.id))
		);
		await Promise.all(
			voters.map((voter, i) =>
				votePoll(db, voter, group.id, { pollId: poll.id, optionId: poll.options[i % 2] })
			)
		);
		expect(await viewOf(voters[0], group.id, poll.id)).toMatchObject({
			total: 10,
			options: [{ votes: 5 }, { votes: 5 }]
		});
	});

	it('answers not_found for a malformed id, another poll’s answer or another group’s poll', async () => {
		const { group, member, facilitator } = await cast();
		const poll = await created(facilitator, group.id);
		const otherPoll = await created(facilitator, group.id);
		const elsewhere = await createTestGroup(db);
		const foreign = await created(elsewhere.coordinator, elsewhere.id);
		const tries = [
			{ pollId: 'nope', optionId: poll.options[0] },
			{ pollId: poll.id, optionId: 'nope' },
			{ pollId: poll.id, optionId: otherPoll.options[0] },
			{ pollId: foreign.id, optionId: foreign.options[0] }
		];
		for (const input of tries) {
			expect(await votePoll(db, member, group.id, input)).toEqual({
				ok: false,
				error: 'not_found'
			});
		}
		for (const id of [poll.id, otherPoll.id, foreign.id]) expect(await voteRows(id)).toEqual([]);
	});
});

describe('closing a poll', () => {
	it('closes once, logs it once, and 404s a poll of another group', async () => {
		const { group, facilitator } = await cast();
		const poll = await created(facilitator, group.id);
		const results = await Promise.all(
			[1, 2].map(() => closePoll(db, facilitator, group.id, poll.id, new Date()))
		);
		expect(results.sort()).toEqual([false, true]);
		const log = await db
			.selectFrom('moderation_action')
			.select(['action', 'actor_id'])
			.where('group_id', '=', group.id)
			.where('action', '=', 'poll_closed')
			.execute();
		expect(log).toEqual([{ action: 'poll_closed', actor_id: facilitator.id }]);

		const elsewhere = await createTestGroup(db);
		const foreign = await created(elsewhere.coordinator, elsewhere.id);
		await expect(
			closePoll(db, facilitator, group.id, foreign.id, new Date())
		).rejects.toMatchObject({
			status: 404
		});
		await expect(closePoll(db, facilitator, group.id, 'nope', new Date())).rejects.toMatchObject({
			status: 404
		});
		expect((await viewOf(elsewhere.coordinator, elsewhere.id, foreign.id)).closed).toBe(false);
	});

	it('lists open polls first, newest first', async () => {
		const { group, facilitator } = await cast();
		const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 12, minute));
		const closedOne = await created(facilitator, group.id, undefined, at(3));
		const older = await created(facilitator, group.id, undefined, at(1));
		const newer = await created(facilitator, group.id, undefined, at(2));
		await closePoll(db, facilitator, group.id, closedOne.id, new Date());
		expect((await listPolls(db, facilitator, group.id)).map((poll) => poll.id)).toEqual([
			newer.id,
			older.id,
			closedOne.id
		]);
	});
});

describe('the poll forms', () => {
	const formKey = newFormKey(new Date());
	const issues = (input: object) =>
		(v.safeParse(pollSchema, { formKey, ...input }).issues ?? []).map((issue) => [
			v.getDotPath(issue),
			issue.message
		]);

	it('puts each answer’s problem next to it, and a count problem above them all', () => {
		expect(
			issues({ question: 'Q', options: ['Yes', '', ' yes', 'ก'.repeat(101), '', ''] })
		).toEqual([
			['options.2', 'This answer is already in the list.'],
			['options.3', 'Please use 100 characters or fewer.']
		]);
		expect(issues({ question: ' ', options: ['only', '', '', '', '', ''] })).toEqual([
			['question', 'Please fill this in.'],
			['options', 'Please write at least 2 answers.']
		]);
	});

	it('hands the service the answers without the empty fields', () => {
		expect(
			v.parse(pollSchema, { formKey, question: ' Q ', options: [' a ', '', 'b', '', '', ''] })
		).toEqual({ formKey, question: 'Q', options: ['a', 'b'] });
	});

	it('asks for an answer when none was chosen', () => {
		const result = v.safeParse(pollVoteSchema, { pollId: crypto.randomUUID() });
		expect(result.issues?.map((issue) => issue.message)).toEqual(['Please choose one answer.']);
	});
});
