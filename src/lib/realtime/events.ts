/**
 * The typed contract between the socket.io server and its browser clients. Each domain adds its
 * events here, so both ends are checked against one definition.
 */
import type { MessageView, SendError, SendMessageInput } from './messages';

/** Events the server sends to a client. */
export interface ServerToClientEvents {
	/** A message was stored or changed (held, approved, hidden, deleted); newer `rev` wins. */
	message: (groupId: string, message: MessageView) => void;
	/** To the group's facilitators: a member pressed "I need help now". */
	'crisis:alert': (alert: { groupId: string; alertId: string }) => void;
	/** The member is no longer in the group (left on another phone, or removed). */
	'group:closed': (groupId: string) => void;
}

export type Ack<T> = (
	result: ({ ok: true } & T) | { ok: false; error: SendError; retryAfterS?: number }
) => void;

/** Events a client sends to the server; each answers through an acknowledgement callback. */
export interface ClientToServerEvents {
	/** The groups the facilitator looks after whose calls for help wait for an answer. */
	'crisis:waiting': (input: null, ack: Ack<{ groupIds: string[] }>) => void;
	/** Start receiving a group's messages live. */
	'group:open': (groupId: string, ack: Ack<object>) => void;
	/** Store a message; resending the same `clientId` returns the same acknowledgement. */
	'message:send': (input: SendMessageInput, ack: Ack<{ message: MessageView }>) => void;
	/** Every message changed after `afterRev`, oldest change first, at most `limit`. */
	'message:sync': (
		input: { groupId: string; afterRev: number },
		ack: Ack<{ messages: MessageView[]; more: boolean }>
	) => void;
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
