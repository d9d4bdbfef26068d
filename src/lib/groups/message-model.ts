import type { MessageView } from '$lib/realtime/messages';

/*
 * What the server's drawing of a message (MessageBody.svelte) and a page's script drawing one
 * (conversation-script.ts) decide alike.
 */

/** How a message that waits for a facilitator stands out. */
export const HELD_MESSAGE_CLASS = 'border-2 border-dashed border-amber-400';

/** Which of its words a message shows: its own, or why there are none. */
export function messageShows(message: Pick<MessageView, 'status' | 'body'>) {
	if (message.status === 'deleted' || message.status === 'withdrawn') return message.status;
	return message.status === 'hidden' && !message.body ? 'hidden' : 'body';
}

/** The start of a message quoted in a reply (80 characters, never half of one). */
export const replyExcerpt = (body: string) => [...body].slice(0, 80).join('');
