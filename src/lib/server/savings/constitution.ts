import type { Kysely } from 'kysely';
import type { Actor } from '../access/actor';
import { requireAccess } from '../access/require';
import type { DB } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { repeatSafe } from '../forms/repeat-safe';
import { noticeMembers } from './notices';
import { loadSavingsGroup } from './savings-group-access';
import {
	rulesColumns,
	rulesProblems,
	type RulesField,
	type RulesProblem,
	type SavingsRules
} from './savings-rules';

export type RulesChangeRefusal =
	| { ok: false; problem: 'rules'; fields: Partial<Record<RulesField, RulesProblem>> }
	| { ok: false; problem: 'reason_needed' | 'currency_fixed' | 'no_open_cycle' | 'unchanged' };

/**
 * A change to the group's constitution, as the group agreed it: a new version of the cycle's
 * rules, with who recorded it and why; earlier versions stay, and every meeting keeps the version
 * it was held under. Loans keep the terms they were issued on. The currency is fixed once a cycle
 * has records in it.
 */
export async function changeSavingsRules(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string,
	input: { rules: SavingsRules; reason: string; formKey: string },
	now: Date
): Promise<{ ok: true; version: number } | RulesChangeRefusal> {
	const { result } = await inTransaction(db, async (trx) => {
		const context = await loadSavingsGroup(trx, actor, groupId, { lock: true });
		requireAccess(actor, 'savings:record', context.resource);
		return repeatSafe(trx, { scope: 'savings-rules', key: input.formKey, now }, async () => {
			const { cycle } = context;
			if (!cycle || cycle.state !== 'open') return { ok: false, problem: 'no_open_cycle' } as const;
			const reason = input.reason.trim();
			if (reason === '') return { ok: false, problem: 'reason_needed' } as const;
			const fields = rulesProblems(input.rules);
			if (Object.keys(fields).length > 0) return { ok: false, problem: 'rules', fields } as const;
			const columns = rulesColumns(input.rules);
			const current = rulesColumns(cycle.rules);
			if (
				Object.entries(columns).every(
					([key, value]) => current[key as keyof typeof current] === value
				)
			)
				return { ok: false, problem: 'unchanged' } as const;
			if (columns.currency !== current.currency) {
				const recorded = await trx
					.selectFrom('savings_meeting')
					.select('id')
					.where('cycle_id', '=', cycle.id)
					.executeTakeFirst();
				if (recorded) return { ok: false, problem: 'currency_fixed' } as const;
			}
			const version = cycle.rulesVersion + 1;
			await trx
				.insertInto('savings_rules')
				.values({ cycle_id: cycle.id, version, ...columns, reason, changed_by: context.member!.id })
				.execute();
			await noticeMembers(trx, { groupId, kind: 'rules', meetingId: null });
			return { ok: true, version } as const;
		});
	});
	return result;
}
