import type { GroupNews } from './events';
import { openSocket } from './open-socket';

export interface GroupFollower {
	/** The group is open on this connection: on the first connection, and again after each loss. */
	opened?: (first: boolean) => void;
	/** A poll or a topic was added to the group. */
	news?: (news: GroupNews) => void;
	/** The facilitators' review list changed (sent to the group's facilitators only). */
	reviewChanged?: () => void;
}

/**
 * Keeps a page about a group (not its discussion) told of what changes there, on a connection of
 * its own. The server decides on each `group:open` what the account may hear; this only listens.
 * It follows for as long as the page is open.
 */
export function followGroup(groupId: string, follower: GroupFollower): void {
	const socket = openSocket({ early: true });
	let first = true;
	socket.on('connect', async () => {
		const answer = await socket.emitWithAck('group:open', groupId).catch(() => null);
		if (!answer?.ok) return;
		follower.opened?.(first);
		first = false;
	});
	socket.on('group:news', (group, news) => {
		if (group === groupId) follower.news?.(news);
	});
	socket.on('review:changed', (group) => {
		if (group === groupId) follower.reviewChanged?.();
	});
}
