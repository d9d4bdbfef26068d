import { sql, type Kysely, type Transaction } from 'kysely';
import {
	cleanText,
	codePoints,
	POLL_QUESTION_MAX,
	pollOptionProblems,
	sameTextKey,
	type PollOptionProblem
} from '$lib/schemas/participation';
import type { Actor } from '../access/actor';
import { can } from '../access/policy';
import { notFound, requireAccess } from '../access/require';
import { isUuid } from '../db/ids';
import type { DB } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { isFormKeyExpired } from '../forms/form-key';
import { repeatSafe } from '../forms/repeat-safe';
import { loadGroup, resolveGroup, type GroupRef } from './group-access';
import { announceNews } from './group-events';
import { recordModeration } from './moderation-log';
import { limitCircleWrite } from './write-limit';
import { isBlank } from '../forms/blank';

/** The most polls a page lists: open ones first, then the newest. */
export const POLLS_LISTED = 30;

export type PollInputError =
	| { field: 'formKey'; problem: 'expired' }
	| { field: 'question'; problem: 'empty' | 'too_long' }
	| { field: 'options'; index: number | null; problem: PollOptionProblem }
	/** The whole form: too many polls in a short time. */
	| { field: ''; problem: 'too_fast'; retryAfterS: number };

export type CreatePollResult =
	{ ok: true; id: string; existing: boolean } | { ok: false; error: PollInputError };

/**
 * A second vote by the same member changes nothing and is not an error: `counted` is false and
 * `choice` is the answer that counts, the first one.
 */
export type PollVoteResult =
	{ ok: true; counted: boolean; choice: string } | { ok: false; error: 'not_found' | 'closed' };

export interface PollView {
	id: string;
	question: string;
	closed: boolean;
	createdAt: Date;
	/** In their order; `votes` is null while the viewer may not see results. */
	options: Array<{ id: string; label: string; votes: number | null }>;
	/** Everyone who voted, or null while the viewer may not see results. */
	total: number | null;
	/** The answer the viewer chose, or null. */
	myChoice: string | null;
	/** After voting, for the group's moderators, and for everyone once the poll is closed. */
	showResults: boolean;
	canVote: boolean;
}

function pollInputError(input: { question: string; options: string[] }): PollInputError | null {
	const question = cleanText(input.question);
	if (isBlank(question)) return { field: 'question', problem: 'empty' };
	if (codePoints(question) > POLL_QUESTION_MAX) return { field: 'question', problem: 'too_long' };
	const [first] = pollOptionProblems(input.options);
	return first ? { field: 'options', ...first } : null;
}

/**
 * A facilitator (or a coordinator) asks the group a question with 2 to 6 different answers; empty
 * answers are left out. The same form sent again is one poll and gets the first result; and while
 * a poll with the same question is open, that poll is returned rather than a second one made.
 */
export async function createPoll(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string,
	input: { formKey: string; question: string; options: string[] },
	now: Date
): Promise<CreatePollResult> {
	return inTransaction(db, async (trx, afterCommit) => {
		const { group, membership, resource } = await loadGroup(trx, actor, groupId, { lock: true });
		requireAccess(actor, 'group:moderate', resource);
		if (isFormKeyExpired(input.formKey, now)) {
			return { ok: false, error: { field: 'formKey', problem: 'expired' } };
		}
		const use = { scope: 'poll', key: input.formKey, now };
		const { result } = await repeatSafe(trx, use, async (): Promise<CreatePollResult> => {
			if (typeof input.question !== 'string' || !Array.isArray(input.options)) {
				return { ok: false, error: { field: 'question', problem: 'empty' } };
			}
			const options = input.options.map((option) => (typeof option === 'string' ? option : ''));
			const error = pollInputError({ question: input.question, options });
			if (error) return { ok: false, error };

			const question = cleanText(input.question);
			const open = await trx
				.selectFrom('group_poll')
				.select(['id', 'question'])
				.where('group_id', '=', group.id)
				.where('closed_at', 'is', null)
				.execute();
			const existing = open.find((poll) => sameTextKey(poll.question) === sameTextKey(question));
			if (existing) return { ok: true, id: existing.id, existing: true };
			const allowance = await limitCircleWrite(
				trx,
				{
					accountId: actor.id,
					groupId: group.id,
					memberId: membership?.id ?? null,
					kind: 'poll',
					moderates: true
				},
				now
			);
			if (!allowance.ok) {
				const { retryAfterS } = allowance;
				return { ok: false, error: { field: '', problem: 'too_fast', retryAfterS } };
			}

			const { id } = await trx
				.insertInto('group_poll')
				.values({ group_id: group.id, author_id: actor.id, question, created_at: now })
				.returning('id')
				.executeTakeFirstOrThrow();
			await trx
				.insertInto('poll_option')
				.values(
					options
						.map(cleanText)
						.filter((label) => label !== '')
						.map((label, position) => ({ poll_id: id, label, position }))
				)
				.execute();
			// Only a poll made now: a resend or the same question again is no news.
			afterCommit(() => announceNews(group.id, { kind: 'poll', id, title: question }, actor.id));
			return { ok: true, id, existing: false };
		});
		return result;
	});
}

/** The poll, in this group, locked against closing until the caller's transaction ends. */
async function pollInGroup(
	trx: Transaction<DB>,
	groupId: string,
	pollId: unknown,
	lock: 'share' | 'update'
) {
	if (!isUuid(pollId)) return undefined;
	const query = trx
		.selectFrom('group_poll')
		.select(['id', 'closed_at'])
		.where('id', '=', pollId)
		.where('group_id', '=', groupId);
	return (lock === 'share' ? query.forShare() : query.forUpdate()).executeTakeFirst();
}

/**
 * A member chooses one answer. One vote each: a second vote, in parallel or later, changes
 * nothing (see PollVoteResult). A closed poll takes no votes.
 */
export async function votePoll(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string,
	input: { pollId: string; optionId: string }
): Promise<PollVoteResult> {
	return inTransaction(db, async (trx) => {
		const { membership, resource } = await loadGroup(trx, actor, groupId);
		requireAccess(actor, 'group:take-part', resource);
		// Shared: closing waits for votes under way, and a vote after closing sees it closed.
		const poll = await pollInGroup(trx, groupId, input.pollId, 'share');
		if (!poll) return { ok: false, error: 'not_found' };
		if (poll.closed_at) return { ok: false, error: 'closed' };
		const option = isUuid(input.optionId)
			? await trx
					.selectFrom('poll_option')
					.select('id')
					.where('id', '=', input.optionId)
					.where('poll_id', '=', poll.id)
					.executeTakeFirst()
			: undefined;
		if (!option) return { ok: false, error: 'not_found' };
		const memberId = membership!.id;
		const inserted = await trx
			.insertInto('poll_vote')
			.values({ poll_id: poll.id, member_id: memberId, option_id: option.id })
			.onConflict((oc) => oc.columns(['poll_id', 'member_id']).doNothing())
			.returning('option_id')
			.executeTakeFirst();
		if (inserted) return { ok: true, counted: true, choice: inserted.option_id };
		const { option_id } = await trx
			.selectFrom('poll_vote')
			.select('option_id')
			.where('poll_id', '=', poll.id)
			.where('member_id', '=', memberId)
			.executeTakeFirstOrThrow();
		return { ok: true, counted: false, choice: option_id };
	});
}

/**
 * A facilitator (or a coordinator) closes a poll: no more votes, and everyone sees the results.
 * Closing a closed poll changes nothing and returns false.
 */
export async function closePoll(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string,
	pollId: string,
	now: Date
): Promise<boolean> {
	return inTransaction(db, async (trx) => {
		const { resource } = await loadGroup(trx, actor, groupId);
		requireAccess(actor, 'group:moderate', resource);
		const poll = await pollInGroup(trx, groupId, pollId, 'update');
		if (!poll) notFound();
		if (poll.closed_at) return false;
		await trx.updateTable('group_poll').set({ closed_at: now }).where('id', '=', poll.id).execute();
		await recordModeration(trx, { groupId, actorId: actor.id, action: 'poll_closed' });
		return true;
	});
}

/**
 * The group's polls, open ones first, newest first. Counts go only to those who may see results:
 * members who voted, the group's moderators, and everyone once a poll is closed.
 */
export async function listPolls(
	db: Kysely<DB>,
	actor: Actor,
	groupRef: GroupRef
): Promise<PollView[]> {
	const { group, membership, resource } = await resolveGroup(db, actor, groupRef);
	requireAccess(actor, 'group:view', resource);
	const moderates = can(actor, 'group:moderate', resource);
	const takesPart = can(actor, 'group:take-part', resource);
	const memberId = takesPart ? membership!.id : null;

	// The listed polls, each with its options, their counts and the viewer's own vote: one read.
	const listed = db
		.selectFrom('group_poll')
		.select(['id', 'question', 'closed_at', 'created_at'])
		.where('group_id', '=', group.id)
		.orderBy(sql`closed_at is null`, 'desc')
		.orderBy('created_at', 'desc')
		.orderBy('id', 'desc')
		.limit(POLLS_LISTED);
	const rows = await db
		.selectFrom(listed.as('poll'))
		.leftJoin('poll_option as option', 'option.poll_id', 'poll.id')
		.select([
			'poll.id',
			'poll.question',
			'poll.closed_at',
			'poll.created_at',
			'option.id as option_id',
			'option.label'
		])
		.select((eb) =>
			eb
				.selectFrom('poll_vote')
				.whereRef('poll_vote.option_id', '=', 'option.id')
				.select(sql<number>`count(*)::int`.as('count'))
				.as('votes')
		)
		.select((eb) =>
			memberId
				? eb
						.exists(
							eb
								.selectFrom('poll_vote')
								.select('poll_vote.option_id')
								.whereRef('poll_vote.option_id', '=', 'option.id')
								.where('poll_vote.member_id', '=', memberId)
						)
						.as('mine')
				: sql<boolean>`false`.as('mine')
		)
		.orderBy(sql`poll.closed_at is null`, 'desc')
		.orderBy('poll.created_at', 'desc')
		.orderBy('poll.id', 'desc')
		.orderBy('option.position')
		.execute();

	const polls = new Map<string, { row: (typeof rows)[number]; options: typeof rows }>();
	for (const row of rows) {
		const poll = polls.get(row.id) ?? { row, options: [] };
		if (row.option_id !== null) poll.options.push(row);
		polls.set(row.id, poll);
	}
	return [...polls.values()].map(({ row: poll, options: pollOptions }) => {
		const closed = poll.closed_at !== null;
		const myChoice = pollOptions.find((option) => option.mine)?.option_id ?? null;
		const showResults = closed || myChoice !== null || moderates;
		return {
			id: poll.id,
			question: poll.question,
			closed,
			createdAt: poll.created_at,
			options: pollOptions.map((option) => ({
				id: option.option_id!,
				label: option.label!,
				votes: showResults ? Number(option.votes ?? 0) : null
			})),
			total: showResults
				? pollOptions.reduce((sum, option) => sum + Number(option.votes ?? 0), 0)
				: null,
			myChoice,
			showResults,
			canVote: takesPart && !closed && myChoice === null
		};
	});
}
