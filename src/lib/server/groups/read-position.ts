import { sql, type Kysely } from 'kysely';
import type { Actor } from '../access/actor';
import { requireAccess } from '../access/require';
import type { DB } from '../db/schema';
import { resolveGroup, type GroupRef } from './group-access';

/*
 * Where a member is in their circle: how far they have read its conversation, and when they last
 * looked at its topics and polls and at their own help conversation. What is new since then is
 * counted in circle-news.ts. Only active members have a place; staff looking in keep none.
 */

/**
 * The member has read the conversation up to `upTo`, a change number of the group: the `lastRev`
 * of the page they were shown, or the newest message their open page received. A position never
 * moves back (a second phone, a late event) nor past the last number the group handed out, so a
 * client cannot mark tomorrow's messages read. Where the membership already read says the member
 * is that far (a page shown again, nothing new since), nothing is written: the place could only
 * have moved on since it was read, and an update would write the row anew for no change.
 */
export async function markConversationRead(
	db: Kysely<DB>,
	actor: Actor,
	group: GroupRef,
	upTo: number
): Promise<void> {
	const { membership, resource } = await resolveGroup(db, actor, group);
	requireAccess(actor, 'group:take-part', resource);
	const seq = BigInt(Math.max(0, Math.floor(upTo)));
	if (seq <= membership!.last_read_seq) return;
	await db
		.updateTable('group_member')
		.set({
			last_read_seq: sql<bigint>`greatest(last_read_seq, least(${seq}::int8,
				(select last_seq from peer_group where peer_group.id = group_member.group_id)))`
		})
		.where('id', '=', membership!.id)
		.execute();
}

/** The member has looked, at `now`, at the circle's topics and polls, or at their help conversation. */
export async function markSeen(
	db: Kysely<DB>,
	actor: Actor,
	group: GroupRef,
	page: 'topics' | 'help',
	now: Date
): Promise<void> {
	const { membership, resource } = await resolveGroup(db, actor, group);
	requireAccess(actor, 'group:take-part', resource);
	await db
		.updateTable('group_member')
		.set(page === 'topics' ? { topics_seen_at: now } : { help_seen_at: now })
		.where('id', '=', membership!.id)
		.execute();
}
