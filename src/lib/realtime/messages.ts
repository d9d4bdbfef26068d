/** A group message as a member's phone sees it, live or on a page. */
export interface MessageView {
	id: string;
	/** Position in the group. */
	seq: number;
	/** The group's number for this message's latest change. */
	rev: number;
	clientId: string;
	/** The author's display name in this group; null for a former member (account deleted). */
	author: string | null;
	/** The author's membership (never the account), so a phone knows its own messages. */
	authorKey: string;
	/** Set for a facilitator or co-facilitator in the group now; null for everyone else. */
	authorRole: 'facilitator' | 'co_facilitator' | null;
	/** Empty once hidden (for members), deleted, or withdrawn by its author. */
	body: string;
	replyTo: { id: string; author: string | null; excerpt: string } | null;
	status: 'visible' | 'held' | 'hidden' | 'deleted' | 'withdrawn';
	/** ISO 8601. */
	at: string;
}

export interface SendMessageInput {
	groupId: string;
	/** A UUID the phone made: the same id sent again is the same message. */
	clientId: string;
	body: string;
	replyToId?: string | null;
}

/** Why a message was not stored; each has a sentence in every language. */
export type SendError =
	| 'not_found'
	| 'invalid'
	| 'too_long'
	| 'empty'
	| 'hidden_characters'
	| 'muted'
	| 'paused'
	| 'slow'
	| 'too_fast'
	| 'unavailable'
	/** The server is at capacity and stored nothing; the phone sends it again by itself. */
	| 'busy';

export const MESSAGE_MAX_LENGTH = 2000;
