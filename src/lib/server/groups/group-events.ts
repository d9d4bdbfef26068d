import type { GroupNews } from '$lib/realtime/events';
import type { MessageView } from '$lib/realtime/messages';
import type { SupportMessageView } from '$lib/realtime/support-messages';
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

/**
 * The facilitators' review list changed (a message held or reported, a decision made): their open
 * review pages load it again. It carries no words: the page reads them through its access check.
 */
export function reviewChanged(groupId: string): void {
	realtime()?.to(groupModeratorRoom(groupId)).emit('review:changed', groupId);
}

/**
 * A poll or a topic reaches the open pages of everyone who may see the group, but the one who
 * added it: their own page already shows it.
 */
export function announceNews(groupId: string, news: GroupNews, byAccountId: string): void {
	realtime()
		?.to(groupRoom(groupId))
		.except(accountRoom(byAccountId))
		.emit('group:news', groupId, news);
}

/** The account's sockets stop receiving the group at once (left, removed). */
export function closeGroupForAccount(groupId: string, accountId: string): void {
	const io = realtime();
	if (!io) return;
	const sockets = io.in(accountRoom(accountId));
	sockets.socketsLeave([groupRoom(groupId), groupModeratorRoom(groupId)]);
	sockets.emit('group:closed', groupId);
}

/** The member's mute began or ended: their open pages of the group load it again. */
export function muteChanged(groupId: string, accountId: string): void {
	realtime()?.in(accountRoom(accountId)).emit('group:mute', groupId);
}

/** A facilitator stepped down: their sockets keep the group but lose the moderators' room. */
export function dropModeratorRoom(groupId: string, accountId: string): void {
	realtime()?.in(accountRoom(accountId)).socketsLeave(groupModeratorRoom(groupId));
}

/**
 * A crisis alert reaches the group's facilitators (their account ids) at once, on whatever page
 * they have open; `escalated` when it goes to the coordinators because nobody answered. It
 * carries ids only: nothing a member wrote, not the group's name.
 */
export function alertModerators(
	groupId: string,
	alertId: string,
	accountIds: string[],
	options: { escalated?: boolean } = {}
): void {
	const io = realtime();
	if (!io || accountIds.length === 0) return;
	io.to(accountIds.map((accountId) => accountRoom(accountId))).emit('crisis:alert', {
		groupId,
		alertId,
		...(options.escalated ? { escalated: true } : {})
	});
}

/** Someone answered the member's call for help: every phone of theirs hears it at once. */
export function tellMemberHelpIsComing(accountId: string): void {
	realtime()?.to(accountRoom(accountId)).emit('crisis:seen');
}

/**
 * A message in a member's private conversation with the facilitators: to the member's phones and
 * to the group's moderators (who may read every such conversation). A former member (null) has
 * no phones to tell.
 */
export function broadcastSupportMessage(
	thread: { groupId: string; memberId: string },
	memberAccountId: string | null,
	message: SupportMessageView
): void {
	const io = realtime();
	if (!io) return;
	const rooms = [groupModeratorRoom(thread.groupId)];
	if (memberAccountId) rooms.push(accountRoom(memberAccountId));
	io.to(rooms).emit('support:message', thread, message);
}
