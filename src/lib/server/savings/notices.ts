import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '../access/actor';
import { requireAccess } from '../access/require';
import type { DB, SavingsNoticeTable } from '../db/schema';

type NoticeKind = SavingsNoticeTable['kind'];

/**
 * Tells members with an account, in the app, that their books changed: a meeting recorded their
 * line, an entry of theirs was corrected, the rules changed, they were paid out. `memberIds`
 * narrows it to those members; without it, every active member is told. The notice says what
 * happened and where, never an amount: the passbook shows that to the member alone.
 */
export async function noticeMembers(
	trx: Transaction<DB>,
	notice: { groupId: string; kind: NoticeKind; meetingId: string | null; memberIds?: string[] }
): Promise<void> {
	if (notice.memberIds?.length === 0) return;
	let members = trx
		.selectFrom('savings_member')
		.select(['id'])
		.where('group_id', '=', notice.groupId)
		.where('account_id', 'is not', null);
	members = notice.memberIds
		? members.where('id', 'in', notice.memberIds)
		: members.where('status', '=', 'active');
	const rows = await members.execute();
	if (rows.length === 0) return;
	await trx
		.insertInto('savings_notice')
		.values(
			rows.map((row) => ({ member_id: row.id, kind: notice.kind, meeting_id: notice.meetingId }))
		)
		.execute();
}

/** The member's unread savings notices, across their groups, newest first. */
export async function listOwnSavingsNotices(db: Kysely<DB>, actor: Actor) {
	requireAccess(actor, 'account:manage-own');
	return db
		.selectFrom('savings_notice as n')
		.innerJoin('savings_member as sm', 'sm.id', 'n.member_id')
		.innerJoin('savings_group as g', 'g.id', 'sm.group_id')
		.leftJoin('savings_meeting as m', 'm.id', 'n.meeting_id')
		.select([
			'n.id',
			'g.id as groupId',
			'g.name as groupName',
			'n.kind',
			'm.held_on as heldOn',
			'n.created_at as createdAt'
		])
		.where('sm.account_id', '=', actor.id)
		.where('n.read_at', 'is', null)
		.orderBy('n.created_at', 'desc')
		.execute();
}

/** Marks the member's notices of one group read: they have looked at their passbook there. */
export async function markSavingsNoticesRead(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string,
	now: Date
): Promise<void> {
	requireAccess(actor, 'account:manage-own');
	await db
		.updateTable('savings_notice')
		.set({ read_at: now })
		.where('read_at', 'is', null)
		.where('member_id', 'in', (eb) =>
			eb
				.selectFrom('savings_member')
				.select('id')
				.where('group_id', '=', groupId)
				.where('account_id', '=', actor.id)
		)
		.execute();
}
