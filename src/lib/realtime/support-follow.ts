import { openSocket } from './open-socket';
import type { SupportMessageView } from './support-messages';

/**
 * Keeps a private conversation with the facilitators live, on a connection of its own: the
 * member's own (`memberId` null) or, for a moderator, one member's. Every message is stored before
 * it is broadcast, and after every (re)connection the whole conversation is asked for again, so
 * whatever came while the phone was offline arrives; `receive` gets each message perhaps more
 * than once (merge by id). Returns the function that disconnects. Used by the conversation's own
 * script (support-thread-script.ts), which the page loads apart from the framework.
 */
export function followSupportThread(
	thread: { groupId: string; memberId: string | null },
	receive: (messages: SupportMessageView[]) => void
): () => void {
	const socket = openSocket({ early: true });
	socket.on('connect', async () => {
		// A moderator hears a member's messages in the group's moderators' room; the member hears
		// their own conversation on every connection of theirs.
		if (thread.memberId !== null) {
			const opened = await socket.emitWithAck('group:open', thread.groupId).catch(() => null);
			if (!opened?.ok) return;
		}
		const answer = await socket.emitWithAck('support:sync', thread).catch(() => null);
		if (answer?.ok) receive(answer.messages);
	});
	socket.on('support:message', (about, message) => {
		if (about.groupId !== thread.groupId) return;
		if (thread.memberId !== null && about.memberId !== thread.memberId) return;
		receive([message]);
	});
	// When the phone knows it lost the network, stop waiting on a dead connection; when it is
	// back, reconnect (and catch up) at once rather than after the back-off.
	const offline = () => socket.disconnect();
	const online = () => socket.connect();
	window.addEventListener('offline', offline);
	window.addEventListener('online', online);
	return () => {
		window.removeEventListener('offline', offline);
		window.removeEventListener('online', online);
		socket.close();
	};
}
