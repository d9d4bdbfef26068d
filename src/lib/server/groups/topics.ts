import { sql, type Kysely } from 'kysely';
import {
	cleanText,
	codePoints,
	REMOVE_REASON_MAX,
	sameTextKey,
	TOPIC_TITLE_MAX
} from '$lib/schemas/participation';
import type { Actor } from '../access/actor';
import { can } from '../access/policy';
import { notFound, requireAccess } from '../access/require';
import { isUuid } from '../db/ids';
import type { DB } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { isFormKeyExpired } from '../forms/form-key';
import { repeatSafe } from '../forms/repeat-safe';
import { contactOrRecruitment } from './contact-rules';
import { loadGroup, resolveGroup, type GroupRef } from './group-access';
import { announceNews } from './group-events';
import { recordModeration } from './moderation-log';
import { limitCircleWrite } from './write-limit';
import { isBlank } from '../forms/blank';

/** The most topics a page lists: the ones with most votes, then the newest. */
export const TOPICS_LISTED = 100;

export type ProposeError =
	'form_key_expired' | 'empty' | 'too_long' | 'contact' | 'muted' | 'paused' | 'too_fast';

export type ProposeResult =
	| { ok: true; id: string; existing: boolean }
	| { ok: false; error: ProposeError; retryAfterS?: number };

export type TopicVoteResult = { ok: true; voted: boolean } | { ok: false; error: 'not_found' };

export interface TopicView {
	id: string;
	title: string;
	/** The proposer's name in this group; null once their membership is gone. */
	proposer: string | null;
	/** Votes of members still active in the group. */
	votes: number;
	/** Whether the viewer has voted for it. */
	voted: boolean;
	createdAt: Date;
}

function titleProblem(title: string): ProposeError | null {
	if (isBlank(title)) return 'empty';
	if (codePoints(title) > TOPIC_TITLE_MAX) return 'too_long';
	// A topic is seen by the whole group at once, with no facilitator in between: contact details
	// and job offers belong in a message, where they wait for review.
	if (contactOrRecruitment(title)) return 'contact';
	return null;
}

/**
 * A member suggests a topic. The same form sent again (a double tap, a retry) is one topic and
 * gets the first result. A title the group already has (in any case or spacing) is not added
 * twice either: the existing topic is returned. A muted member, or a member of a paused group,
 * cannot add words for the group to read; facilitators can.
 */
export async function proposeTopic(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string,
	input: { formKey: string; title: string },
	now: Date
): Promise<ProposeResult> {
	return inTransaction(db, async (trx, afterCommit) => {
		// The group's lock makes two sends of the same title wait for each other.
		const { group, membership, resource } = await loadGroup(trx, actor, groupId, { lock: true });
		requireAccess(actor, 'group:take-part', resource);
		if (isFormKeyExpired(input.formKey, now)) return { ok: false, error: 'form_key_expired' };
		const use = { scope: 'topic', key: input.formKey, now };
		const { result } = await repeatSafe(trx, use, async (): Promise<ProposeResult> => {
			const member = membership!;
			const title = typeof input.title === 'string' ? cleanText(input.title) : '';
			const problem = titleProblem(title);
			if (problem) return { ok: false, error: problem };
			const moderates = member.role !== 'member';
			if (member.muted_until && member.muted_until > now) return { ok: false, error: 'muted' };
			if (group.paused_at && !moderates) return { ok: false, error: 'paused' };

			const key = sameTextKey(title);
			const topics = await trx
				.selectFrom('group_topic')
				.select(['id', 'title'])
				.where('group_id', '=', group.id)
				.execute();
			const existing = topics.find((topic) => sameTextKey(topic.title) === key);
			if (existing) return { ok: true, id: existing.id, existing: true };
			const allowance = await limitCircleWrite(
				trx,
				{ accountId: actor.id, groupId: group.id, memberId: member.id, kind: 'topic', moderates },
				now
			);
			if (!allowance.ok)
				return { ok: false, error: 'too_fast', retryAfterS: allowance.retryAfterS };

			const { id } = await trx
				.insertInto('group_topic')
				.values({ group_id: group.id, proposer_id: member.id, title, created_at: now })
				.returning('id')
				.executeTakeFirstOrThrow();
			// Only a topic added now: a resend or a title the group has is no news.
			afterCommit(() => announceNews(group.id, { kind: 'topic', id, title }, actor.id));
			return { ok: true, id, existing: false };
		});
		return result;
	});
}

/**
 * A member's vote for a topic, set (`vote: true`) or taken back (`false`). Setting twice is one
 * vote and taking back twice is none, so a resent form or parallel taps change nothing more.
 */
export async function voteTopic(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string,
	topicId: string,
	vote: boolean
): Promise<TopicVoteResult> {
	return inTransaction(db, async (trx) => {
		const { membership, resource } = await loadGroup(trx, actor, groupId);
		requireAccess(actor, 'group:take-part', resource);
		if (!isUuid(topicId)) return { ok: false, error: 'not_found' };
		// Shared: a facilitator removing the topic waits for this vote, never the other way round.
		const topic = await trx
			.selectFrom('group_topic')
			.select('id')
			.where('id', '=', topicId)
			.where('group_id', '=', groupId)
			.forShare()
			.executeTakeFirst();
		if (!topic) return { ok: false, error: 'not_found' };
		const memberId = membership!.id;
		if (vote) {
			await trx
				.insertInto('topic_vote')
				.values({ topic_id: topic.id, member_id: memberId })
				.onConflict((oc) => oc.columns(['topic_id', 'member_id']).doNothing())
				.execute();
		} else {
			await trx
				.deleteFrom('topic_vote')
				.where('topic_id', '=', topic.id)
				.where('member_id', '=', memberId)
				.execute();
		}
		return { ok: true, voted: vote };
	});
}

/**
 * A facilitator (or a coordinator) removes a topic and its votes, with an optional reason that
 * members read in the group's log. The title is not kept. Removing a topic that is already gone
 * changes nothing and returns false.
 */
export async function deleteTopic(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string,
	topicId: string,
	reason = ''
): Promise<boolean> {
	return inTransaction(db, async (trx) => {
		const { resource } = await loadGroup(trx, actor, groupId);
		requireAccess(actor, 'group:moderate', resource);
		if (!isUuid(topicId)) notFound();
		const removed = await trx
			.deleteFrom('group_topic')
			.where('id', '=', topicId)
			.where('group_id', '=', groupId)
			.returning('proposer_id')
			.executeTakeFirst();
		if (!removed) return false;
		await recordModeration(trx, {
			groupId,
			actorId: actor.id,
			action: 'topic_removed',
			subjectId: removed.proposer_id,
			reason: [...reason.trim()].slice(0, REMOVE_REASON_MAX).join('')
		});
		return true;
	});
}

/**
 * The group's topics, most votes first, then the newest, with the viewer's own votes marked. Only
 * votes of members still in the group count.
 */
export async function listTopics(
	db: Kysely<DB>,
	actor: Actor,
	groupRef: GroupRef
): Promise<TopicView[]> {
	const { group, membership, resource } = await resolveGroup(db, actor, groupRef);
	requireAccess(actor, 'group:view', resource);
	const memberId = can(actor, 'group:take-part', resource) ? membership!.id : null;
	const rows = await db
		.selectFrom('group_topic as topic')
		.leftJoin('group_member as proposer', 'proposer.id', 'topic.proposer_id')
		.select(['topic.id', 'topic.title', 'topic.created_at', 'proposer.display_name as proposer'])
		.select((eb) =>
			eb
				.selectFrom('topic_vote')
				.innerJoin('group_member as voter', 'voter.id', 'topic_vote.member_id')
				.whereRef('topic_vote.topic_id', '=', 'topic.id')
				.where('voter.status', '=', 'active')
				.select(sql<number>`count(*)::int`.as('count'))
				.as('votes')
		)
		.select((eb) =>
			memberId
				? eb
						.exists(
							eb
								.selectFrom('topic_vote')
								.select('topic_vote.member_id')
								.whereRef('topic_vote.topic_id', '=', 'topic.id')
								.where('topic_vote.member_id', '=', memberId)
						)
						.as('voted')
				: sql<boolean>`false`.as('voted')
		)
		.where('topic.group_id', '=', group.id)
		.orderBy('votes', 'desc')
		.orderBy('topic.created_at', 'desc')
		.orderBy('topic.id', 'desc')
		.limit(TOPICS_LISTED)
		.execute();
	return rows.map((row) => ({
		id: row.id,
		title: row.title,
		proposer: row.proposer,
		votes: Number(row.votes ?? 0),
		voted: Boolean(row.voted),
		createdAt: row.created_at
	}));
}
