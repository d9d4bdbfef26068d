import type { Kysely } from 'kysely';
import type { Actor } from '../access/actor';
import { requireAccess } from '../access/require';
import type { DB } from '../db/schema';

/**
 * The savings groups' part of "download my data": each savings group the member belongs to, their
 * place in it, every ledger entry in their name and their loans. Never another member's line.
 */
export async function exportOwnSavingsData(db: Kysely<DB>, actor: Actor) {
	requireAccess(actor, 'account:manage-own');
	const memberships = await db
		.selectFrom('savings_member as sm')
		.innerJoin('savings_group as g', 'g.id', 'sm.group_id')
		.select([
			'sm.id',
			'g.name as group',
			'g.practice',
			'sm.name',
			'sm.book_number',
			'sm.officer',
			'sm.status',
			'sm.joined_on',
			'sm.left_on'
		])
		.where('sm.account_id', '=', actor.id)
		.orderBy('sm.created_at')
		.execute();
	if (memberships.length === 0) return { savingsGroups: [] };
	const ids = memberships.map((membership) => membership.id);
	const [entries, loans] = await Promise.all([
		db
			.selectFrom('savings_entry as e')
			.innerJoin('savings_meeting as m', 'm.id', 'e.meeting_id')
			.innerJoin('savings_cycle as c', 'c.id', 'e.cycle_id')
			.select([
				'e.member_id',
				'c.number as cycle',
				'm.held_on',
				'e.kind',
				'e.fund',
				'e.currency',
				'e.cash',
				'e.owed',
				'e.shares',
				'e.savings',
				'e.note',
				'e.reverses',
				'e.id',
				'e.recorded_at'
			])
			.where('e.member_id', 'in', ids)
			.orderBy('e.seq')
			.execute(),
		db
			.selectFrom('savings_loan')
			.select([
				'id',
				'member_id',
				'principal',
				'currency',
				'issued_on',
				'due_on',
				'rate_bp',
				'charge_method',
				'term_months',
				'purpose',
				'brought_in'
			])
			.where('member_id', 'in', ids)
			.orderBy('issued_on')
			.execute()
	]);
	return {
		savingsGroups: memberships.map(({ id, ...membership }) => ({
			...membership,
			entries: entries.filter((e) => e.member_id === id).map(({ member_id: _, ...entry }) => entry),
			loans: loans.filter((l) => l.member_id === id).map(({ member_id: _, ...loan }) => loan)
		}))
	};
}
