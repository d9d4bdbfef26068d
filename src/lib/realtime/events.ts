/**
 * The typed contract between the socket.io server and its browser clients. Each domain adds its
 * events here, so both ends are checked against one definition.
 */
import type { MessageView, SendError, SendMessageInput } from './messages';
import type { SupportMessageView } from './support-messages';

/** A poll or a topic new in a group: what a member's open page needs to show it. */
export interface GroupNews {
	kind: 'poll' | 'topic';
	id: string;
	/** The question or the title, as the group's members read it on the topics page. */
	title: string;
}

/** Events the server sends to a client. */
export interface ServerToClientEvents {
	/** A message was stored or changed (held, approved, hidden, deleted); newer `rev` wins. */
	message: (groupId: string, message: MessageView) => void;
	/**
	 * To the group's facilitators: a member pressed "I need help now"; to every coordinator
	 * (`escalated`) when no facilitator answered in time.
	 */
	'crisis:alert': (alert: { groupId: string; alertId: string; escalated?: boolean }) => void;
	/** To the member who asked for help: someone has answered. */
	'crisis:seen': () => void;
	/** A message in a member's private conversation with the facilitators (`memberId`'s). */
	'support:message': (
		thread: { groupId: string; memberId: string },
		message: SupportMessageView
	) => void;
	/** The group opened in the handshake (`HandshakeAuth`) is open: once, after connecting. */
	'group:opened': (answer: GroupOpened) => void;
	/** The member is no longer in the group (left on another phone, or removed). */
	'group:closed': (groupId: string) => void;
	/** To the member's phones: their mute in the group began or ended (the page reloads it). */
	'group:mute': (groupId: string) => void;
	/** To everyone with the group open: a poll or a topic was just added. */
	'group:news': (groupId: string, news: GroupNews) => void;
	/** To the group's facilitators: a message was held or reported, or a decision was made. */
	'review:changed': (groupId: string) => void;
}

/**
 * An answer. `busy`: the server is at capacity and did nothing; the same event may be sent again
 * after `retryAfterMs`.
 */
export type Answer<T> =
	({ ok: true } & T) | { ok: false; error: SendError; retryAfterS?: number; retryAfterMs?: number };

export type Ack<T> = (result: Answer<T>) => void;

/**
 * What a socket may say as it connects. `open`: a group to open at once, as `group:open` does, and
 * the point to catch up from; answered with `group:opened`.
 */
export interface HandshakeAuth {
	open: { groupId: string; afterRev: number };
}

/** The answer to opening a group in the handshake: the first page of what changed since. */
export type GroupOpened = Answer<{ changes: MessageChanges }>;

/**
 * Messages changed after a point, oldest change first, at most a page of them; `more` when further
 * changes wait for the next ask.
 */
export interface MessageChanges {
	messages: MessageView[];
	more: boolean;
}

/** Events a client sends to the server; each answers through an acknowledgement callback. */
export interface ClientToServerEvents {
	/**
	 * The groups the facilitator looks after whose calls for help wait for an answer, and whether
	 * the caller's own call still waits (a page that connects late learns it was answered).
	 */
	'crisis:waiting': (
		input: null,
		ack: Ack<{ groupIds: string[]; ownCallWaiting: boolean }>
	) => void;
	/**
	 * A private conversation with the facilitators, in full: the member's own (`memberId` null) or,
	 * for the group's moderators, a member's. Asked after every (re)connection to catch up.
	 */
	'support:sync': (
		input: { groupId: string; memberId: string | null },
		ack: Ack<{ messages: SupportMessageView[] }>
	) => void;
	/** Start receiving a group's messages live. */
	'group:open': (groupId: string, ack: Ack<object>) => void;
	/** The member has read the conversation up to `seq` (a message that arrived while they looked). */
	'group:read': (input: { groupId: string; seq: number }, ack: Ack<object>) => void;
	/**
	 * Store a message; resending the same `clientId` returns the same acknowledgement. Answered
	 * `busy` when the server is at capacity: nothing stored, send it again later.
	 */
	'message:send': (input: SendMessageInput, ack: Ack<{ message: MessageView }>) => void;
	/** The messages changed after `afterRev`. */
	'message:sync': (input: { groupId: string; afterRev: number }, ack: Ack<MessageChanges>) => void;
	/** The page of messages before `beforeSeq`, oldest first: history loads as the member scrolls. */
	'message:history': (
		input: { groupId: string; beforeSeq: number },
		ack: Ack<{ messages: MessageView[]; hasEarlier: boolean }>
	) => void;
}

/** Events between server processes (none: rooms cross processes through the adapter). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- kept empty on purpose
export interface InterServerEvents {}

/** What the server keeps on each socket after the handshake: whose it is. */
export interface SocketData {
	accountId: string;
	sessionId: string;
}
