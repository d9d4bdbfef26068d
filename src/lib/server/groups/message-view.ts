import type { MessageView } from '$lib/realtime/messages';
import type { GroupRole, MessageStatus } from '../db/schema';

const EXCERPT_LENGTH = 80;

export interface MessageRow {
	id: string;
	seq: bigint;
	rev: bigint;
	client_id: string;
	author_id: string;
	/** Null for a former member. */
	author: string | null;
	/** Null unless the author is still active in the group. */
	author_role: GroupRole | null;
	body: string;
	status: MessageStatus;
	created_at: Date;
	reply_id: string | null;
	reply_author: string | null;
	reply_body: string | null;
	reply_status: MessageStatus | null;
}

/** A message in full, as its moderators and (while held) its author see it. */
export function fullView(row: MessageRow): MessageView {
	return {
		id: row.id,
		seq: Number(row.seq),
		rev: Number(row.rev),
		clientId: row.client_id,
		author: row.author,
		authorKey: row.author_id,
		authorRole: row.author_role === 'member' ? null : row.author_role,
		body: row.status === 'deleted' || row.status === 'withdrawn' ? '' : row.body,
		replyTo:
			row.reply_id !== null
				? {
						id: row.reply_id,
						author: row.reply_author,
						excerpt:
							row.reply_status === 'visible'
								? [...(row.reply_body ?? '')].slice(0, EXCERPT_LENGTH).join('')
								: ''
					}
				: null,
		status: row.status,
		at: row.created_at.toISOString()
	};
}

/** What the group's members see: a message hidden or taken away keeps its place but not its words. */
export function memberView(message: MessageView): MessageView {
	return message.status === 'hidden' ||
		message.status === 'deleted' ||
		message.status === 'withdrawn'
		? { ...message, body: '', replyTo: null }
		: message;
}
