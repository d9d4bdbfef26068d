import type { Kysely } from 'kysely';
import type { Actor } from '../access/actor';
import { requireAccess } from '../access/require';
import type { DB } from '../db/schema';

/**
 * The circles' part of "download my data": what the member wrote or did in circles, under every
 * membership they hold. Never a word or a record of another member: what they reported or voted
 * for is named by its circle, a topic's title or a poll's question, which the circle shares.
 */
export async function exportOwnGroupData(db: Kysely<DB>, actor: Actor) {
	requireAccess(actor, 'account:manage-own');
	const accountId = actor.id;
	const mine = db.selectFrom('group_member').select('id').where('account_id', '=', accountId);
	const [
		circles,
		messages,
		reports,
		topicsProposed,
		topicVotes,
		pollsCreated,
		pollOptions,
		pollVotes,
		helpRequests,
		helpConversations
	] = await Promise.all([
		db
			.selectFrom('group_member')
			.innerJoin('peer_group', 'peer_group.id', 'group_member.group_id')
			.select([
				'peer_group.name as circle',
				'group_member.display_name',
				'group_member.role',
				'group_member.status',
				'group_member.joined_at'
			])
			.where('group_member.account_id', '=', accountId)
			.orderBy('group_member.created_at')
			.execute(),
		db
			.selectFrom('group_message')
			.innerJoin('peer_group', 'peer_group.id', 'group_message.group_id')
			.select([
				'peer_group.name as circle',
				'group_message.seq',
				'group_message.body',
				'group_message.status',
				'group_message.created_at'
			])
			.where('group_message.author_id', 'in', mine)
			.where('group_message.status', '!=', 'deleted')
			.orderBy('group_message.created_at')
			.execute(),
		// What was reported, and why; the reported words are someone else's and stay out.
		db
			.selectFrom('message_flag')
			.innerJoin('group_message', 'group_message.id', 'message_flag.message_id')
			.innerJoin('peer_group', 'peer_group.id', 'group_message.group_id')
			.select([
				'peer_group.name as circle',
				'message_flag.reason',
				'message_flag.outcome',
				'message_flag.created_at',
				'message_flag.resolved_at'
			])
			.where('message_flag.flagger_id', 'in', mine)
			.orderBy('message_flag.created_at')
			.execute(),
		db
			.selectFrom('group_topic')
			.innerJoin('peer_group', 'peer_group.id', 'group_topic.group_id')
			.select(['peer_group.name as circle', 'group_topic.title', 'group_topic.created_at'])
			.where('group_topic.proposer_id', 'in', mine)
			.orderBy('group_topic.created_at')
			.execute(),
		db
			.selectFrom('topic_vote')
			.innerJoin('group_topic', 'group_topic.id', 'topic_vote.topic_id')
			.innerJoin('peer_group', 'peer_group.id', 'group_topic.group_id')
			.select(['peer_group.name as circle', 'group_topic.title as topic', 'topic_vote.created_at'])
			.where('topic_vote.member_id', 'in', mine)
			.orderBy('topic_vote.created_at')
			.execute(),
		db
			.selectFrom('group_poll')
			.innerJoin('peer_group', 'peer_group.id', 'group_poll.group_id')
			.select([
				'group_poll.id',
				'peer_group.name as circle',
				'group_poll.question',
				'group_poll.created_at',
				'group_poll.closed_at'
			])
			.where('group_poll.author_id', '=', accountId)
			.orderBy('group_poll.created_at')
			.execute(),
		db
			.selectFrom('poll_option')
			.innerJoin('group_poll', 'group_poll.id', 'poll_option.poll_id')
			.select(['poll_option.poll_id', 'poll_option.label'])
			.where('group_poll.author_id', '=', accountId)
			.orderBy('poll_option.position')
			.execute(),
		db
			.selectFrom('poll_vote')
			.innerJoin('group_poll', 'group_poll.id', 'poll_vote.poll_id')
			.innerJoin('poll_option', 'poll_option.id', 'poll_vote.option_id')
			.innerJoin('peer_group', 'peer_group.id', 'group_poll.group_id')
			.select([
				'peer_group.name as circle',
				'group_poll.question as poll',
				'poll_option.label as choice',
				'poll_vote.created_at'
			])
			.where('poll_vote.member_id', 'in', mine)
			.orderBy('poll_vote.created_at')
			.execute(),
		db
			.selectFrom('crisis_alert')
			.innerJoin('peer_group', 'peer_group.id', 'crisis_alert.group_id')
			.select([
				'peer_group.name as circle',
				'crisis_alert.created_at',
				'crisis_alert.acknowledged_at'
			])
			.where('crisis_alert.member_id', 'in', mine)
			.orderBy('crisis_alert.created_at')
			.execute(),
		// Their own conversations with the facilitators, both sides; and what they wrote in others'
		// (a facilitator's answers), without whose conversation it was.
		db
			.selectFrom('support_message')
			.innerJoin('peer_group', 'peer_group.id', 'support_message.group_id')
			.select([
				'peer_group.name as circle',
				'support_message.author_id',
				'support_message.body',
				'support_message.created_at'
			])
			.where((eb) =>
				eb.or([
					eb('support_message.member_id', 'in', mine),
					eb('support_message.author_id', '=', accountId)
				])
			)
			.orderBy('support_message.created_at')
			.execute()
	]);
	return {
		circles,
		messages,
		reports,
		topicsProposed,
		topicVotes,
		pollsCreated: pollsCreated.map(({ id, ...poll }) => ({
			...poll,
			options: pollOptions.filter((option) => option.poll_id === id).map((option) => option.label)
		})),
		pollVotes,
		helpRequests,
		helpConversations: helpConversations.map(({ author_id, ...message }) => ({
			...message,
			from: author_id === accountId ? ('me' as const) : ('facilitator' as const)
		}))
	};
}
