import type { MessageView } from '$lib/realtime/messages';
import { realtime } from '../realtime/attach';
import { accountRoom, groupModeratorRoom, groupRoom } from '../realtime/rooms';
import { memberView } from './message-view';

/*
 * What goes out over socket.io once a transaction has committed. Every change to a message goes
 * to the whole group in the form members see (held messages only to their author), and in full to
 * the moderators.
 */

/**
 * A message was stored or changed: `full` is the moderators' view of it. A former member's
 * account (null) has no phones to tell.
 */
export function broadcastMessage(
	groupId: string,
	full: MessageView,
	authorAccountId: string | null
): void {
	const io = realtime();
	if (!io) return;
	io.to(groupModeratorRoom(groupId)).emit('message', groupId, full);
	if (full.status === 'held') {
		// Only its author (on any of their phones) and the moderators know a held message exists.
		if (authorAccountId === null) return;
		io.to(accountRoom(authorAccountId))
			.except(groupModeratorRoom(groupId))
			.emit('message', groupId, full);
		return;
	}
	io.to(groupRoom(groupId))
		.except(groupModeratorRoom(groupId))
		.emit('message', groupId, memberView(full));
}

/** The account's sockets stop receiving the group at once (left, removed). */
export function closeGroupForAccount(groupId: string, accountId: string): void {
	const io = realtime();
	if (!io) return;
	const sockets = io.in(accountRoom(accountId));
	sockets.socketsLeave([groupRoom(groupId), groupModeratorRoom(groupId)]);
	sockets.emit('group:closed', groupId);
}

/** A facilitator stepped down: their sockets keep the group but lose the moderators' room. */
export function dropModeratorRoom(groupId: string, accountId: string): void {
	realtime()?.in(accountRoom(accountId)).socketsLeave(groupModeratorRoom(groupId));
}

/**
 * A crisis alert reaches the group's facilitators (their account ids) at once, on whatever page
 * they have open. It carries ids only: nothing a member wrote, not the group's name.
 */
export function alertModerators(groupId: string, alertId: string, accountIds: string[]): void {
	const io = realtime();
	if (!io || accountIds.length === 0) return;
	io.to(accountIds.map((accountId) => accountRoom(accountId))).emit('crisis:alert', {
		groupId,
		alertId
	});
}
