import { sql, type Kysely } from 'kysely';
import type { MessageView } from '$lib/realtime/messages';
import type { Actor } from '../access/actor';
import type { DB } from '../db/schema';

/** What is new in one circle for a member since they last looked (read-position.ts). */
export interface CircleNews {
	groupId: string;
	name: string;
	/** Messages of others that the member can read, after the place they had read up to. */
	messages: number;
	/** Topics and polls that others added since the member last looked at them. */
	topics: number;
	polls: number;
	/** Answers from the facilitators in the member's own help conversation, since they last looked. */
	replies: number;
}

const NEVER = sql<Date>`'-infinity'::timestamptz`;

/**
 * What is new in each circle the account is an active member of. A message counts when others can
 * read its words (visible: not held for review, hidden or taken away) and it is not the member's
 * own; `isUnread` below says the same of one message, for the "New" marker. One statement for
 * every circle and every kind.
 */
export async function listCircleNews(db: Kysely<DB>, actor: Actor): Promise<CircleNews[]> {
	if (actor.kind !== 'account') return [];
	const rows = await db
		.selectFrom('group_member as me')
		.innerJoin('peer_group as circle', 'circle.id', 'me.group_id')
		.select((eb) => [
			'circle.id as groupId',
			'circle.name',
			eb
				.selectFrom('group_message as message')
				.select(eb.fn.countAll<bigint>().as('n'))
				.whereRef('message.group_id', '=', 'me.group_id')
				.whereRef('message.seq', '>', 'me.last_read_seq')
				.whereRef('message.author_id', '<>', 'me.id')
				.where('message.status', '=', 'visible')
				.as('messages'),
			eb
				.selectFrom('group_topic as topic')
				.select(eb.fn.countAll<bigint>().as('n'))
				.whereRef('topic.group_id', '=', 'me.group_id')
				.where('topic.created_at', '>', eb.fn.coalesce('me.topics_seen_at', NEVER))
				.whereRef('topic.proposer_id', 'is distinct from', 'me.id')
				.as('topics'),
			eb
				.selectFrom('group_poll as poll')
				.select(eb.fn.countAll<bigint>().as('n'))
				.whereRef('poll.group_id', '=', 'me.group_id')
				.where('poll.created_at', '>', eb.fn.coalesce('me.topics_seen_at', NEVER))
				.whereRef('poll.author_id', 'is distinct from', 'me.account_id')
				.as('polls'),
			eb
				.selectFrom('support_message as reply')
				.select(eb.fn.countAll<bigint>().as('n'))
				.whereRef('reply.member_id', '=', 'me.id')
				.where('reply.created_at', '>', eb.fn.coalesce('me.help_seen_at', NEVER))
				.whereRef('reply.author_id', 'is distinct from', 'me.account_id')
				.as('replies')
		])
		.where('me.account_id', '=', actor.id)
		.where('me.status', '=', 'active')
		.orderBy('circle.name')
		.execute();
	return rows.map((row) => ({
		groupId: row.groupId,
		name: row.name,
		messages: Number(row.messages ?? 0),
		topics: Number(row.topics ?? 0),
		polls: Number(row.polls ?? 0),
		replies: Number(row.replies ?? 0)
	}));
}

/** Whether a message the member is shown is new to them: the count above, for one message. */
export function isUnread(
	message: Pick<MessageView, 'seq' | 'status' | 'authorKey'>,
	reader: { memberId: string; readUpTo: number }
): boolean {
	return (
		message.status === 'visible' &&
		message.authorKey !== reader.memberId &&
		message.seq > reader.readUpTo
	);
}
