import type { Transaction } from 'kysely';
import type { DB } from '../db/schema';
import type { CalendarDate } from './calendar-date';

/**
 * The meeting of the open cycle that money moved after the fact belongs to: only the latest one,
 * so that no later meeting's counts and charges were worked out on books that then change.
 */
export async function latestMeeting(
	trx: Transaction<DB>,
	cycleId: string
): Promise<{ id: string; heldOn: CalendarDate } | undefined> {
	const row = await trx
		.selectFrom('savings_meeting')
		.select(['id', 'held_on'])
		.where('cycle_id', '=', cycleId)
		.where('kind', '=', 'meeting')
		.orderBy('held_on', 'desc')
		.limit(1)
		.executeTakeFirst();
	return row && { id: row.id, heldOn: row.held_on };
}
