import type { Kysely, Transaction } from 'kysely';
import { pseudonymKey } from '$lib/accounts/pseudonym-rules';
import type { Actor } from '../access/actor';
import { requireAccess } from '../access/require';
import { isUuid } from '../db/ids';
import type { DB, SavingsMeets, SavingsOfficer } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { repeatSafe } from '../forms/repeat-safe';
import { displayName, loadGroup } from '../groups';
import type { CalendarDate } from './calendar-date';
import { loadSavingsGroup } from './savings-group-access';
import {
	rulesColumns,
	rulesProblems,
	type RulesField,
	type RulesProblem,
	type SavingsRules
} from './savings-rules';
import { RECORDING_OFFICERS } from '../access/savings';

/** The method: a group is small enough that everyone knows everyone, big enough to lend. */
export const MIN_MEMBERS = 5;
export const MAX_MEMBERS = 30;

/** Someone the group knows by a name; `pseudonym` links the sign-in account it belongs to. */
export interface NewSavingsMember {
	name: string;
	officer: SavingsOfficer | null;
	/** A coordinator setting a group up links an officer's account by its sign-in nickname. */
	pseudonym?: string;
	/** A facilitator starting a group from a circle appoints from the circle's members. */
	circleMemberId?: string;
}

export interface NewSavingsGroup {
	name: string;
	meets: SavingsMeets;
	openBooks: boolean;
	practice: boolean;
	/** The circle whose members are offered the group, or null for a stand-alone group. */
	circleId: string | null;
	startsOn: CalendarDate;
	rules: SavingsRules;
	members: NewSavingsMember[];
	formKey: string;
}

export type MemberProblem =
	'name_invalid' | 'name_taken' | 'account_unknown' | 'account_twice' | 'not_in_circle';

export type SetupRefusal =
	| { ok: false; problem: 'rules'; fields: Partial<Record<RulesField, RulesProblem>> }
	| { ok: false; problem: 'member'; index: number; member: MemberProblem }
	| { ok: false; problem: 'no_recorder' }
	| { ok: false; problem: 'too_many_members' };

/**
 * Starts a savings group with its first cycle, its rules and its first members. A coordinator
 * sets up a stand-alone group; a circle's facilitator starts one for the circle, appointing its
 * first officers from the circle's members. At least one chair, secretary or treasurer must have
 * an account, or nobody could record. Repeat-safe by the form's key.
 */
export async function createSavingsGroup(
	db: Kysely<DB>,
	actor: Actor,
	input: NewSavingsGroup,
	now: Date
): Promise<{ ok: true; id: string } | SetupRefusal> {
	const { result } = await inTransaction(db, async (trx) => {
		if (input.circleId === null) requireAccess(actor, 'savings:create');
		else {
			const circle = await loadGroup(trx, actor, input.circleId);
			requireAccess(actor, 'savings:start-from-circle', circle.resource);
		}
		return repeatSafe(trx, { scope: 'savings-group', key: input.formKey, now }, async () => {
			const fields = rulesProblems(input.rules);
			if (Object.keys(fields).length > 0) return { ok: false, problem: 'rules', fields } as const;
			if (input.members.length > MAX_MEMBERS)
				return { ok: false, problem: 'too_many_members' } as const;
			const members = await resolveMembers(trx, input);
			if (!members.ok) return members;
			if (!members.rows.some((m) => m.accountId && RECORDING_OFFICERS.includes(m.officer!)))
				return { ok: false, problem: 'no_recorder' } as const;

			const group = await trx
				.insertInto('savings_group')
				.values({
					name: input.name.trim(),
					meets: input.meets,
					open_books: input.openBooks,
					practice: input.practice,
					circle_id: input.circleId,
					created_by: actor.id
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			const cycle = await trx
				.insertInto('savings_cycle')
				.values({ group_id: group.id, number: 1, starts_on: input.startsOn })
				.returning('id')
				.executeTakeFirstOrThrow();
			await trx
				.insertInto('savings_rules')
				.values({ cycle_id: cycle.id, version: 1, ...rulesColumns(input.rules) })
				.execute();
			await trx
				.insertInto('savings_member')
				.values(
					members.rows.map((m, index) => ({
						group_id: group.id,
						account_id: m.accountId,
						name: m.name,
						name_key: m.key,
						book_number: index + 1,
						officer: m.officer,
						joined_on: input.startsOn
					}))
				)
				.execute();
			return { ok: true, id: group.id } as const;
		});
	});
	return result;
}

interface ResolvedMember {
	name: string;
	key: string;
	officer: SavingsOfficer | null;
	accountId: string | null;
}

/** Names checked and unique; accounts found by nickname (staff) or circle membership. */
async function resolveMembers(
	trx: Transaction<DB>,
	input: NewSavingsGroup
): Promise<{ ok: true; rows: ResolvedMember[] } | SetupRefusal> {
	const rows: ResolvedMember[] = [];
	const refuse = (index: number, member: MemberProblem) =>
		({ ok: false, problem: 'member', index, member }) as const;
	for (const [index, member] of input.members.entries()) {
		let accountId: string | null = null;
		let typed = member.name;
		if (member.circleMemberId !== undefined) {
			if (input.circleId === null || !isUuid(member.circleMemberId))
				return refuse(index, 'not_in_circle');
			const row = await trx
				.selectFrom('group_member')
				.select(['account_id', 'display_name'])
				.where('id', '=', member.circleMemberId)
				.where('group_id', '=', input.circleId)
				.where('status', '=', 'active')
				.executeTakeFirst();
			if (!row?.account_id || !row.display_name) return refuse(index, 'not_in_circle');
			accountId = row.account_id;
			// The circle already knows them by this name; nobody learns a sign-in nickname.
			if (typed.trim() === '') typed = row.display_name;
		} else if (member.pseudonym !== undefined && member.pseudonym.trim() !== '') {
			const row = await trx
				.selectFrom('account')
				.select('id')
				.where('pseudonym_key', '=', pseudonymKey(member.pseudonym))
				.executeTakeFirst();
			if (!row) return refuse(index, 'account_unknown');
			accountId = row.id;
		}
		const name = displayName(typed);
		if (name.problem) return refuse(index, 'name_invalid');
		if (rows.some((r) => r.key === name.key)) return refuse(index, 'name_taken');
		if (accountId && rows.some((r) => r.accountId === accountId))
			return refuse(index, 'account_twice');
		rows.push({ name: name.name, key: name.key, officer: member.officer, accountId });
	}
	return { ok: true, rows };
}

/**
 * Adds someone to the group, by the name the group knows them by: a person without a phone or an
 * account, for whom the officers record. Officers and staff add members; at most MAX_MEMBERS are
 * active at once. Book numbers follow on.
 */
export async function addSavingsMember(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string,
	input: { name: string; officer: SavingsOfficer | null; joinedOn: CalendarDate }
): Promise<{ ok: true; id: string } | { ok: false; problem: MemberProblem | 'group_full' }> {
	return inTransaction(db, async (trx) => {
		const { resource } = await loadSavingsGroup(trx, actor, groupId, { lock: true });
		requireAccess(actor, 'savings:manage', resource);
		const name = displayName(input.name);
		if (name.problem) return { ok: false, problem: 'name_invalid' };
		const counts = await trx
			.selectFrom('savings_member')
			.select((eb) => [
				eb.fn.countAll<bigint>().filterWhere('status', '=', 'active').as('active'),
				eb.fn.max('book_number').as('last_book'),
				eb.fn.countAll<bigint>().filterWhere('name_key', '=', name.key).as('same_name')
			])
			.where('group_id', '=', groupId)
			.executeTakeFirstOrThrow();
		if (Number(counts.active) >= MAX_MEMBERS) return { ok: false, problem: 'group_full' };
		if (Number(counts.same_name) > 0) return { ok: false, problem: 'name_taken' };
		const row = await trx
			.insertInto('savings_member')
			.values({
				group_id: groupId,
				name: name.name,
				name_key: name.key,
				book_number: (counts.last_book ?? 0) + 1,
				officer: input.officer,
				joined_on: input.joinedOn
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		return { ok: true, id: row.id };
	});
}

/**
 * Gives a member an officer's label, or takes it away (null). The group keeps at least one chair,
 * secretary or treasurer with an account, or nobody could record.
 */
export async function appointOfficer(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string,
	input: { memberId: string; officer: SavingsOfficer | null }
): Promise<{ ok: true } | { ok: false; problem: 'not_member' | 'no_recorder' }> {
	return inTransaction(db, async (trx) => {
		const { resource } = await loadSavingsGroup(trx, actor, groupId, { lock: true });
		requireAccess(actor, 'savings:manage', resource);
		if (!isUuid(input.memberId)) return { ok: false, problem: 'not_member' };
		const members = await trx
			.selectFrom('savings_member')
			.select(['id', 'account_id', 'officer'])
			.where('group_id', '=', groupId)
			.where('status', '=', 'active')
			.execute();
		if (!members.some((m) => m.id === input.memberId)) return { ok: false, problem: 'not_member' };
		const after = members.map((m) =>
			m.id === input.memberId ? { ...m, officer: input.officer } : m
		);
		if (
			!after.some(
				(m) => m.account_id !== null && m.officer && RECORDING_OFFICERS.includes(m.officer)
			)
		)
			return { ok: false, problem: 'no_recorder' };
		await trx
			.updateTable('savings_member')
			.set({ officer: input.officer })
			.where('id', '=', input.memberId)
			.execute();
		return { ok: true };
	});
}
