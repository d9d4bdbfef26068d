import type { Kysely } from 'kysely';
import type { Actor } from '../access/actor';
import { requireAccess } from '../access/require';
import type { DB } from '../db/schema';
import { loadSavingsGroup, type CurrentCycle } from './savings-group-access';
import { rulesFromRow, type SavingsRules } from './savings-rules';

/** One version of a cycle's constitution. */
export interface RulesVersion {
	version: number;
	rules: SavingsRules;
	/** Why the group changed it; null for the rules the cycle started with. */
	reason: string | null;
	/** Who recorded the change: a member's name, or null for "former member" or the set-up. */
	changedBy: string | null;
	/** Whether a member recorded it (false for the version the cycle started with). */
	byMember: boolean;
	at: Date;
}

export interface RulesHistory {
	cycle: { number: number; state: CurrentCycle['state'] } | null;
	/** Newest first: the first is the constitution in force. Empty when no cycle is running. */
	versions: RulesVersion[];
}

/**
 * The current cycle's constitution and every earlier version of it, with who changed what and
 * why, for anyone who may see the group: the rules are every member's to read.
 */
export async function readRulesHistory(
	db: Kysely<DB>,
	actor: Actor,
	groupId: unknown
): Promise<RulesHistory> {
	const context = await loadSavingsGroup(db, actor, groupId);
	requireAccess(actor, 'savings:view', context.resource);
	const { cycle } = context;
	if (!cycle) return { cycle: null, versions: [] };
	const rows = await db
		.selectFrom('savings_rules as r')
		.leftJoin('savings_member as m', 'm.id', 'r.changed_by')
		.selectAll('r')
		.select(['m.name as changed_by_name'])
		.where('r.cycle_id', '=', cycle.id)
		.orderBy('r.version', 'desc')
		.execute();
	return {
		cycle: { number: cycle.number, state: cycle.state },
		versions: rows.map((row) => ({
			version: row.version,
			rules: rulesFromRow(row),
			reason: row.reason,
			changedBy: row.changed_by_name,
			byMember: row.changed_by !== null,
			at: row.created_at
		}))
	};
}
