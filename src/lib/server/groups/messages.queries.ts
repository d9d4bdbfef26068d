import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { MessageRow } from './message-view';

/**
 * Messages with their author's group name and, while they hold it, their role (drawn beside the
 * name, so no name can imitate it), and what they reply to: the shape every view needs.
 */
export function selectMessages(db: Kysely<DB>) {
	return db
		.selectFrom('group_message as message')
		.innerJoin('group_member as author', 'author.id', 'message.author_id')
		.leftJoin('group_message as reply', 'reply.id', 'message.reply_to_id')
		.leftJoin('group_member as reply_author', 'reply_author.id', 'reply.author_id')
		.select([
			'message.id',
			'message.seq',
			'message.rev',
			'message.client_id',
			'message.author_id',
			'author.display_name as author',
			(eb) =>
				eb
					.case()
					.when('author.status', '=', 'active')
					.then(eb.ref('author.role'))
					.end()
					.as('author_role'),
			'message.body',
			'message.status',
			'message.created_at',
			'reply.id as reply_id',
			'reply_author.display_name as reply_author',
			'reply.body as reply_body',
			'reply.status as reply_status'
		]);
}

export type { MessageRow };
