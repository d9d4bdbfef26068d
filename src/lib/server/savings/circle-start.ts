import type { Kysely } from 'kysely';
import type { Actor } from '../access/actor';
import { requireAccess } from '../access/require';
import type { DB } from '../db/schema';
import { loadGroup } from '../groups';

/** A circle's member as a facilitator picks them: by their circle name, never their nickname. */
export interface CircleCandidate {
	/** The circle membership's id (createSavingsGroup's `circleMemberId`). */
	id: string;
	name: string;
}

/**
 * The circle a facilitator starts a savings group from, and its active members with an account,
 * whom the first officers are picked from. A 404 for anyone who may not start one there.
 */
export async function readCircleForSavings(
	db: Kysely<DB>,
	actor: Actor,
	circleId: unknown
): Promise<{ id: string; name: string; members: CircleCandidate[] }> {
	const circle = await loadGroup(db, actor, circleId);
	requireAccess(actor, 'savings:start-from-circle', circle.resource);
	const rows = await db
		.selectFrom('group_member')
		.select(['id', 'display_name'])
		.where('group_id', '=', circle.group.id)
		.where('status', '=', 'active')
		.where('account_id', 'is not', null)
		.where('display_name', 'is not', null)
		.orderBy('display_name_key')
		.execute();
	return {
		id: circle.group.id,
		name: circle.group.name,
		members: rows.map((row) => ({ id: row.id, name: row.display_name! }))
	};
}
