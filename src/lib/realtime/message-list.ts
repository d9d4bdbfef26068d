import type { MessageView } from './messages';

/**
 * Merges messages that arrived (a page, a sync, a live event) into a list ordered by position. A
 * message seen twice is kept once, in its latest form (the higher `rev`): events may arrive again
 * after a reconnect, or before the page that also holds them.
 */
export function mergeMessages(
	list: readonly MessageView[],
	arrived: readonly MessageView[]
): MessageView[] {
	const byId = new Map(list.map((message) => [message.id, message]));
	for (const message of arrived) {
		const known = byId.get(message.id);
		if (!known || known.rev <= message.rev) byId.set(message.id, message);
	}
	return [...byId.values()].sort((a, b) => a.seq - b.seq);
}

/** The highest change number among messages: what to ask the server for "after". */
export const latestRev = (messages: readonly MessageView[], since: number) =>
	messages.reduce((max, message) => Math.max(max, message.rev), since);
